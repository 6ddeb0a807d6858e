package actions

import (
	"strings"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils"
)

// msgDestination picks the URN and channel a message to the contact goes out on: the
// first URN of the contact that some channel can send to.
func msgDestination(contact *flows.Contact) (*flows.ContactURN, *assets.Channel) {
	for _, u := range contact.URNs() {
		if ch := contact.ChannelForURN(u, assets.ChannelRoleSend); ch != nil {
			return u, ch
		}
	}
	return nil, nil
}

// newMsgOut builds an outgoing message to the contact, routed and checked for sendability.
func newMsgOut(run flows.Run, contact *flows.Contact, text string, attachments []string, quickReplies []*events.QuickReply, locale envs.Locale) *events.MsgOut {
	msg := &events.MsgOut{Text: text, Attachments: attachments, QuickReplies: quickReplies, Locale: locale}
	if u, ch := msgDestination(contact); u != nil {
		msg.URN, msg.Channel = u.URN(), ch.Reference()
	}
	return msg
}

// unsendableReason says why a message can't be sent, or "" when it can.
func unsendableReason(run flows.Run, contact *flows.Contact, msg *events.MsgOut) string {
	switch contact.Status() {
	case flows.ContactStatusBlocked:
		return "contact_blocked"
	case flows.ContactStatusStopped:
		return "contact_stopped"
	case flows.ContactStatusArchived:
		return "contact_archived"
	}
	if msg.URN == "" || msg.Channel == nil {
		return "no_route"
	}
	return run.Session().UnsendableReason(msg)
}

// msgLocale is the locale of a message in lang: the language with the contact's country.
func msgLocale(run flows.Run, lang envs.Language) envs.Locale {
	return envs.NewLocale(lang, run.Env().DefaultCountry())
}

// applyTemplate sends the message as a channel template when the channel has a
// translation of it: the text, attachments and quick replies come from the template's
// components filled with the evaluated variables, and the message records the templating.
func applyTemplate(run flows.Run, msg *events.MsgOut, ref *assets.TemplateReference, variables []string) {
	if ref == nil || msg.Channel == nil {
		return
	}
	template := run.Session().Assets().Templates.Get(ref.UUID)
	if template == nil {
		return
	}
	candidates := []envs.Locale{
		envs.NewLocale(run.Env().DefaultLanguage(), run.Env().DefaultCountry()),
		run.Session().Env().DefaultLocale(),
	}
	tr := findTranslation(template, msg.Channel.UUID, candidates)
	if tr == nil {
		return
	}

	vars := make([]*events.TemplatingVariable, len(tr.Variables))
	for i, v := range tr.Variables {
		value := ""
		if i < len(variables) {
			value = variables[i]
		}
		vars[i] = &events.TemplatingVariable{Type: v.Type, Value: value}
	}

	templating := &events.Templating{Template: template.Reference()}
	var texts, attachments []string
	var quickReplies []*events.QuickReply
	for _, c := range tr.Components {
		if len(c.Variables) > 0 {
			templating.Components = append(templating.Components, &events.TemplatingComponent{Name: c.Name, Type: c.Type, Variables: c.Variables})
		}
		switch {
		case strings.HasSuffix(c.Type, "/media"):
			for _, idx := range c.Variables {
				if idx < len(vars) && isValidAttachment(vars[idx].Value) {
					attachments = append(attachments, vars[idx].Value)
				}
			}
		case strings.HasPrefix(c.Type, "button/quick_reply"):
			quickReplies = append(quickReplies, &events.QuickReply{Type: "text", Text: renderComponent(c, vars)})
		case strings.HasSuffix(c.Type, "/text"):
			if content := renderComponent(c, vars); content != "" {
				texts = append(texts, content)
			}
		}
	}
	if len(vars) > 0 {
		templating.Variables = vars
	}
	msg.Text = strings.Join(texts, "\n\n")
	msg.Attachments = attachments
	msg.QuickReplies = quickReplies
	msg.Templating = templating
	msg.Locale = tr.Locale
}

// findTranslation picks the template's translation for the channel, trying each locale in
// turn: first an exact match, then a match on language alone.
func findTranslation(t *assets.Template, channel utils.UUID, locales []envs.Locale) *assets.TemplateTranslation {
	var forChannel []*assets.TemplateTranslation
	for _, tr := range t.Translations {
		if tr.Channel != nil && tr.Channel.UUID == channel {
			forChannel = append(forChannel, tr)
		}
	}
	for _, l := range locales {
		for _, tr := range forChannel {
			if tr.Locale == l {
				return tr
			}
		}
		lang := localeLanguage(l)
		for _, tr := range forChannel {
			if localeLanguage(tr.Locale) == lang {
				return tr
			}
		}
	}
	return nil
}

func localeLanguage(l envs.Locale) string {
	s := string(l)
	if i := strings.IndexByte(s, '-'); i >= 0 {
		return s[:i]
	}
	return s
}

// renderComponent fills the {{n}} placeholders of a component's content.
func renderComponent(c assets.TemplateComponent, vars []*events.TemplatingVariable) string {
	content := c.Content
	for key, idx := range c.Variables {
		value := ""
		if idx < len(vars) {
			value = vars[idx].Value
		}
		content = strings.ReplaceAll(content, "{{"+key+"}}", value)
	}
	return content
}
