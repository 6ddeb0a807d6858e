package webhooks

import (
	"bytes"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// wireRequest writes a request as net/http's transport puts it on the wire, the way
// httputil.DumpRequestOut records it, for the plain requests flows make: a common method,
// an ASCII host, header names that are tokens, values without control characters or
// surrounding blanks, and none of the headers the transport treats specially. It returns
// false for anything else, and the caller falls back to DumpRequestOut, which runs a whole
// transport over a fake connection (a goroutine, buffers, a parsed copy) and so cost more
// than the rest of a webhook call. Tests compare the two on many requests.
func wireRequest(req *http.Request, body string, compression bool) ([]byte, bool) {
	switch req.Method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return nil, false
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	if !plainHost(host) {
		return nil, false
	}
	uri := req.URL.RequestURI()
	if !plainText(uri) {
		return nil, false
	}
	keys := make([]string, 0, len(req.Header))
	for k, vs := range req.Header {
		if !plainToken(k) || len(vs) == 0 {
			return nil, false
		}
		switch k {
		case "Host", "Content-Length", "Transfer-Encoding", "Trailer", "Connection", "Expect",
			"Upgrade", "Te", "Proxy-Connection", "Keep-Alive":
			return nil, false
		}
		for _, v := range vs {
			if !plainValue(v) {
				return nil, false
			}
		}
		if k != "User-Agent" {
			keys = append(keys, k)
		}
	}
	userAgent := req.Header.Get("User-Agent")
	if userAgent == "" {
		return nil, false
	}
	sort.Strings(keys)

	var b bytes.Buffer
	b.Grow(256 + len(body))
	b.WriteString(req.Method)
	b.WriteByte(' ')
	b.WriteString(uri)
	b.WriteString(" HTTP/1.1\r\nHost: ")
	b.WriteString(host)
	b.WriteString("\r\nUser-Agent: ")
	b.WriteString(userAgent)
	b.WriteString("\r\n")
	// the transport sends a length for a body, and for an empty one on the methods whose
	// servers expect one
	if len(body) > 0 || req.Method == http.MethodPost || req.Method == http.MethodPut || req.Method == http.MethodPatch {
		b.WriteString("Content-Length: ")
		b.WriteString(strconv.Itoa(len(body)))
		b.WriteString("\r\n")
	}
	for _, k := range keys {
		for _, v := range req.Header[k] {
			b.WriteString(k)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteString("\r\n")
		}
	}
	// the transport asks for gzip when the request leaves the encoding to it
	if compression && req.Header.Get("Accept-Encoding") == "" && req.Header.Get("Range") == "" {
		b.WriteString("Accept-Encoding: gzip\r\n")
	}
	b.WriteString("\r\n")
	b.WriteString(body)
	return b.Bytes(), true
}

// plainHost accepts host names and IPv4 addresses with an optional port.
func plainHost(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == ':' || c == '_') {
			return false
		}
	}
	return true
}

// plainText rejects control characters and non-ASCII bytes.
func plainText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// plainValue is a header value the transport writes unchanged: printable ASCII without
// surrounding blanks.
func plainValue(v string) bool {
	if v == "" {
		return true
	}
	if v[0] == ' ' || v[len(v)-1] == ' ' {
		return false
	}
	return plainText(v)
}

// plainToken is a header name made of token characters.
func plainToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return true
}
