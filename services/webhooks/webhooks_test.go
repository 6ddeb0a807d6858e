package webhooks

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/utils"
)

// loopbackServer serves the test handlers on 127.0.0.1.
func loopbackServer(t *testing.T) *httptest.Server {
	var unavailable atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"method":%q,"x":%q,"body":%q}`, r.Method, r.Header.Get("X-Thing"), readAll(r.Body))
	})
	mux.HandleFunc("/missing", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "not here", http.StatusNotFound) })
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(bytes.Repeat([]byte("X"), 50)) })
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte{0xff, 0xfe, 0x00, 'a'}) })
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		gz.Write([]byte(`{"zipped":true}`))
		gz.Close()
	})
	mux.HandleFunc("/flaky", func(w http.ResponseWriter, r *http.Request) {
		if unavailable.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok"))
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(2 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/to-facebook", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://graph.facebook.com/v1/me", http.StatusFound)
	})
	mux.HandleFunc("/host", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(r.Host)) })
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func readAll(r io.Reader) string {
	b, _ := io.ReadAll(r)
	return string(b)
}

func TestHTTPWebhookLoopback(t *testing.T) {
	srv := loopbackServer(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	host := strings.TrimPrefix(srv.URL, "http://")

	tests := []struct {
		name        string
		cfg         Config
		req         services.Request
		status      services.CallStatus
		code        int
		body        string
		retries     int
		tooLarge    bool
		reqTrace    string
		respPrefix  string
		traceSuffix string
	}{
		{
			name:       "GET json",
			req:        services.Request{Method: "GET", URL: srv.URL + "/json?a=1"},
			status:     services.CallStatusSuccess,
			code:       200,
			body:       `{"method":"GET","x":"","body":""}`,
			reqTrace:   "GET /json?a=1 HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: rivulet\r\nAccept-Encoding: gzip\r\n\r\n",
			respPrefix: "HTTP/1.1 200 OK\r\nContent-Length: 33\r\nContent-Type: application/json\r\nDate: ",
		},
		{
			name:     "POST with headers and body",
			cfg:      Config{UserAgent: "test-agent"},
			req:      services.Request{Method: "POST", URL: srv.URL + "/json", Headers: map[string]string{"X-Thing": "yes", "Content-Type": "text/plain"}, Body: "Hi there!"},
			status:   services.CallStatusSuccess,
			code:     200,
			body:     `{"method":"POST","x":"yes","body":"Hi there!"}`,
			reqTrace: "POST /json HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: test-agent\r\nContent-Length: 9\r\nContent-Type: text/plain\r\nX-Thing: yes\r\nAccept-Encoding: gzip\r\n\r\nHi there!",
		},
		{
			name:       "error status",
			req:        services.Request{Method: "GET", URL: srv.URL + "/missing"},
			status:     services.CallStatusResponseError,
			code:       404,
			body:       "not here\n",
			respPrefix: "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nContent-Type: text/plain; charset=utf-8\r\n",
		},
		{
			name:        "body over the limit",
			cfg:         Config{MaxResponseBytes: 49},
			req:         services.Request{Method: "GET", URL: srv.URL + "/big"},
			status:      services.CallStatusConnectionError,
			code:        200,
			tooLarge:    true,
			traceSuffix: "\r\n\r\n",
		},
		{
			name:   "body at the limit",
			cfg:    Config{MaxResponseBytes: 50},
			req:    services.Request{Method: "GET", URL: srv.URL + "/big"},
			status: services.CallStatusSuccess,
			code:   200,
			body:   strings.Repeat("X", 50),
		},
		{
			name:        "binary body",
			req:         services.Request{Method: "GET", URL: srv.URL + "/binary"},
			status:      services.CallStatusSuccess,
			code:        200,
			body:        "\xff\xfe\x00a",
			traceSuffix: "\r\n\r\n" + services.BinaryBodyPlaceholder,
		},
		{
			name:   "gzipped body",
			req:    services.Request{Method: "GET", URL: srv.URL + "/gzip"},
			status: services.CallStatusSuccess,
			code:   200,
			body:   `{"zipped":true}`,
		},
		{
			name:     "no compression asked",
			cfg:      Config{Transport: &http.Transport{DisableCompression: true}},
			req:      services.Request{Method: "GET", URL: srv.URL + "/json"},
			status:   services.CallStatusSuccess,
			code:     200,
			body:     `{"method":"GET","x":"","body":""}`,
			reqTrace: "GET /json HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: rivulet\r\n\r\n",
		},
		{
			name:    "retried when unavailable",
			cfg:     Config{MaxRetries: 2, RetryDelay: time.Millisecond},
			req:     services.Request{Method: "GET", URL: srv.URL + "/flaky"},
			status:  services.CallStatusSuccess,
			code:    200,
			body:    "ok",
			retries: 1,
		},
		{
			name:   "timeout",
			cfg:    Config{Timeout: 50 * time.Millisecond},
			req:    services.Request{Method: "GET", URL: srv.URL + "/slow"},
			status: services.CallStatusConnectionError,
		},
		{
			name:   "connection refused",
			req:    services.Request{Method: "POST", URL: closedURL + "/", Body: "x"},
			status: services.CallStatusConnectionError,
		},
		{
			name:   "redirect to a denied host",
			cfg:    Config{DeniedHosts: DefaultDeniedHosts()},
			req:    services.Request{Method: "GET", URL: srv.URL + "/to-facebook"},
			status: services.CallStatusConnectionError,
		},
		{
			name:   "host header",
			req:    services.Request{Method: "GET", URL: srv.URL + "/host", Headers: map[string]string{"host": "example.org"}},
			status: services.CallStatusSuccess,
			code:   200,
			body:   "example.org",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// the servers are on loopback, which only the explicit allowance reaches
			tc.cfg.Policy = netguard.AllowingPrivate(true)
			call, err := New(tc.cfg).Call(context.Background(), &tc.req)
			must(t, err, "call")
			check(t, tc.status, call.Status, "status")
			check(t, tc.code, call.StatusCode, "status code")
			check(t, tc.body, string(call.ResponseBody), "body")
			check(t, tc.retries, call.Retries, "retries")
			check(t, tc.tooLarge, call.ResponseTooLarge, "too large")
			check(t, tc.status == services.CallStatusConnectionError, call.Err != nil, "error set (%v)", call.Err)
			check(t, len(call.Request), call.RequestSize, "request size")
			if tc.reqTrace != "" {
				check(t, tc.reqTrace, string(call.Request), "request trace")
			}
			if tc.respPrefix != "" {
				check(t, true, strings.HasPrefix(string(call.Response), tc.respPrefix), "response trace %q starts %q", call.Response, tc.respPrefix)
			}
			trace := services.NewHTTPTrace(call)
			if tc.traceSuffix != "" {
				check(t, true, strings.HasSuffix(trace.Response, tc.traceSuffix), "logged response %q ends %q", trace.Response, tc.traceSuffix)
			}
			if tc.code == 0 {
				check(t, "", trace.Response, "logged response")
				check(t, true, call.ResponseHeaders == nil, "headers of no response")
			} else if !tc.tooLarge && tc.traceSuffix == "" {
				check(t, string(call.Response), trace.Response[:min(len(trace.Response), len(call.Response))], "logged response")
			}
			check(t, true, call.Elapsed() >= 0, "elapsed")
		})
	}
}

// TestHTTPWebhookRefusesPrivate calls a loopback server started here: the default
// configuration refuses it (a failed call whose error names the allowance, nothing
// received by the server), the explicit allowance reaches it, and a redirect to a
// metadata address is refused even then.
func TestHTTPWebhookRefusesPrivate(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if r.URL.Path == "/metadata" {
			http.Redirect(w, r, "http://169.254.169.254/latest/meta-data/", http.StatusFound)
			return
		}
		w.Write([]byte("internal"))
	}))
	defer srv.Close()
	_, port, _ := strings.Cut(strings.TrimPrefix(srv.URL, "http://"), ":")

	for _, u := range []string{srv.URL + "/", "http://localhost:" + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/", "http://2130706433:" + port + "/"} {
		call, err := New(Config{}).Call(context.Background(), &services.Request{Method: "GET", URL: u})
		must(t, err, "%s", u)
		check(t, services.CallStatusConnectionError, call.Status, "%s: status", u)
		refused, ok := netguard.IsRefused(call.Err)
		check(t, true, ok, "%s: refused (%v)", u, call.Err)
		if ok {
			check(t, true, strings.Contains(refused.Error(), "-"+netguard.AllowPrivateFlag), "%s: %q names the flag", u, refused)
		}
		check(t, true, len(call.Request) > 0, "%s: request trace", u)
		check(t, "", string(call.Response), "%s: no response", u)
	}
	check(t, int32(0), hits.Load(), "requests received while refused")

	allowed := New(Config{Policy: netguard.AllowingPrivate(true)})
	call, err := allowed.Call(context.Background(), &services.Request{Method: "GET", URL: srv.URL + "/"})
	must(t, err, "allowed call")
	check(t, services.CallStatusSuccess, call.Status, "allowed status (%v)", call.Err)
	check(t, "internal", string(call.ResponseBody), "allowed body")

	call, err = allowed.Call(context.Background(), &services.Request{Method: "GET", URL: srv.URL + "/metadata"})
	must(t, err, "redirect call")
	check(t, services.CallStatusConnectionError, call.Status, "redirect to metadata")
	refused, ok := netguard.IsRefused(call.Err)
	check(t, true, ok && refused.Kind == netguard.KindMetadata, "redirect refusal (%v)", call.Err)
}

// TestHTTPWebhookRedirectLimit follows MaxRedirects redirects and fails on the next.
func TestHTTPWebhookRedirectLimit(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/%d", &n)
		if n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/%d", n-1), http.StatusFound)
			return
		}
		w.Write([]byte("arrived"))
	}))
	defer srv.Close()
	w := New(Config{Policy: netguard.AllowingPrivate(true)})
	call, err := w.Call(context.Background(), &services.Request{Method: "GET", URL: fmt.Sprintf("%s/%d", srv.URL, MaxRedirects)})
	must(t, err, "at the limit")
	check(t, services.CallStatusSuccess, call.Status, "%d redirects (%v)", MaxRedirects, call.Err)
	call, err = w.Call(context.Background(), &services.Request{Method: "GET", URL: fmt.Sprintf("%s/%d", srv.URL, MaxRedirects+1)})
	must(t, err, "past the limit")
	check(t, services.CallStatusConnectionError, call.Status, "%d redirects", MaxRedirects+1)
	check(t, true, call.Err != nil && strings.Contains(call.Err.Error(), fmt.Sprintf("stopped after %d redirects", MaxRedirects)), "error %v", call.Err)
}

// TestHTTPWebhookTimeout: a server answering just within the timeout is read, one
// answering after it fails the call; the default timeout is DefaultTimeout.
func TestHTTPWebhookTimeout(t *testing.T) {
	check(t, 15*time.Second, DefaultTimeout, "default timeout")
	check(t, DefaultTimeout, New(Config{}).timeout, "timeout when none is configured")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d, _ := time.ParseDuration(r.URL.Query().Get("wait"))
		select {
		case <-time.After(d):
			w.Write([]byte("done"))
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	w := New(Config{Policy: netguard.AllowingPrivate(true), Timeout: 400 * time.Millisecond})
	call, err := w.Call(context.Background(), &services.Request{Method: "GET", URL: srv.URL + "/?wait=10ms"})
	must(t, err, "fast")
	check(t, services.CallStatusSuccess, call.Status, "within the timeout (%v)", call.Err)
	call, err = w.Call(context.Background(), &services.Request{Method: "GET", URL: srv.URL + "/?wait=2s"})
	must(t, err, "slow")
	check(t, services.CallStatusConnectionError, call.Status, "past the timeout")
}

// okTransport answers every request with a 200 "ok" without any network.
type okTransport struct{}

func (okTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{
		Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.0", ProtoMajor: 1,
		Header: http.Header{"Content-Length": {"2"}}, ContentLength: 2,
		Body: io.NopCloser(strings.NewReader("ok")), Request: req,
	}, nil
}

func TestHTTPWebhookRefusals(t *testing.T) {
	w := New(Config{DeniedHosts: DefaultDeniedHosts(), Transport: okTransport{}})
	tests := []struct{ url, err string }{
		{"https://graph.facebook.com/v25.0/1234/messages", "Webhook calls to graph.facebook.com are not allowed"},
		{"http://GRAPH.Facebook.com:8080/", "Webhook calls to graph.facebook.com are not allowed"},
		{":xxxxx", "invalid webhook url ':xxxxx'"},
		{"ftp://temba.io/", `Get "ftp://temba.io/": unsupported protocol scheme "ftp"`},
		{"http:///path", `Get "http:///path": http: no Host in request URL`},
		{"{{API_URL}}/status", `Get "%7B%7BAPI_URL%7D%7D/status": unsupported protocol scheme ""`},
		{"http://x.graph.facebook.com./", "Webhook calls to x.graph.facebook.com. are not allowed"},
	}
	for _, tc := range tests {
		call, err := w.Call(context.Background(), &services.Request{Method: "GET", URL: tc.url})
		if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
			t.Errorf("%s: want error %q, got %v", tc.url, tc.err, err)
		}
		check(t, true, call == nil, "%s: no call", tc.url)
	}
	_, err := w.Call(context.Background(), &services.Request{URL: "https://graph.facebook.com/"})
	var blocked *services.BlockedHostError
	check(t, true, errors.As(err, &blocked), "blocked error type")
	check(t, "graph.facebook.com", blocked.Hostname, "blocked host")
}

func TestHTTPWebhookClockReads(t *testing.T) {
	clock := utils.NewSequentialClock(utils.ReplayStart, time.Second)
	call, err := New(Config{Transport: okTransport{}, Clock: clock}).Call(context.Background(), &services.Request{Method: "GET", URL: "http://temba.io/"})
	must(t, err, "call")
	// the call reads the clock twice, as the recorded engine did
	check(t, utils.ReplayStart, call.StartedOn, "started")
	check(t, utils.ReplayStart.Add(time.Second), call.EndedOn, "ended")
	check(t, utils.ReplayStart.Add(2*time.Second), clock.Now(), "next read")
	log := services.NewHTTPLog(call)
	check(t, 1000, log.ElapsedMS, "elapsed")
	check(t, call.StartedOn, log.CreatedOn, "log time")
}
