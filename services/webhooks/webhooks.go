// Package webhooks is the Webhook service over net/http: it sends the requests of
// call_webhook and call_resthook actions, records them as they went on the wire, refuses
// denied hosts (redirect targets included), and reaches only the addresses its
// netguard.Policy allows (by default nothing private: no loopback, private network or
// metadata address).
//
//	svc := &services.Services{Webhook: webhooks.New(webhooks.Config{DeniedHosts: webhooks.DefaultDeniedHosts()})}
package webhooks

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httputil"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/utils"
)

// Defaults of a Client, taken where Config leaves a zero value.
const (
	// DefaultTimeout bounds a whole call, reading the body included.
	DefaultTimeout = 15 * time.Second
	// DefaultUserAgent is sent when the request names no User-Agent.
	DefaultUserAgent = "rivulet"
	// DefaultRetryDelay is the pause before a retry when Config sets none.
	DefaultRetryDelay = time.Second
	// MaxRedirects is how many redirects a call follows before it fails.
	MaxRedirects = 10
)

// DefaultDeniedHosts returns the hosts webhooks may not call: platforms whose APIs are
// reached through channels, never from a flow.
func DefaultDeniedHosts() []string { return []string{"graph.facebook.com"} }

// Config configures a Client. Zero values take the defaults.
type Config struct {
	// Transport sends the requests: http.DefaultTransport when nil, a MockTransport in
	// replays.
	Transport http.RoundTripper
	// Timeout bounds each attempt (DefaultTimeout when zero).
	Timeout time.Duration
	// UserAgent is sent when the request has none (DefaultUserAgent when empty).
	UserAgent string
	// MaxResponseBytes caps the body read (services.MaxResponseBodyBytes when zero).
	MaxResponseBytes int
	// DeniedHosts are refused with a services.BlockedHostError, including as redirect targets and
	// with their subdomains (none when nil).
	DeniedHosts []string
	// Policy says which addresses calls may reach (netguard.Safe() when nil: nothing
	// private). It is checked on every URL before it is sent, redirects included, and,
	// when Transport is nil, on the resolved address of every connection. A Transport of
	// one's own must do the dial-time check itself (netguard.Policy.Transport).
	Policy *netguard.Policy
	// MaxRetries is how often a 429 or 503 response is retried (never when zero, as in
	// the recordings).
	MaxRetries int
	// RetryDelay is the pause before each retry (DefaultRetryDelay when zero).
	RetryDelay time.Duration
	// Clock times the calls (the real clock when nil).
	Clock utils.Clock
}

// Client is the services.Webhook implementation over net/http.
type Client struct {
	client      *http.Client
	userAgent   string
	maxBody     int
	denied      []string
	policy      *netguard.Policy
	maxRetries  int
	retryDelay  time.Duration
	clock       utils.Clock
	compression bool
	timeout     time.Duration
}

// New returns a webhook service with the given configuration.
func New(cfg Config) *Client {
	w := &Client{
		userAgent:   cfg.UserAgent,
		maxBody:     cfg.MaxResponseBytes,
		denied:      cfg.DeniedHosts,
		policy:      cfg.Policy,
		maxRetries:  cfg.MaxRetries,
		retryDelay:  cfg.RetryDelay,
		clock:       cfg.Clock,
		compression: true,
	}
	if w.userAgent == "" {
		w.userAgent = DefaultUserAgent
	}
	if w.maxBody <= 0 {
		w.maxBody = services.MaxResponseBodyBytes
	}
	if w.retryDelay <= 0 {
		w.retryDelay = DefaultRetryDelay
	}
	if w.clock == nil {
		w.clock = utils.RealClock{}
	}
	if w.policy == nil {
		w.policy = netguard.Safe()
	}
	w.timeout = cfg.Timeout
	if w.timeout <= 0 {
		w.timeout = DefaultTimeout
	}
	transport := cfg.Transport
	if transport == nil {
		transport = w.policy.Transport()
	}
	if t, ok := transport.(*http.Transport); ok && t.DisableCompression {
		w.compression = false
	}
	// the timeout is each attempt's context deadline rather than the client's Timeout,
	// which for transports other than http.Transport (mocks, instrumented wrappers) runs
	// a goroutine per request to enforce it
	w.client = &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return fmt.Errorf("stopped after %d redirects", MaxRedirects)
			}
			if netguard.HostDenied(req.URL.Hostname(), w.denied) {
				return &services.BlockedHostError{Hostname: strings.ToLower(req.URL.Hostname())}
			}
			return w.policy.CheckURL(req.URL)
		},
	}
	return w
}

