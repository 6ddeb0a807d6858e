package engine

import (
	"sort"
	"time"

	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// Writing a session is on every caller's hot path (a waiting session is stored after each
// sprint), so it is written directly, from the shapes of session_stored.go, rather than
// through encoding/json's reflection. The output is byte for byte what json.Marshal gives
// for sessionJSON (HTML-safe escaping,
// compacted raw parts, sorted map keys); a test holds the two together. Anything the direct
// writer can't produce the same way (a time outside what JSON can hold, raw JSON that isn't
// valid) makes it return ok=false and the caller falls back to json.Marshal.

// appendSession writes the stored form of s, as its shape (session_stored.go) describes it.
func appendSession(b []byte, s *Session) ([]byte, bool) { return sessionShape.write(b, s) }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// appendTime writes a time as time.Time's MarshalJSON does; ok is false where that fails.
func appendTime(b []byte, t time.Time) ([]byte, bool) {
	b = append(b, '"')
	n0 := len(b)
	b = t.AppendFormat(b, time.RFC3339Nano)
	// the checks time.Time's MarshalJSON makes: a four-digit year, an offset under 24 hours
	if b[n0+4] != '-' {
		return b, false
	}
	if b[len(b)-1] != 'Z' {
		c := b[len(b)-6]
		h := 10*(b[len(b)-5]-'0') + (b[len(b)-4] - '0')
		if ('0' <= c && c <= '9') || h >= 24 {
			return b, false
		}
	}
	return append(b, '"'), true
}

// appendRaw writes raw JSON compacted and HTML-escaped as json.Marshal writes a
// json.RawMessage; ok is false when it isn't valid JSON. jsonw.AppendCompact does in one
// pass what json.Compact and json.HTMLEscape did (and is held to them by its tests): the
// trigger, webhooks and result extras are written so with every stored session.
func appendRaw(b []byte, raw []byte) ([]byte, bool) {
	return jsonw.AppendCompact(b, raw, true)
}

// appendString writes s as a JSON string the way json.Marshal does: HTML-safe (<, > and &
// escaped), control characters escaped, invalid UTF-8 replaced by U+FFFD, and U+2028 and
// U+2029 escaped.
func appendString(b []byte, s string) []byte { return jsonw.AppendString(b, s, true) }
