package events

import "github.com/rivuletflows/rivulet/services"

// TypeWebhookCalled is logged for every HTTP call of call_webhook and call_resthook.
const TypeWebhookCalled = "webhook_called"

func init() { register(TypeWebhookCalled, func() Event { return &WebhookCalled{} }) }

// WebhookCalled records one HTTP call: the raw request and response (the response trimmed
// to a limit), how long it took and how it went: success, response_error, connection_error
// or, for resthooks, subscriber_gone.
//
//	{"type": "webhook_called", "url": "http://temba.io/", "status_code": 200, "request": "GET / HTTP/1.1\r\n...", "response": "HTTP/1.0 200 OK\r\n...", "elapsed_ms": 1000, "retries": 0, "sizes": {"request": 85, "response": 71}, "status": "success"}
type WebhookCalled struct {
	Base
	services.HTTPTrace
	Resthook string `json:"resthook,omitempty"`
}

// NewWebhookCalled creates a webhook_called event; resthook is empty for plain webhooks.
func NewWebhookCalled(trace services.HTTPTrace, resthook string) *WebhookCalled {
	return &WebhookCalled{Base: NewBase(TypeWebhookCalled), HTTPTrace: trace, Resthook: resthook}
}
