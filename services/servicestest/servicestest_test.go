package servicestest

import (
	"context"
	"errors"
	"testing"

	"github.com/rivuletflows/rivulet/services"
)

func TestNewTest(t *testing.T) {
	mocks, err := NewMockTransport([]byte(`{"http://temba.io/*": [{"status": 200, "body": "ok"}], "https://secure.io/": [{"status": 200, "body": "tls"}]}`))
	must(t, err, "mocks")
	svc := New(Config{Mocks: mocks, SMTPError: "smtp down"})
	ctx := context.Background()

	call, err := svc.Webhook.Call(ctx, &services.Request{Method: "GET", URL: "http://temba.io/x"})
	must(t, err, "webhook")
	check(t, services.CallStatusSuccess, call.Status, "webhook status")
	check(t, 1000, services.NewHTTPTrace(call).ElapsedMS, "elapsed on the replay clock")

	call, err = svc.Webhook.Call(ctx, &services.Request{Method: "POST", URL: "https://secure.io/", Body: "x"})
	must(t, err, "https webhook")
	check(t, "POST / HTTP/1.1\r\nHost: secure.io\r\nUser-Agent: "+UserAgent+"\r\nContent-Length: 1\r\nAccept-Encoding: gzip\r\n\r\nx", string(call.Request), "https request trace")
	check(t, "tls", string(call.ResponseBody), "https body")

	_, err = svc.Webhook.Call(ctx, &services.Request{Method: "GET", URL: "https://graph.facebook.com/"})
	var blocked *services.BlockedHostError
	check(t, true, errors.As(err, &blocked), "deny list on")

	check(t, "smtp down", svc.Email.Send(ctx, []string{"a@b.c"}, "s", "b").Error(), "email error")
	check(t, true, svc.Airtime != nil && svc.LLM != nil && svc.Classifier != nil && svc.Ticket != nil, "all services set")

	ticket, err := svc.Ticket.Open(ctx, &services.TicketRequest{})
	must(t, err, "ticket")
	check(t, services.TicketStatusOpen, ticket.Status, "ticket status")

	// without mocks every call is a broken test
	bare := New(Config{})
	call, err = bare.Webhook.Call(ctx, &services.Request{Method: "GET", URL: "http://temba.io/"})
	must(t, err, "bare webhook")
	check(t, services.CallStatusConnectionError, call.Status, "bare webhook status")
	var unmatched *UnmatchedRequestError
	check(t, true, errors.As(call.Err, &unmatched), "unmatched request error (%v)", call.Err)
}
