package services

import "context"

// Email sends the messages of send_email actions and ticket notifications.
type Email interface {
	// Send delivers one message; the error's text follows "Unable to send email: " in the
	// error event the action logs.
	Send(ctx context.Context, to []string, subject, body string) error
}