// checkRequestURL refuses a URL that is not http or https with a host, with the error the
// standard HTTP client gives it (whatever transport is configured), which is the error the
// established engine logs for a call to a relative URL:
// Get "%7B%7BAPI_URL%7D%7D/status": unsupported protocol scheme "".
func checkRequestURL(method string, u *url.URL) error {
	var err error
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		err = fmt.Errorf("unsupported protocol scheme %q", u.Scheme)
	case u.Host == "":
		err = errors.New("http: no Host in request URL")
	default:
		return nil
	}
	return &url.Error{Op: method[:1] + strings.ToLower(method[1:]), URL: u.String(), Err: err}
}

// Call sends the request, retrying 429 and 503 responses as configured.
func (w *Client) Call(ctx context.Context, r *services.Request) (*services.Call, error) {
	u, err := url.Parse(r.URL)
	if err != nil {
		return nil, fmt.Errorf("invalid webhook url '%s': %w", r.URL, err)
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	if err := checkRequestURL(method, u); err != nil {
		return nil, err
	}
	if netguard.HostDenied(u.Hostname(), w.denied) {
		return nil, &services.BlockedHostError{Hostname: strings.ToLower(u.Hostname())}
	}
	refused := w.policy.CheckURL(u)

	call := &services.Call{Method: method, URL: r.URL}
	for attempt := 0; ; attempt++ {
		actx, cancel := context.WithTimeout(ctx, w.timeout)
		req, err := w.newRequest(actx, method, r)
		if err != nil {
			cancel()
			return nil, err
		}
		if attempt == 0 {
			if dump, ok := wireRequest(req, r.Body, w.compression); ok {
				call.Request = dump
			} else {
				if call.Request, err = w.dumpRequest(req); err != nil {
					cancel()
					return nil, err
				}
				// the dump read the body
				if req, err = w.newRequest(actx, method, r); err != nil {
					cancel()
					return nil, err
				}
			}
			call.RequestSize = len(call.Request)
			call.StartedOn = w.clock.Now()
			if refused != nil {
				// refused as written: a failed call, like a refusal at dial time
				cancel()
				call.Status, call.Err = services.CallStatusConnectionError, refused
				call.EndedOn = w.clock.Now()
				return call, nil
			}
		}
		w.do(req, call)
		cancel()
		if attempt >= w.maxRetries || !retryable(call.StatusCode) {
			break
		}
		select {
		case <-ctx.Done():
			call.EndedOn = w.clock.Now()
			return call, nil
		case <-time.After(w.retryDelay):
		}
		call.Retries++
	}
	call.EndedOn = w.clock.Now()
	return call, nil
}

func retryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

func (w *Client) newRequest(ctx context.Context, method string, r *services.Request) (*http.Request, error) {
	var body io.Reader
	if r.Body != "" {
		body = strings.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, method, r.URL, body)
	if err != nil {
		return nil, fmt.Errorf("invalid webhook request %s '%s': %w", method, r.URL, err)
	}
	keys := make([]string, 0, len(r.Headers))
	for k := range r.Headers {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.EqualFold(k, "Host") {
			req.Host = r.Headers[k]
			continue
		}
		req.Header.Set(k, r.Headers[k])
	}
	if req.Header.Get("User-Agent") == "" {
		req.Header.Set("User-Agent", w.userAgent)
	}
	return req, nil
}

// dumpRequest writes the request as the standard transport puts it on the wire, including
// the Accept-Encoding header that transport adds.
func (w *Client) dumpRequest(req *http.Request) ([]byte, error) {
	ownEncoding := req.Header.Get("Accept-Encoding") != ""
	dump, err := httputil.DumpRequestOut(req, true)
	if err != nil {
		return nil, fmt.Errorf("unable to write webhook request %s '%s': %w", req.Method, req.URL, err)
	}
	if !w.compression && !ownEncoding {
		// the dump's transport asks for gzip; ours does not
		if end := bytes.Index(dump, []byte("\r\n\r\n")); end >= 0 {
			head := bytes.Replace(dump[:end+2], []byte("Accept-Encoding: gzip\r\n"), nil, 1)
			dump = append(head, dump[end+2:]...)
		}
	}
	return dump, nil
}

// do makes one attempt and records its outcome on call.
func (w *Client) do(req *http.Request, call *services.Call) {
	call.Response, call.ResponseBody, call.ResponseHeaders = nil, nil, nil
	call.StatusCode, call.ResponseTooLarge, call.Err, call.ResponseSize = 0, false, nil, 0

	resp, err := w.client.Do(req)
	if err != nil {
		call.Status, call.Err = services.CallStatusConnectionError, err
		return
	}
	defer resp.Body.Close()

	call.StatusCode = resp.StatusCode
	call.ResponseHeaders = flattenHeaders(resp.Header)
	header := dumpResponseHeader(resp)

	body, err := io.ReadAll(io.LimitReader(resp.Body, int64(w.maxBody)+1))
	switch {
	case err != nil:
		call.Status, call.Err = services.CallStatusConnectionError, fmt.Errorf("unable to read response body: %w", err)
		call.Response, call.ResponseSize = header, len(header)+len(body)
		return
	case len(body) > w.maxBody:
		call.Status, call.ResponseTooLarge = services.CallStatusConnectionError, true
		call.Err = fmt.Errorf("webhook response exceeded the limit of %d bytes", w.maxBody)
		call.Response = header
		call.ResponseSize = len(header) + max(len(body), int(resp.ContentLength))
		return
	}
	call.ResponseBody = body
	call.Response = append(header, body...)
	call.ResponseSize = len(call.Response)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		call.Status = services.CallStatusSuccess
	} else {
		call.Status = services.CallStatusResponseError
	}
}

