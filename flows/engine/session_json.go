package engine

import (
	"bytes"
	"encoding/json"
	"sort"
	"time"
	"unicode/utf8"
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
// json.RawMessage; ok is false when it isn't valid JSON.
func appendRaw(b []byte, raw []byte) ([]byte, bool) {
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return b, false
	}
	compact := buf.Bytes()
	if needsHTMLEscape(compact) {
		var esc bytes.Buffer
		json.HTMLEscape(&esc, compact)
		compact = esc.Bytes()
	}
	return append(b, compact...), true
}

// needsHTMLEscape reports whether compacted JSON holds <, >, & or (from the lead byte of
// U+2028 and U+2029) possibly one of those two.
func needsHTMLEscape(b []byte) bool {
	for _, c := range b {
		if c == '<' || c == '>' || c == '&' || c == 0xE2 {
			return true
		}
	}
	return false
}

const hexDigits = "0123456789abcdef"

// plainByte tells the bytes a JSON string holds as they are: ASCII, not a control
// character, a quote, a backslash or one of the HTML-escaped <, > and &. Most stored text
// is only these, and one look-up a byte keeps appendString's loop short.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendString writes s as a JSON string the way json.Marshal does: HTML-safe (<, > and &
// escaped), control characters escaped, invalid UTF-8 replaced by U+FFFD, and U+2028 and
// U+2029 escaped.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plainByte[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
