package services

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestHTTPTraceJSON(t *testing.T) {
	tests := []struct {
		call Call
		want string
	}{
		{
			call: Call{URL: "http://temba.io/", Request: []byte("GET / HTTP/1.1\r\n\r\n"), Status: CallStatusConnectionError, RequestSize: 18},
			want: `{"url":"http://temba.io/","request":"GET / HTTP/1.1\r\n\r\n","elapsed_ms":0,"retries":0,"sizes":{"request":18,"response":0},"status":"connection_error"}`,
		},
		{
			call: Call{URL: "http://temba.io/", StatusCode: 200, Request: []byte("GET / HTTP/1.1\r\n\r\n"), Response: []byte("HTTP/1.0 200 OK\r\n\r\nok\x00"), Status: CallStatusSuccess},
			want: `{"url":"http://temba.io/","status_code":200,"request":"GET / HTTP/1.1\r\n\r\n","response":"HTTP/1.0 200 OK\r\n\r\nok","elapsed_ms":0,"retries":0,"sizes":{"request":0,"response":0},"status":"success"}`,
		},
	}
	for i, tc := range tests {
		got, err := json.Marshal(NewHTTPTrace(&tc.call))
		must(t, err, "marshal")
		want, _ := json.Marshal(json.RawMessage(tc.want))
		check(t, string(want), string(got), "[%d] json", i)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"abcdef", 6, "abcdef"},
		{"abcdefg", 6, "abc..."},
		{"ééééééé", 6, "ééé..."},
		{"", 6, ""},
	}
	for _, tc := range tests {
		check(t, tc.want, truncate(tc.in, tc.n), "truncate(%q, %d)", tc.in, tc.n)
	}
	long := NewHTTPTrace(&Call{URL: "http://x/" + strings.Repeat("u", 3000), Response: []byte("HTTP/1.0 200 OK\r\n\r\n" + strings.Repeat("é", 20000))})
	check(t, MaxLogTraceChars, len([]rune(long.Response)), "trace characters")
	check(t, MaxLogURLChars, len([]rune(long.URL)), "url characters")
}

func TestRequestSize(t *testing.T) {
	tests := []struct {
		req  Request
		want int
	}{
		{Request{Method: "GET", URL: "http://temba.io/"}, 33},
		{Request{Method: "POST", URL: "http://temba.io/", Body: "Hi"}, 36},
		{Request{Method: "POST", URL: "http://temba.io/", Headers: map[string]string{"A": "b"}, Body: "Hi"}, 42},
		// the recorded oversized body: 30 repeats of 1000 "abcdefghij" made 300034 bytes
		{Request{Method: "POST", URL: "http://temba.io/", Body: strings.Repeat("abcdefghij", 30000)}, 300034},
	}
	for _, tc := range tests {
		check(t, tc.want, RequestSize(&tc.req), "size of %s %s", tc.req.Method, tc.req.URL)
	}
}
