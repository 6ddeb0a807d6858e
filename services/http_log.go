package services

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Limits on what an HTTP log keeps of a call, so events stay small however large the
// exchange was. The trace limit is the one seen in the recordings.
const (
	// MaxLogTraceChars is the most characters of a request or response trace kept.
	MaxLogTraceChars = 10000
	// MaxLogURLChars is the most characters of a URL kept.
	MaxLogURLChars = 2048
	// BinaryBodyPlaceholder stands in for a trace body that is not valid UTF-8.
	BinaryBodyPlaceholder = "..."
)

// HTTPSizes are the sizes in bytes of the full traces, before any trimming.
type HTTPSizes struct {
	Request  int `json:"request"`
	Response int `json:"response"`
}

// HTTPTrace is one HTTP exchange as events show it: the fields of a webhook_called event
// (after its uuid, type and created_on) and of each entry of an event's http_logs.
type HTTPTrace struct {
	URL        string     `json:"url"`
	StatusCode int        `json:"status_code,omitempty"`
	Request    string     `json:"request"`
	Response   string     `json:"response,omitempty"`
	ElapsedMS  int        `json:"elapsed_ms"`
	Retries    int        `json:"retries"`
	Sizes      HTTPSizes  `json:"sizes"`
	Status     CallStatus `json:"status"`
}

// HTTPLog is an HTTP exchange made by a service other than webhooks (airtime,
// classifiers), carried in the `http_logs` of that service's event.
type HTTPLog struct {
	HTTPTrace
	CreatedOn time.Time `json:"created_on"`
}

// NewHTTPTrace turns a call into the text events carry: traces that are not valid UTF-8
// have their body replaced by BinaryBodyPlaceholder, NUL characters are dropped, and long
// traces and URLs are cut to MaxLogTraceChars and MaxLogURLChars ending in "...".
func NewHTTPTrace(c *Call) HTTPTrace {
	return HTTPTrace{
		URL:        truncate(c.URL, MaxLogURLChars),
		StatusCode: c.StatusCode,
		Request:    sanitizeTrace(c.Request),
		Response:   sanitizeTrace(c.Response),
		ElapsedMS:  int(c.Elapsed() / time.Millisecond),
		Retries:    c.Retries,
		Sizes:      HTTPSizes{Request: c.RequestSize, Response: c.ResponseSize},
		Status:     c.Status,
	}
}

// NewHTTPLog is NewHTTPTrace stamped with the time the call started.
func NewHTTPLog(c *Call) *HTTPLog {
	return &HTTPLog{HTTPTrace: NewHTTPTrace(c), CreatedOn: c.StartedOn}
}

func sanitizeTrace(trace []byte) string {
	if len(trace) == 0 {
		return ""
	}
	s := string(trace)
	if !utf8.ValidString(s) {
		if end := strings.Index(s, "\r\n\r\n"); end >= 0 {
			head, body := s[:end+4], s[end+4:]
			if !utf8.ValidString(body) {
				body = BinaryBodyPlaceholder
			}
			s = head + body
		}
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\x00", "")
	return truncate(s, MaxLogTraceChars)
}

// truncate cuts s to at most n characters, the last three being "..." when it was cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	return string(runes[:n-3]) + "..."
}
