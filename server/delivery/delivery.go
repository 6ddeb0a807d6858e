// Package delivery sends what flowserver's sinks deliver: webhooks (signed with HMAC-SHA256)
// and NATS JetStream messages, each carrying its event's UUID as an idempotency key. It also
// computes the retry schedule (exponential backoff with jitter). The outbox the requests come
// from is the server's; this package only sends.
package delivery

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"
)

// Destination types.
const (
	TypeWebhook = "webhook"
	TypeNATS    = "nats"
)

// Headers set on every delivery.
const (
	// IdempotencyHeader carries the event's UUID: the same event delivered twice (at least
	// once means it can be) carries the same key.
	IdempotencyHeader = "Idempotency-Key"
	// SignatureHeader carries "sha256=" and the hex HMAC-SHA256 of the body under the sink's
	// secret (webhooks only).
	SignatureHeader = "X-Rivulet-Signature"
	// SinkHeader names the sink that sent the delivery.
	SinkHeader = "X-Rivulet-Sink"
)

// Request is one rendered delivery: where it goes and what it carries.
type Request struct {
	Type        string            `json:"type"`
	URL         string            `json:"url,omitempty"`
	Method      string            `json:"method,omitempty"`
	Headers     map[string]string `json:"headers,omitempty"`
	TimeoutSecs int               `json:"timeout_secs,omitempty"`
	Subject     string            `json:"subject,omitempty"`
	Body        json.RawMessage   `json:"body"`
}

// Envelope is what a sender needs beside the request.
type Envelope struct {
	EventUUID string
	SinkUUID  string
	Secret    string
}

// Sender sends a request; an error means the attempt failed and may be retried.
type Sender interface {
	Send(ctx context.Context, req *Request, env *Envelope) error
}

// Sign returns the signature header value of a body under a secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether a signature header value is the body's under the secret, in
// constant time. It is what a receiver does.
func Verify(secret string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(signature))
}

// Backoff is the retry schedule: the delay after attempt n (1-based) is Base·2^(n-1),
// at most Max, of which a random part up to a half is taken off (jitter), so that
// deliveries failing together don't all come back at once.
type Backoff struct {
	Base, Max time.Duration
	// Rand returns a number in [0, 1); math/rand when nil.
	Rand func() float64
}

// Delay returns the wait after the given failed attempt.
func (b Backoff) Delay(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := b.Base
	for i := 1; i < attempt && d < b.Max; i++ {
		d *= 2
	}
	d = min(d, b.Max)
	r := b.Rand
	if r == nil {
		r = rand.Float64
	}
	return d - time.Duration(float64(d/2)*r())
}

// Router sends each request with the sender of its type.
type Router map[string]Sender

// Send sends the request with its type's sender.
func (r Router) Send(ctx context.Context, req *Request, env *Envelope) error {
	s := r[req.Type]
	if s == nil {
		return fmt.Errorf("no sender for destination type '%s'", req.Type)
	}
	return s.Send(ctx, req, env)
}
