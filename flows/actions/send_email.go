package actions

import (
	"context"
	"strings"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeSendEmail is the type of SendEmail.
const TypeSendEmail = "send_email"

func init() {
	mustRegister(TypeInfo{Name: TypeSendEmail, New: func() flows.Action { return &SendEmail{baseAction: newBase(TypeSendEmail, "")} },
		Description: "Sends an email through the email service", Category: CategoryServices})
}

// SendEmail sends an email. Addresses are templates (a "mailto:" prefix is dropped);
// subject and body are translatable templates. An empty subject or body skips the email.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "send_email", "addresses": ["@urns.mailto"], "subject": "Here is your activation token", "body": "Your activation token is @contact.fields.activation_token"}
type SendEmail struct {
	baseAction
	Addresses []string `json:"addresses" validate:"required,min=1"`
	Subject   string   `json:"subject" validate:"required,max=1000"`
	Body      string   `json:"body" validate:"required,max=10000"`
}

// Validate checks the fields.
func (a *SendEmail) Validate() error { return validate(a) }

// AllowedFlowTypes allows flows that can call services.
func (a *SendEmail) AllowedFlowTypes() []flows.FlowType { return onlineTypes }

// Execute evaluates the email, sends it and logs email_sent.
func (a *SendEmail) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	var addresses []string
	for _, tpl := range a.Addresses {
		address, _ := evaluate(run, tpl, nil, log)
		address = strings.TrimPrefix(strings.TrimSpace(address), "mailto:")
		if address == "" {
			log(events.NewError("Email address evaluated to empty string, skipping"))
			continue
		}
		addresses = append(addresses, address)
	}

	subjectTpl, _ := run.LocalizedText(a.UUID(), "subject", a.Subject)
	bodyTpl, _ := run.LocalizedText(a.UUID(), "body", a.Body)

	subject, _ := evaluate(run, subjectTpl, nil, log)
	subject = strings.Join(strings.Fields(subject), " ") // no new lines or tabs in a subject
	if subject == "" {
		log(events.NewError("Email subject evaluated to empty string, skipping"))
		return nil
	}
	body, _ := evaluate(run, bodyTpl, nil, log)
	if strings.TrimSpace(body) == "" {
		log(events.NewError("Email body evaluated to empty string, skipping"))
		return nil
	}
	if len(addresses) == 0 {
		return nil
	}

	service := run.Session().Services().Email
	if service == nil {
		log(events.NewError("Unable to send email: no email service configured"))
		return nil
	}
	if err := service.Send(ctx, addresses, subject, body); err != nil {
		logServiceError(ctx, "Unable to send email: "+err.Error(), log)
		return nil
	}
	log(events.NewEmailSent(addresses, subject, body))
	return nil
}

// Inspect reports the address templates and the translatable subject and body.
func (a *SendEmail) Inspect(ins flows.Inspector) {
	ins.Templates(a.Addresses...)
	ins.LocalizedTemplates(a.UUID(), "subject", []string{a.Subject})
	ins.LocalizedTemplates(a.UUID(), "body", []string{a.Body})
}
