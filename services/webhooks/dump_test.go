package webhooks

import (
	"context"
	"net/http"
	"testing"

	"github.com/rivuletflows/rivulet/services"
)

// TestWireRequest checks the fast request writer against httputil.DumpRequestOut, and that
// it declines what it can't write exactly the same.
func TestWireRequest(t *testing.T) {
	tcs := []struct {
		name  string
		req   services.Request
		plain bool
	}{
		{"get", services.Request{Method: "GET", URL: "http://example.com/"}, true},
		{"get with query", services.Request{Method: "GET", URL: "https://example.com:8080/a/b?x=1&y=%20z#frag"}, true},
		{"unicode path", services.Request{Method: "GET", URL: "http://example.com/café?q=%C3%B1"}, true},
		{"unicode query", services.Request{Method: "GET", URL: "http://example.com/x?q=ñ"}, false},
		{"post json", services.Request{Method: "POST", URL: "http://example.com/hook", Headers: map[string]string{"Content-Type": "application/json"}, Body: `{"a": "<b>"}`}, true},
		{"post empty", services.Request{Method: "POST", URL: "http://example.com/hook"}, true},
		{"put empty", services.Request{Method: "PUT", URL: "http://example.com/hook"}, true},
		{"patch body", services.Request{Method: "PATCH", URL: "http://example.com/hook", Body: "x=1"}, true},
		{"delete empty", services.Request{Method: "DELETE", URL: "http://example.com/hook"}, true},
		{"delete body", services.Request{Method: "DELETE", URL: "http://example.com/hook", Body: "gone"}, true},
		{"get body", services.Request{Method: "GET", URL: "http://example.com/hook", Body: "odd"}, true},
		{"headers sorted", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"x-zeta": "1", "Authorization": "Token abc", "accept": "*/*", "X-Empty": ""}}, true},
		{"own encoding", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"Accept-Encoding": "br"}}, true},
		{"range", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"Range": "bytes=0-10"}}, true},
		{"own user agent", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"user-agent": "Flows/1.0"}}, true},
		{"user at host", services.Request{Method: "GET", URL: "http://bob:secret@example.com/x"}, true},
		{"ip and port", services.Request{Method: "GET", URL: "http://127.0.0.1:9000/x"}, true},
		{"host header", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"Host": "other.org"}}, true},
		{"head", services.Request{Method: "HEAD", URL: "http://example.com/"}, false},
		{"options", services.Request{Method: "OPTIONS", URL: "http://example.com/"}, false},
		{"ipv6", services.Request{Method: "GET", URL: "http://[::1]:80/"}, false},
		{"unicode host", services.Request{Method: "GET", URL: "http://exämple.com/"}, false},
		{"padded value", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"X-A": " padded "}}, false},
		{"unicode value", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"X-A": "café"}}, false},
		{"tab value", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"X-A": "a\tb"}}, false},
		{"connection", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"Connection": "close"}}, false},
		{"expect", services.Request{Method: "POST", URL: "http://example.com/", Headers: map[string]string{"Expect": "100-continue"}, Body: "x"}, false},
		{"content length", services.Request{Method: "POST", URL: "http://example.com/", Headers: map[string]string{"Content-Length": "99"}, Body: "x"}, false},
		{"bad name", services.Request{Method: "GET", URL: "http://example.com/", Headers: map[string]string{"X A": "1"}}, false},
	}
	for _, compression := range []bool{true, false} {
		w := New(Config{Transport: &http.Transport{DisableCompression: !compression}})
		for _, tc := range tcs {
			req, err := w.newRequest(context.Background(), tc.req.Method, &tc.req)
			if err != nil {
				t.Fatalf("%s: %s", tc.name, err)
			}
			fast, ok := wireRequest(req, tc.req.Body, compression)
			if ok != tc.plain {
				t.Errorf("%s (compression %v): expected plain=%v, got %v", tc.name, compression, tc.plain, ok)
			}
			if !ok {
				continue
			}
			dump, err := w.dumpRequest(req)
			if err != nil {
				t.Fatalf("%s: %s", tc.name, err)
			}
			if string(fast) != string(dump) {
				t.Errorf("%s (compression %v): expected\n%q\ngot\n%q", tc.name, compression, dump, fast)
			}
		}
	}
}
