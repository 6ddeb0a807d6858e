package services

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"strconv"
	"strings"
)

// Email sends the messages of send_email actions and ticket notifications.
type Email interface {
	// Send delivers one message; the error's text follows "Unable to send email: " in the
	// error event the action logs.
	Send(ctx context.Context, to []string, subject, body string) error
}

// SMTPConfig says where and as whom SMTPEmail sends.
type SMTPConfig struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
}

// SMTPEmail is the Email service over SMTP with optional PLAIN authentication.
type SMTPEmail struct {
	cfg SMTPConfig
}

// NewSMTPEmail returns an SMTP email service.
func NewSMTPEmail(cfg SMTPConfig) *SMTPEmail { return &SMTPEmail{cfg: cfg} }

// Send writes a plain text message to the configured server.
func (s *SMTPEmail) Send(ctx context.Context, to []string, subject, body string) error {
	if len(to) == 0 {
		return errors.New("no recipients")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, v := range append([]string{s.cfg.From, subject}, to...) {
		if strings.ContainsAny(v, "\r\n") {
			return fmt.Errorf("header value '%s' contains a line break", v)
		}
	}
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	var auth smtp.Auth
	if s.cfg.Username != "" {
		auth = smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)
	}
	var msg strings.Builder
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\n", s.cfg.From, strings.Join(to, ", "), subject)
	msg.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
	msg.WriteString(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n"))
	return smtp.SendMail(addr, auth, s.cfg.From, to, []byte(msg.String()))
}

// TestEmail is the stand-in email service of the recordings: every message is accepted,
// unless Error is set, when every message fails with that text (the reference cases'
// `smtp_error`).
type TestEmail struct {
	Error string
}

// NewTestEmail returns a test email service failing with smtpError when it is not empty.
func NewTestEmail(smtpError string) TestEmail { return TestEmail{Error: smtpError} }

// Send accepts or refuses the message without sending anything.
func (e TestEmail) Send(ctx context.Context, to []string, subject, body string) error {
	if e.Error != "" {
		return errors.New(e.Error)
	}
	return nil
}
