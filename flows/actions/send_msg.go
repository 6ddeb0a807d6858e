package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeSendMsg is the type of SendMsg.
const TypeSendMsg = "send_msg"

func init() {
	mustRegister(TypeInfo{Name: TypeSendMsg, New: func() flows.Action { return &SendMsg{baseAction: newBase(TypeSendMsg, "")} },
		Description: "Sends a message to the contact", Category: CategoryMessaging})
}

// SendMsg sends a message to the contact. Text, attachments ("image/jpeg:http://...") and
// quick replies ("text" or "text<extra>more") are translatable templates; with a channel
// template whose translation exists for the message's channel, the template's content filled
// with the evaluated variables is sent instead.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "send_msg", "text": "Hi @contact.name, are you ready?", "attachments": [], "quick_replies": ["Yes", "No"]}
type SendMsg struct {
	baseAction
	Text              string                    `json:"text" validate:"required,max=10000"`
	Attachments       []string                  `json:"attachments,omitempty" validate:"max=10,dive,max=2048"`
	QuickReplies      []string                  `json:"quick_replies,omitempty" validate:"max=10,dive,max=1000"`
	Template          *assets.TemplateReference `json:"template,omitempty"`
	TemplateVariables []string                  `json:"template_variables,omitempty" validate:"max=10,dive,max=1000"`
	Topic             string                    `json:"topic,omitempty" validate:"omitempty,oneof=event account purchase agent"`
}

// Validate checks the fields.
func (a *SendMsg) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type: a background flow (a campaign event, say) may
// send messages too, as in the established engine.
func (a *SendMsg) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute evaluates the message and logs msg_created.
func (a *SendMsg) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	contact := run.Contact()

	text, lang := run.LocalizedText(a.UUID(), "text", a.Text)
	attachments, _ := run.LocalizedTexts(a.UUID(), "attachments", a.Attachments)
	quickReplies, _ := run.LocalizedTexts(a.UUID(), "quick_replies", a.QuickReplies)

	evaluatedText, _ := evaluate(run, text, nil, log)
	evaluatedAttachments := evaluateAttachments(run, attachments, log)
	evaluatedQuickReplies := evaluateQuickReplies(run, quickReplies, log)

	msg := newMsgOut(run, contact, evaluatedText, evaluatedAttachments, evaluatedQuickReplies, msgLocale(run, lang))

	if a.Template != nil {
		variables := make([]string, len(a.TemplateVariables))
		for i, v := range a.TemplateVariables {
			variables[i], _ = evaluate(run, v, nil, log)
		}
		applyTemplate(run, msg, a.Template, variables)
	}

	msg.UnsendableReason = unsendableReason(run, contact, msg)
	log(events.NewMsgCreated(msg))
	return nil
}

// Inspect reports the translatable texts, the template and its variables.
func (a *SendMsg) Inspect(ins flows.Inspector) {
	ins.LocalizedTemplates(a.UUID(), "text", []string{a.Text})
	ins.LocalizedTemplates(a.UUID(), "attachments", a.Attachments)
	ins.LocalizedTemplates(a.UUID(), "quick_replies", a.QuickReplies)
	if a.Template != nil {
		ins.Dependency(a.Template)
	}
	ins.Templates(a.TemplateVariables...)
}
