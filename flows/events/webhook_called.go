package events

import (
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

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

func (e *WebhookCalled) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	t := &e.HTTPTrace
	w.Raw(`,"url":`)
	w.String(t.URL)
	if t.StatusCode != 0 {
		w.Raw(`,"status_code":`)
		w.Int(int64(t.StatusCode))
	}
	w.Raw(`,"request":`)
	w.String(t.Request)
	if t.Response != "" {
		w.Raw(`,"response":`)
		w.String(t.Response)
	}
	w.Raw(`,"elapsed_ms":`)
	w.Int(int64(t.ElapsedMS))
	w.Raw(`,"retries":`)
	w.Int(int64(t.Retries))
	w.Raw(`,"sizes":{"request":`)
	w.Int(int64(t.Sizes.Request))
	w.Raw(`,"response":`)
	w.Int(int64(t.Sizes.Response))
	w.Raw(`},"status":`)
	w.String(string(t.Status))
	if e.Resthook != "" {
		w.Raw(`,"resthook":`)
		w.String(e.Resthook)
	}
	w.Byte('}')
}
