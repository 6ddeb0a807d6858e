// Package smtp is the Email service over SMTP: it sends the messages of send_email
// actions as plain text to one configured server.
//
//	svc := &services.Services{Email: smtp.New(smtp.Config{Host: "mail.example.com", Port: 587, From: "flows@example.com"})}
package smtp

import (
	"context"
	"errors"
	"fmt"
	"net"
	netsmtp "net/smtp"
	"strconv"
	"strings"

	"github.com/rivuletflows/rivulet/services"
)

var _ services.Email = (*Sender)(nil)

// Config says where and as whom a Sender sends.
type Config struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
}

// Sender is the services.Email implementation over SMTP, with optional PLAIN
// authentication.
type Sender struct {
	cfg Config
}

// New returns a Sender for the configured server.
func New(cfg Config) *Sender { return &Sender{cfg: cfg} }

// Send writes a plain text message to the configured server.
func (s *Sender) Send(ctx context.Context, to []string, subject, body string) error {
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
	var auth netsmtp.Auth
	if s.cfg.Username != "" {
		auth = netsmtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)
	}
	var msg strings.Builder
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\n", s.cfg.From, strings.Join(to, ", "), subject)
	msg.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
	msg.WriteString(strings.ReplaceAll(strings.ReplaceAll(body, "\r\n", "\n"), "\n", "\r\n"))
	return netsmtp.SendMail(addr, auth, s.cfg.From, to, []byte(msg.String()))
}
