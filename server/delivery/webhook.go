package delivery

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/rivuletflows/rivulet/services/netguard"
)

// DefaultTimeout bounds a webhook delivery without its own timeout.
const DefaultTimeout = 10 * time.Second

// Webhooks sends webhook deliveries over HTTP, connecting only where the policy allows.
type Webhooks struct {
	client *http.Client
	policy *netguard.Policy
}

// NewWebhooks returns a webhook sender under the policy (netguard.Safe() when nil).
func NewWebhooks(policy *netguard.Policy) *Webhooks {
	if policy == nil {
		policy = netguard.Safe()
	}
	return &Webhooks{policy: policy, client: &http.Client{
		Transport: policy.Transport(),
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return fmt.Errorf("stopped after 5 redirects")
			}
			return policy.CheckURL(req.URL)
		},
	}}
}

// UserAgent is the User-Agent of webhook deliveries.
const UserAgent = "rivulet-flowserver"

// WireHeaders returns the headers a delivery is sent with: the sink's own (rendered) and
// those the sender sets, the idempotency key and sink for every type, and for webhooks a
// default Content-Type, the User-Agent and the signature over the body. A dry run shows
// them as they would have gone out.
func WireHeaders(req *Request, env *Envelope) map[string]string {
	h := http.Header{}
	if req.Type == TypeNATS {
		h.Set(nats.MsgIdHdr, env.SinkUUID+"/"+env.EventUUID)
		h.Set(IdempotencyHeader, env.EventUUID)
		h.Set(SinkHeader, env.SinkUUID)
		for k, v := range req.Headers {
			h.Set(k, v)
		}
	} else {
		for k, v := range req.Headers {
			h.Set(k, v)
		}
		if h.Get("Content-Type") == "" {
			h.Set("Content-Type", "application/json")
		}
		h.Set("User-Agent", UserAgent)
		h.Set(IdempotencyHeader, env.EventUUID)
		h.Set(SinkHeader, env.SinkUUID)
		h.Set(SignatureHeader, Sign(env.Secret, req.Body))
	}
	out := make(map[string]string, len(h))
	for k, vs := range h {
		out[k] = vs[0]
	}
	return out
}

// Send makes the request; any answer but a 2xx is a failure.
func (w *Webhooks) Send(ctx context.Context, req *Request, env *Envelope) error {
	u, err := url.Parse(req.URL)
	if err != nil {
		return fmt.Errorf("url '%s' doesn't read: %w", req.URL, err)
	}
	if err := w.policy.CheckURL(u); err != nil {
		return err
	}
	timeout := DefaultTimeout
	if req.TimeoutSecs > 0 {
		timeout = time.Duration(req.TimeoutSecs) * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	method := req.Method
	if method == "" {
		method = http.MethodPost
	}
	var body io.Reader
	if method != http.MethodGet {
		body = bytes.NewReader(req.Body)
	}
	hr, err := http.NewRequestWithContext(ctx, method, req.URL, body)
	if err != nil {
		return fmt.Errorf("unable to make request: %w", err)
	}
	for k, v := range WireHeaders(req, env) {
		hr.Header.Set(k, v)
	}
	resp, err := w.client.Do(hr)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, req.URL, err)
	}
	defer resp.Body.Close()
	snippet, _ := io.ReadAll(io.LimitReader(resp.Body, 256))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("%s %s: HTTP %d: %s", method, req.URL, resp.StatusCode, strings.TrimSpace(string(snippet)))
	}
	return nil
}