// dumpResponseHeader writes the status line and headers of a response the way the standard
// library writes a response: the length first, then the other headers sorted by name.
func dumpResponseHeader(resp *http.Response) []byte {
	var b bytes.Buffer
	text := resp.Status
	code := fmt.Sprintf("%03d", resp.StatusCode)
	if text == "" {
		text = http.StatusText(resp.StatusCode)
		if text == "" {
			text = "status code " + code
		}
	} else {
		text = strings.TrimPrefix(text, fmt.Sprintf("%d ", resp.StatusCode))
	}
	fmt.Fprintf(&b, "HTTP/%d.%d %s %s\r\n", resp.ProtoMajor, resp.ProtoMinor, code, text)
	if resp.ContentLength >= 0 && bodyAllowed(resp.StatusCode) {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", resp.ContentLength)
	} else if len(resp.TransferEncoding) > 0 {
		fmt.Fprintf(&b, "Transfer-Encoding: %s\r\n", strings.Join(resp.TransferEncoding, ", "))
	}
	_ = resp.Header.WriteSubset(&b, map[string]bool{"Content-Length": true, "Transfer-Encoding": true, "Trailer": true})
	b.WriteString("\r\n")
	return b.Bytes()
}

func bodyAllowed(status int) bool {
	return !(status >= 100 && status < 200) && status != http.StatusNoContent && status != http.StatusNotModified
}

func flattenHeaders(h http.Header) map[string]string {
	flat := make(map[string]string, len(h))
	for k, vs := range h {
		flat[k] = strings.Join(vs, ", ")
	}
	return flat
}
