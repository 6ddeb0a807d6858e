package servicestest

import (
	"context"
	"errors"
)

// Email is the stand-in email service of the recordings: every message is accepted,
// unless Error is set, when every message fails with that text (the reference cases'
// `smtp_error`).
type Email struct {
	Error string
}

// NewEmail returns a test email service failing with smtpError when it is not empty.
func NewEmail(smtpError string) Email { return Email{Error: smtpError} }

// Send accepts or refuses the message without sending anything.
func (e Email) Send(ctx context.Context, to []string, subject, body string) error {
	if e.Error != "" {
		return errors.New(e.Error)
	}
	return nil
}
