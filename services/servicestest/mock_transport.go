package servicestest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/rivuletflows/rivulet/utils"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/rivuletflows/rivulet/services"
)

// MockResponse is one canned answer of a MockTransport, as written in a test's
// `http_mocks`:
//
//	{"status": 200, "headers": {"Content-Type": "application/json"}, "body": "{ \"ok\": true }"}
//
// A string body is sent as its text, any other JSON value as its compact JSON text, and
// the whole repeated BodyRepeat times when that is above one. Status 0 stands for a
// server that could not be reached.
type MockResponse struct {
	Status     int               `json:"status"`
	Headers    map[string]string `json:"headers,omitempty"`
	Body       json.RawMessage   `json:"body"`
	BodyRepeat int               `json:"body_repeat,omitempty"`

	body []byte
}

// MockTransport is an http.RoundTripper answering from canned responses, so that replays
// run the real webhook code path offline. Responses are keyed by URL pattern, where `*`
// matches any run of characters; of the patterns matching a URL the longest (not counting
// its `*`s) wins, and its responses are used once each, in order.
//
// A request with no response left is a broken test: it fails like a connection error and
// is recorded, for the replay to report through Err.
type MockTransport struct {
	mu       sync.Mutex
	patterns []*mockPattern
	errs     []error
}

type mockPattern struct {
	pattern   string
	parts     []string // pattern split on '*'
	literal   int      // length without '*'s
	responses []*MockResponse
	next      int
}

// UnmatchedRequestError is recorded for a request that no mocked response was left for.
type UnmatchedRequestError struct {
	Method, URL string
}

// Error names the request.
func (e *UnmatchedRequestError) Error() string {
	return fmt.Sprintf("no mocked HTTP response left for %s %s", e.Method, e.URL)
}

// ErrMockConnection is what a mocked response of status 0 fails with.
var ErrMockConnection = errors.New("unable to connect to server")

// NewMockTransport reads a test's `http_mocks` object. Empty input or null gives a
// transport with no responses.
func NewMockTransport(mocksJSON []byte) (*MockTransport, error) {
	t := &MockTransport{}
	trimmed := bytes.TrimSpace(mocksJSON)
	if len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return t, nil
	}
	var raw map[string][]*MockResponse
	if err := json.Unmarshal(trimmed, &raw); err != nil {
		return nil, fmt.Errorf("unable to read http_mocks: %w", utils.DescribeJSONError(err))
	}
	for pattern, responses := range raw {
		if pattern == "" {
			return nil, errors.New("http_mocks: URL pattern must not be empty")
		}
		for i, r := range responses {
			if r == nil {
				return nil, fmt.Errorf("http_mocks[%q][%d]: response must not be null", pattern, i)
			}
			if err := r.prepare(); err != nil {
				return nil, fmt.Errorf("http_mocks[%q][%d]: %w", pattern, i, err)
			}
		}
		t.add(pattern, responses)
	}
	return t, nil
}

// prepare validates the response and renders its body.
func (r *MockResponse) prepare() error {
	if r.Status != 0 && (r.Status < 100 || r.Status > 999) {
		return fmt.Errorf("field 'status' must be 0 or a HTTP status code, got %d", r.Status)
	}
	if r.BodyRepeat < 0 {
		return fmt.Errorf("field 'body_repeat' must not be negative, got %d", r.BodyRepeat)
	}
	if r.BodyRepeat > services.MaxResponseBodyBytes*10 {
		return fmt.Errorf("field 'body_repeat' must be at most %d, got %d", services.MaxResponseBodyBytes*10, r.BodyRepeat)
	}
	var one []byte
	raw := bytes.TrimSpace(r.Body)
	switch {
	case len(raw) == 0 || bytes.Equal(raw, []byte("null")):
	case raw[0] == '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return fmt.Errorf("field 'body': %w", err)
		}
		one = []byte(s)
	default:
		// any other JSON value is sent as its text exactly as written in the test file,
		// spacing and indentation kept, as the recorded sessions' test server did
		if !json.Valid(raw) {
			return fmt.Errorf("field 'body' is not valid JSON")
		}
		one = append([]byte(nil), raw...)
	}
	if r.BodyRepeat > 1 {
		one = bytes.Repeat(one, r.BodyRepeat)
	}
	r.body = one
	return nil
}

func (t *MockTransport) add(pattern string, responses []*MockResponse) {
	p := &mockPattern{pattern: pattern, parts: strings.Split(pattern, "*"), responses: responses}
	p.literal = len(pattern) - strings.Count(pattern, "*")
	t.patterns = append(t.patterns, p)
	// most specific first; ties broken by the pattern text so the order never depends
	// on map iteration
	sort.SliceStable(t.patterns, func(i, j int) bool {
		a, b := t.patterns[i], t.patterns[j]
		if a.literal != b.literal {
			return a.literal > b.literal
		}
		return a.pattern < b.pattern
	})
}

// matches reports whether s matches the pattern, `*` matching any run of characters.
func (p *mockPattern) matches(s string) bool {
	parts := p.parts
	if len(parts) == 1 {
		return s == parts[0]
	}
	if !strings.HasPrefix(s, parts[0]) {
		return false
	}
	s = s[len(parts[0]):]
	last := parts[len(parts)-1]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(s, part)
		if i < 0 {
			return false
		}
		s = s[i+len(part):]
	}
	return strings.HasSuffix(s, last)
}

// RoundTrip answers the request with the next response of the best matching pattern.
func (t *MockTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		req.Body.Close()
	}
	url := req.URL.String()

	t.mu.Lock()
	var resp *MockResponse
	for _, p := range t.patterns {
		if p.matches(url) {
			if p.next < len(p.responses) {
				resp = p.responses[p.next]
				p.next++
			}
			break
		}
	}
	if resp == nil {
		err := &UnmatchedRequestError{Method: req.Method, URL: url}
		t.errs = append(t.errs, err)
		t.mu.Unlock()
		return nil, err
	}
	t.mu.Unlock()

	if resp.Status == 0 {
		return nil, ErrMockConnection
	}
	header := make(http.Header, len(resp.Headers))
	for k, v := range resp.Headers {
		header.Set(k, v)
	}
	status := strconv.Itoa(resp.Status)
	if text := http.StatusText(resp.Status); text != "" {
		status += " " + text
	}
	return &http.Response{
		Status:        status,
		StatusCode:    resp.Status,
		Proto:         "HTTP/1.0",
		ProtoMajor:    1,
		ProtoMinor:    0,
		Header:        header,
		Body:          io.NopCloser(bytes.NewReader(resp.body)),
		ContentLength: int64(len(resp.body)),
		Request:       req,
	}, nil
}

// Err returns the requests that found no response left, joined, or nil when there were
// none: a replay reports them as a broken test.
func (t *MockTransport) Err() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return errors.Join(t.errs...)
}

// Unused returns how many mocked responses were never asked for, by pattern.
func (t *MockTransport) Unused() map[string]int {
	t.mu.Lock()
	defer t.mu.Unlock()
	unused := make(map[string]int)
	for _, p := range t.patterns {
		if n := len(p.responses) - p.next; n > 0 {
			unused[p.pattern] = n
		}
	}
	return unused
}
