package events

import "github.com/rivuletflows/rivulet/utils/jsonw"

// TypeEmailSent is logged when a flow sends an email.
const TypeEmailSent = "email_sent"

func init() { register(TypeEmailSent, func() Event { return &EmailSent{} }) }

// EmailSent says an email was sent through the email service.
//
//	{"type": "email_sent", "to": ["bob@example.com"], "subject": "Hi there", "body": "So I was thinking..."}
type EmailSent struct {
	Base
	To      []string `json:"to"`
	Subject string   `json:"subject"`
	Body    string   `json:"body"`
}

// NewEmailSent creates an email_sent event.
func NewEmailSent(to []string, subject, body string) *EmailSent {
	return &EmailSent{Base: NewBase(TypeEmailSent), To: to, Subject: subject, Body: body}
}

func (e *EmailSent) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"to":`)
	w.Strings(e.To)
	w.Raw(`,"subject":`)
	w.String(e.Subject)
	w.Raw(`,"body":`)
	w.String(e.Body)
	w.Byte('}')
}
