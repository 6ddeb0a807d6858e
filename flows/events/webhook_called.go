package events

import "time"

// TypeWebhookCalled is logged for every HTTP call of call_webhook and call_resthook.
const TypeWebhookCalled = "webhook_called"

// HTTPSizes are the sizes in bytes of a request and its response as sent and received.
type HTTPSizes struct {
	Request  int `json:"request"`
	Response int `json:"response"`
}

// WebhookCalled records one HTTP call: the raw request and response (the response trimmed
// to a limit), how long it took and how it went: success, response_error, connection_error
// or, for resthooks, subscriber_gone.
//
//	{"type": "webhook_called", "url": "http://temba.io/", "status_code": 200, "request": "GET / HTTP/1.1\r\n...", "response": "HTTP/1.0 200 OK\r\n...", "elapsed_ms": 1000, "retries": 0, "sizes": {"request": 85, "response": 71}, "status": "success"}
type WebhookCalled struct {
	Base
	URL        string    `json:"url"`
	StatusCode int       `json:"status_code,omitempty"`
	Request    string    `json:"request"`
	Response   string    `json:"response,omitempty"`
	ElapsedMS  int       `json:"elapsed_ms"`
	Retries    int       `json:"retries"`
	Sizes      HTTPSizes `json:"sizes"`
	Status     string    `json:"status"`
	Resthook   string    `json:"resthook,omitempty"`
}

// NewWebhookCalled creates a webhook_called event; resthook is empty for plain webhooks.
func NewWebhookCalled(log *HTTPLog, resthook string) *WebhookCalled {
	return &WebhookCalled{
		Base:       NewBase(TypeWebhookCalled),
		URL:        log.URL,
		StatusCode: log.StatusCode,
		Request:    log.Request,
		Response:   log.Response,
		ElapsedMS:  log.ElapsedMS,
		Retries:    log.Retries,
		Sizes:      log.Sizes,
		Status:     log.Status,
		Resthook:   resthook,
	}
}

// HTTPLog is the trace of an HTTP call made by a service (airtime, LLM, ...), as events
// carry it in their http_logs.
type HTTPLog struct {
	URL        string    `json:"url"`
	StatusCode int       `json:"status_code,omitempty"`
	Request    string    `json:"request"`
	Response   string    `json:"response,omitempty"`
	ElapsedMS  int       `json:"elapsed_ms"`
	Retries    int       `json:"retries"`
	Sizes      HTTPSizes `json:"sizes"`
	Status     string    `json:"status"`
	CreatedOn  time.Time `json:"created_on"`
}
