package services

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Limits of webhook calls, the ones the recorded engine enforced (its error and warning
// texts quote them). Actions check MaxRequestBytes before calling; implementations of
// Webhook read no more than MaxResponseBodyBytes of a response.
const (
	// MaxRequestBytes is the largest evaluated request (see RequestSize) worth sending.
	MaxRequestBytes = 262144
	// MaxResponseBodyBytes is the largest response body read; a larger one is dropped.
	MaxResponseBodyBytes = 100000
)

// Webhook performs the HTTP calls of call_webhook and call_resthook actions.
type Webhook interface {
	// Call sends the request and describes what happened. A failure to connect, an
	// address the network policy refuses (the Call's Err is then a netguard.RefusedError)
	// or a response too large is part of the returned Call, not an error; an error means
	// no request could be written (invalid URL, denied host, cancelled context).
	Call(ctx context.Context, req *Request) (*Call, error)
}

// Request is a webhook request as evaluated by an action.
type Request struct {
	Method  string
	URL     string
	Headers map[string]string
	Body    string
}

// RequestSize is the size a request is measured by against MaxRequestBytes: its request
// line, header lines, blank line and body, as "POST http://x/ HTTP/1.1\r\n...\r\n\r\nbody".
// This matches the size the recorded engine reported for an oversized body.
func RequestSize(req *Request) int {
	n := len(req.Method) + 1 + len(req.URL) + len(" HTTP/1.1\r\n")
	for k, v := range req.Headers {
		n += len(k) + 2 + len(v) + 2
	}
	return n + 2 + len(req.Body)
}

// CallStatus classifies the outcome of a call; it is the `status` of webhook_called events
// and HTTP logs.
type CallStatus string

// The outcomes of a call. Resthook actions report a 410 response as subscriber_gone.
const (
	CallStatusSuccess         CallStatus = "success"
	CallStatusConnectionError CallStatus = "connection_error"
	CallStatusResponseError   CallStatus = "response_error"
	CallStatusSubscriberGone  CallStatus = "subscriber_gone"
)

// Call is what happened during one webhook call: the raw traces as sent and received, the
// response as the flow sees it, and timing.
type Call struct {
	Method string
	URL    string
	// Request is the raw request as written on the wire.
	Request []byte
	// Response is the raw response header and body; empty when no response was received,
	// the header alone when the body was too large.
	Response []byte
	// ResponseBody is the body read, nil when none was received or it was too large.
	ResponseBody []byte
	// ResponseHeaders holds the response's headers, multiple values joined by ", "; nil
	// when no response was received.
	ResponseHeaders map[string]string
	// StatusCode is 0 when no response was received.
	StatusCode int
	Status     CallStatus
	// ResponseTooLarge is set when the body exceeded MaxResponseBodyBytes.
	ResponseTooLarge bool
	// Err says why the call failed to connect or read, when it did.
	Err       error
	StartedOn time.Time
	EndedOn   time.Time
	Retries   int
	// RequestSize and ResponseSize are the sizes of the full traces, the response counting
	// a dropped body by its declared length.
	RequestSize  int
	ResponseSize int
}

// Elapsed is how long the call took, retries included.
func (c *Call) Elapsed() time.Duration { return c.EndedOn.Sub(c.StartedOn) }

// JSON returns the response body when it is valid JSON, and nil otherwise: the value of
// @webhook.json and of a webhook result's extra.
func (c *Call) JSON() json.RawMessage {
	body := bytes.TrimSpace(c.ResponseBody)
	if len(body) == 0 || !json.Valid(body) {
		return nil
	}
	return json.RawMessage(body)
}

// ResthookStatus is the status of the call when made to a resthook subscriber, which
// answers 410 Gone to unsubscribe.
func (c *Call) ResthookStatus() CallStatus {
	if c.StatusCode == statusGone {
		return CallStatusSubscriberGone
	}
	return c.Status
}

// statusGone is the HTTP status (410 Gone) a resthook subscriber answers to unsubscribe.
const statusGone = 410

// BlockedHostError is returned for a call to a host on the deny list; nothing is sent.
type BlockedHostError struct{ Hostname string }

// Error gives the text of the error event the recorded engine logged.
func (e *BlockedHostError) Error() string {
	return fmt.Sprintf("Webhook calls to %s are not allowed", e.Hostname)
}
