package services

import (
	"context"
	"errors"
	"testing"
)

func TestNewTest(t *testing.T) {
	mocks, err := NewMockTransport([]byte(`{"http://temba.io/*": [{"status": 200, "body": "ok"}], "https://secure.io/": [{"status": 200, "body": "tls"}]}`))
	must(t, err, "mocks")
	svc := NewTest(TestConfig{Mocks: mocks, SMTPError: "smtp down"})
	ctx := context.Background()

	call, err := svc.Webhook.Call(ctx, &Request{Method: "GET", URL: "http://temba.io/x"})
	must(t, err, "webhook")
	check(t, CallStatusSuccess, call.Status, "webhook status")
	check(t, 1000, NewHTTPTrace(call).ElapsedMS, "elapsed on the replay clock")

	call, err = svc.Webhook.Call(ctx, &Request{Method: "POST", URL: "https://secure.io/", Body: "x"})
	must(t, err, "https webhook")
	check(t, "POST / HTTP/1.1\r\nHost: secure.io\r\nUser-Agent: "+TestUserAgent+"\r\nContent-Length: 1\r\nAccept-Encoding: gzip\r\n\r\nx", string(call.Request), "https request trace")
	check(t, "tls", string(call.ResponseBody), "https body")

	_, err = svc.Webhook.Call(ctx, &Request{Method: "GET", URL: "https://graph.facebook.com/"})
	var blocked *BlockedHostError
	check(t, true, errors.As(err, &blocked), "deny list on")

	check(t, "smtp down", svc.Email.Send(ctx, []string{"a@b.c"}, "s", "b").Error(), "email error")
	check(t, true, svc.Airtime != nil && svc.LLM != nil && svc.Classifier != nil && svc.Ticket != nil, "all services set")

	ticket, err := svc.Ticket.Open(ctx, &TicketRequest{})
	must(t, err, "ticket")
	check(t, TicketStatusOpen, ticket.Status, "ticket status")

	// without mocks every call is a broken test
	bare := NewTest(TestConfig{})
	call, err = bare.Webhook.Call(ctx, &Request{Method: "GET", URL: "http://temba.io/"})
	must(t, err, "bare webhook")
	check(t, CallStatusConnectionError, call.Status, "bare webhook status")
	var unmatched *UnmatchedRequestError
	check(t, true, errors.As(call.Err, &unmatched), "unmatched request error (%v)", call.Err)
}

func TestNew(t *testing.T) {
	svc := New(WebhookConfig{}, nil)
	check(t, true, svc.Webhook != nil, "webhook set")
	check(t, true, svc.Email == nil, "email unset without SMTP")
	svc = New(WebhookConfig{}, &SMTPConfig{Host: "127.0.0.1", Port: 25})
	check(t, true, svc.Email != nil, "email set with SMTP")
}
