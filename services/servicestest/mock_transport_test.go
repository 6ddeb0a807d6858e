package servicestest

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestMockTransportPatterns(t *testing.T) {
	mocks := `{
		"http://temba.io/": [{"status": 200, "body": "exact"}],
		"http://temba.io/*": [{"status": 201, "body": "prefix 1"}, {"status": 202, "body": "prefix 2"}],
		"*": [{"status": 203, "body": "anything"}],
		"http://*.com/x*y": [{"status": 204, "body": ""}],
		"http://a.com/xz*": [{"status": 205, "body": {"a": [1, 2]}}],
		"http://rep.io/": [{"status": 200, "body": "ab", "body_repeat": 3}],
		"http://down.io/": [{"status": 0, "body": null}],
		"http://hdr.io/": [{"status": 404, "headers": {"content-type": "text/plain"}, "body": "nope"}]
	}`
	tr, err := NewMockTransport([]byte(mocks))
	must(t, err, "reading mocks")

	tests := []struct {
		url     string
		status  int
		body    string
		header  string
		connErr bool
		broken  bool
	}{
		{url: "http://temba.io/", status: 200, body: "exact"},
		{url: "http://temba.io/", broken: true}, // the exact pattern is used up
		{url: "http://temba.io/a?b=c", status: 201, body: "prefix 1"},
		{url: "http://temba.io/b", status: 202, body: "prefix 2"},
		{url: "http://temba.io/c", broken: true},
		{url: "http://a.com/xzy", status: 205, body: `{"a": [1, 2]}`}, // 15 literal characters beat 14; the body as written
		{url: "http://b.com/xzy", status: 204, body: ""},
		{url: "http://rep.io/", status: 200, body: "ababab"},
		{url: "http://down.io/", connErr: true},
		{url: "http://hdr.io/", status: 404, body: "nope", header: "text/plain"},
		{url: "https://other.org/", status: 203, body: "anything"},
		{url: "https://other.org/", broken: true},
	}
	for i, tc := range tests {
		req, _ := http.NewRequest("POST", tc.url, strings.NewReader("body"))
		resp, err := tr.RoundTrip(req)
		switch {
		case tc.broken:
			var unmatched *UnmatchedRequestError
			check(t, true, errors.As(err, &unmatched), "[%d] %s unmatched", i, tc.url)
		case tc.connErr:
			check(t, ErrMockConnection, err, "[%d] %s error", i, tc.url)
		default:
			must(t, err, "[%d] %s", i, tc.url)
			body, _ := io.ReadAll(resp.Body)
			check(t, tc.status, resp.StatusCode, "[%d] %s status", i, tc.url)
			check(t, tc.body, string(body), "[%d] %s body", i, tc.url)
			check(t, int64(len(tc.body)), resp.ContentLength, "[%d] %s length", i, tc.url)
			check(t, "HTTP/1.0", resp.Proto, "[%d] %s proto", i, tc.url)
			check(t, tc.header, resp.Header.Get("Content-Type"), "[%d] %s content type", i, tc.url)
		}
	}
	err = tr.Err()
	if err == nil {
		t.Fatal("broken requests not reported")
	}
	for _, want := range []string{"POST http://temba.io/c", "POST https://other.org/"} {
		check(t, true, strings.Contains(err.Error(), want), "error %q mentions %s", err, want)
	}
	check(t, 0, len(tr.Unused()), "unused responses")
}

func TestMockTransportUnused(t *testing.T) {
	tr, err := NewMockTransport([]byte(`{"http://x.io/": [{"status": 200, "body": "a"}, {"status": 200, "body": "b"}]}`))
	must(t, err, "reading mocks")
	check(t, 2, tr.Unused()["http://x.io/"], "unused before")
	req, _ := http.NewRequest("GET", "http://x.io/", nil)
	_, err = tr.RoundTrip(req)
	must(t, err, "round trip")
	check(t, 1, tr.Unused()["http://x.io/"], "unused after")
	must(t, tr.Err(), "no broken requests")
}

func TestMockTransportInvalid(t *testing.T) {
	tests := []struct{ json, err string }{
		{`[]`, "unable to read http_mocks"},
		{`{"": [{"status": 200}]}`, "URL pattern must not be empty"},
		{`{"http://x/": [null]}`, `http_mocks["http://x/"][0]: response must not be null`},
		{`{"http://x/": [{"status": 42}]}`, `http_mocks["http://x/"][0]: field 'status' must be 0 or a HTTP status code, got 42`},
		{`{"http://x/": [{"status": 200, "body_repeat": -1}]}`, `field 'body_repeat' must not be negative, got -1`},
		{`{"http://x/": [{"status": 200, "body_repeat": 100000000}]}`, `field 'body_repeat' must be at most`},
	}
	for _, tc := range tests {
		_, err := NewMockTransport([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: want error containing %q, got %v", tc.json, tc.err, err)
		}
	}
	for _, empty := range []string{"", "null", "  ", "{}"} {
		tr, err := NewMockTransport([]byte(empty))
		must(t, err, "empty mocks %q", empty)
		req, _ := http.NewRequest("GET", "http://x/", nil)
		if _, err := tr.RoundTrip(req); err == nil {
			t.Errorf("empty mocks %q answered a request", empty)
		}
	}
}

func TestMockPatternMatching(t *testing.T) {
	tests := []struct {
		pattern, url string
		match        bool
	}{
		{"http://a/", "http://a/", true},
		{"http://a/", "http://a/b", false},
		{"*", "", true},
		{"*", "anything", true},
		{"http://a/*", "http://a/", true},
		{"*/b", "http://a/b", true},
		{"*/b", "http://a/c", false},
		{"ab*ba", "aba", false},
		{"ab*ba", "abba", true},
		{"a*b*c", "axxbyyc", true},
		{"a*b*c", "axxcyyb", false},
		{"a**c", "ac", true},
	}
	for _, tc := range tests {
		p := &mockPattern{pattern: tc.pattern, parts: strings.Split(tc.pattern, "*")}
		check(t, tc.match, p.matches(tc.url), "%q matches %q", tc.pattern, tc.url)
	}
}
