package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeSendBroadcast is the type of SendBroadcast.
const TypeSendBroadcast = "send_broadcast"

func init() {
	mustRegister(TypeInfo{Name: TypeSendBroadcast, New: func() flows.Action { return &SendBroadcast{baseAction: newBase(TypeSendBroadcast, "")} },
		Description: "Sends a message to other contacts, groups, a query's results or URNs", Category: CategoryMessaging})
}

// SendBroadcast sends a message to recipients other than the contact. The message is
// evaluated in every language of the flow so that each recipient gets it in theirs.
// Groups and queries can't be used during batch starts.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "send_broadcast", "urns": ["tel:+12065551212"], "text": "Hi @contact.name, are you ready?"}
type SendBroadcast struct {
	baseAction
	recipientsAction
	Text              string                    `json:"text" validate:"required,max=10000"`
	Attachments       []string                  `json:"attachments,omitempty" validate:"max=10,dive,max=2048"`
	QuickReplies      []string                  `json:"quick_replies,omitempty" validate:"max=10,dive,max=1000"`
	Template          *assets.TemplateReference `json:"template,omitempty"`
	TemplateVariables []string                  `json:"template_variables,omitempty" validate:"max=10,dive,max=1000"`
}

// Validate checks the fields.
func (a *SendBroadcast) Validate() error { return validate(a) }

// AllowedFlowTypes allows flows that can call services.
func (a *SendBroadcast) AllowedFlowTypes() []flows.FlowType { return onlineTypes }

// Execute evaluates the recipients and translations and logs broadcast_created.
func (a *SendBroadcast) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if len(a.Groups) > 0 && run.Session().BatchStart() {
		log(events.NewError("Can't send broadcasts to groups during batch starts"))
		return nil
	}
	r := a.resolve(run, log)
	if r.empty() {
		return nil
	}

	base := run.FlowLanguage()
	languages := append([]envs.Language{base}, run.FlowLanguages()...)
	translations := make(map[envs.Language]*events.BroadcastTranslation, len(languages))
	for _, lang := range languages {
		if _, done := translations[lang]; done {
			continue
		}
		text := a.Text
		if texts := run.TranslatedTexts(lang, a.UUID(), "text", []string{a.Text}); len(texts) > 0 {
			text = texts[0]
		}
		evaluated, _ := evaluate(run, text, nil, log)
		translations[lang] = &events.BroadcastTranslation{
			Text:         evaluated,
			Attachments:  evaluateAttachments(run, run.TranslatedTexts(lang, a.UUID(), "attachments", a.Attachments), log),
			QuickReplies: evaluateQuickReplies(run, run.TranslatedTexts(lang, a.UUID(), "quick_replies", a.QuickReplies), log),
		}
	}

	event := events.NewBroadcastCreated(translations, base, r.groups, r.contacts, r.query, r.urns)
	if a.Template != nil {
		if template := run.Session().Assets().Templates.Get(a.Template.UUID); template != nil {
			event.Template = template.Reference()
			for _, v := range a.TemplateVariables {
				evaluated, _ := evaluate(run, v, nil, log)
				event.TemplateVariables = append(event.TemplateVariables, evaluated)
			}
		}
	}
	log(event)
	return nil
}

// Inspect reports the recipients, the translatable message and the template.
func (a *SendBroadcast) Inspect(ins flows.Inspector) {
	a.recipientsAction.inspect(ins)
	ins.LocalizedTemplates(a.UUID(), "text", []string{a.Text})
	ins.LocalizedTemplates(a.UUID(), "attachments", a.Attachments)
	ins.LocalizedTemplates(a.UUID(), "quick_replies", a.QuickReplies)
	if a.Template != nil {
		ins.Dependency(a.Template)
	}
	ins.Templates(a.TemplateVariables...)
}
