package servicestest

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// recordedCall is a webhook_called event as recorded.
type recordedCall struct {
	Type       string              `json:"type"`
	URL        string              `json:"url"`
	StatusCode int                 `json:"status_code"`
	Request    string              `json:"request"`
	Response   string              `json:"response"`
	ElapsedMS  int                 `json:"elapsed_ms"`
	Retries    int                 `json:"retries"`
	Status     services.CallStatus `json:"status"`
}

// recordedSession is what we read of a runner test file or a reference case: its mocks and
// the events of each sprint.
type recordedSession struct {
	name    string
	mocks   json.RawMessage
	sprints [][]json.RawMessage
}

func readRecordedSessions(t *testing.T, dir string) []recordedSession {
	var sessions []recordedSession
	runnerFiles, _ := filepath.Glob(filepath.Join(dir, "runner", "*.test*.json"))
	for _, f := range runnerFiles {
		var test struct {
			HTTPMocks json.RawMessage `json:"http_mocks"`
			Outputs   []struct {
				Events []json.RawMessage `json:"events"`
			} `json:"outputs"`
		}
		testutil.ReadJSON(t, f, &test)
		s := recordedSession{name: filepath.Base(f), mocks: test.HTTPMocks}
		for _, o := range test.Outputs {
			s.sprints = append(s.sprints, o.Events)
		}
		sessions = append(sessions, s)
	}
	for _, action := range []string{"call_webhook", "call_resthook"} {
		var cases []struct {
			Description string            `json:"description"`
			HTTPMocks   json.RawMessage   `json:"http_mocks"`
			Events      []json.RawMessage `json:"events"`
		}
		testutil.ReadJSON(t, filepath.Join(dir, "reference", "actions", action+".json"), &cases)
		for _, c := range cases {
			sessions = append(sessions, recordedSession{name: action + ": " + c.Description, mocks: c.HTTPMocks, sprints: [][]json.RawMessage{c.Events}})
		}
	}
	return sessions
}

// requestFromTrace rebuilds the request an action evaluated from the trace it produced.
func requestFromTrace(t *testing.T, url, trace string) *services.Request {
	head, body, ok := strings.Cut(trace, "\r\n\r\n")
	if !ok {
		t.Fatalf("no blank line in %q", trace)
	}
	lines := strings.Split(head, "\r\n")
	method, _, _ := strings.Cut(lines[0], " ")
	req := &services.Request{Method: method, URL: url, Body: body, Headers: map[string]string{}}
	for _, line := range lines[1:] {
		k, v, _ := strings.Cut(line, ": ")
		switch k {
		case "Host", "User-Agent", "Content-Length", "Accept-Encoding":
		default:
			req.Headers[k] = v
		}
	}
	return req
}

var userAgentLine = regexp.MustCompile(`User-Agent: [^\r]*\r\n`)

// TestRecordedWebhookTraces replays every recorded webhook call through the mock transport
// and the real webhook code path, and checks the event fields come out byte for byte.
func TestRecordedWebhookTraces(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	calls := 0
	for _, s := range readRecordedSessions(t, dir) {
		mocks, err := NewMockTransport(s.mocks)
		must(t, err, "%s", s.name)
		svc := New(Config{Mocks: mocks, Clock: utils.NewSequentialClock(utils.ReplayStart, time.Second)})
		for _, events := range s.sprints {
			for _, raw := range events {
				var want recordedCall
				must(t, json.Unmarshal(raw, &want), "%s", s.name)
				if want.Type != "webhook_called" {
					continue
				}
				calls++
				call, err := svc.Webhook.Call(context.Background(), requestFromTrace(t, want.URL, want.Request))
				must(t, err, "%s", s.name)
				got := services.NewHTTPTrace(call)
				if strings.HasPrefix(s.name, "call_resthook") {
					got.Status = call.ResthookStatus()
				}
				check(t, want.URL, got.URL, "%s: url", s.name)
				check(t, userAgentLine.ReplaceAllString(want.Request, ""), userAgentLine.ReplaceAllString(got.Request, ""), "%s: request", s.name)
				check(t, true, strings.Contains(got.Request, "User-Agent: "+UserAgent+"\r\n"), "%s: user agent", s.name)
				check(t, want.Response, got.Response, "%s: response", s.name)
				check(t, want.StatusCode, got.StatusCode, "%s: status_code", s.name)
				check(t, want.Status, got.Status, "%s: status", s.name)
				check(t, want.ElapsedMS, got.ElapsedMS, "%s: elapsed_ms", s.name)
				check(t, want.Retries, got.Retries, "%s: retries", s.name)
			}
		}
		if err := mocks.Err(); err != nil {
			t.Errorf("%s: %v", s.name, err)
		}
	}
	if calls < 10 {
		t.Errorf("only %d recorded webhook calls found", calls)
	}
}
