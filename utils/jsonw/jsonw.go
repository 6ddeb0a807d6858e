// Package jsonw writes JSON directly into a byte slice, for the few values on every
// sprint's path (events, segments) where encoding/json's reflection and its re-scanning of
// marshaler output cost more than the engine's own work. It writes exactly what
// encoding/json writes for the same value, either as json.Marshal does (HTML-safe) or as an
// Encoder with SetEscapeHTML(false) does; the writers built on it are held to encoding/json
// by tests. Whatever it can't write the same way (a time outside what JSON holds, raw JSON
// that isn't valid) marks the Writer failed, and the caller falls back to encoding/json.
package jsonw

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"
)

// Writer appends JSON to B. The zero value writes as an Encoder with SetEscapeHTML(false);
// set EscapeHTML to write as json.Marshal.
type Writer struct {
	B          []byte
	EscapeHTML bool

	failed bool
}

// Failed reports whether something was asked for that the writer can't write as
// encoding/json would; B is then incomplete and must be thrown away.
func (w *Writer) Failed() bool { return w.failed }

// Fail marks the writer failed, for a caller that meets a value it has no direct form for.
func (w *Writer) Fail() { w.failed = true }

// Raw appends text that is already JSON in its final form (keys, punctuation, literals).
func (w *Writer) Raw(s string) { w.B = append(w.B, s...) }

// Byte appends one byte of punctuation.
func (w *Writer) Byte(c byte) { w.B = append(w.B, c) }

// Key appends `,"name":` (or `"name":` for the first member when first is true).
func (w *Writer) Key(name string, first bool) {
	if !first {
		w.B = append(w.B, ',')
	}
	w.B = append(w.B, '"')
	w.B = append(w.B, name...)
	w.B = append(w.B, '"', ':')
}

// Int appends an integer.
func (w *Writer) Int(i int64) { w.B = strconv.AppendInt(w.B, i, 10) }

// Bool appends true or false.
func (w *Writer) Bool(v bool) { w.B = strconv.AppendBool(w.B, v) }

// Strings appends a list of strings; a nil list is null, as encoding/json writes it.
func (w *Writer) Strings(list []string) {
	if list == nil {
		w.Raw("null")
		return
	}
	w.B = append(w.B, '[')
	for i, s := range list {
		if i > 0 {
			w.B = append(w.B, ',')
		}
		w.String(s)
	}
	w.B = append(w.B, ']')
}

// StringMap appends a map of strings with its keys sorted; nil is null.
func (w *Writer) StringMap(m map[string]string) {
	if m == nil {
		w.Raw("null")
		return
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	w.B = append(w.B, '{')
	for i, k := range keys {
		if i > 0 {
			w.B = append(w.B, ',')
		}
		w.String(k)
		w.B = append(w.B, ':')
		w.String(m[k])
	}
	w.B = append(w.B, '}')
}

// Time appends a time as time.Time's MarshalJSON writes it; a time that MarshalJSON
// refuses (a year outside 0-9999, an offset of a day or more) fails the writer.
func (w *Writer) Time(t time.Time) {
	b := append(w.B, '"')
	n0 := len(b)
	b = t.AppendFormat(b, time.RFC3339Nano)
	if len(b) < n0+5 || b[n0+4] != '-' {
		w.B, w.failed = b, true
		return
	}
	if b[len(b)-1] != 'Z' {
		c := b[len(b)-6]
		h := 10*(b[len(b)-5]-'0') + (b[len(b)-4] - '0')
		if ('0' <= c && c <= '9') || h >= 24 {
			w.B, w.failed = b, true
			return
		}
	}
	w.B = append(b, '"')
}

// RawMessage appends raw JSON compacted (and HTML-escaped when EscapeHTML is set), as
// encoding/json writes a json.RawMessage: nil is null, and text that isn't valid JSON
// fails the writer.
func (w *Writer) RawMessage(raw []byte) {
	if raw == nil {
		w.Raw("null")
		return
	}
	if isCompactPlain(raw) {
		w.B = append(w.B, raw...)
		return
	}
	var ok bool
	if w.B, ok = AppendCompact(w.B, raw, w.EscapeHTML); !ok {
		w.failed = true
	}
}

// isCompactPlain reports whether raw is JSON that compaction and HTML escaping leave
// alone and that needs no scan to know it: true, false, null, or a string of plain ASCII.
func isCompactPlain(raw []byte) bool {
	if len(raw) == 0 {
		return false
	}
	switch string(raw) {
	case "null", "true", "false":
		return true
	}
	if raw[0] == '"' {
		if len(raw) < 2 || raw[len(raw)-1] != '"' {
			return false
		}
		for _, c := range raw[1 : len(raw)-1] {
			if c < 0x20 || c >= utf8.RuneSelf || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
				return false
			}
		}
		return true
	}
	return false
}

const hexDigits = "0123456789abcdef"

// String appends s as a JSON string exactly as encoding/json writes it: control characters
// escaped, invalid UTF-8 replaced by U+FFFD, U+2028 and U+2029 escaped, and <, > and &
// escaped when EscapeHTML is set.
func (w *Writer) String(s string) { w.B = AppendString(w.B, s, w.EscapeHTML) }

// plain and plainHTML tell the bytes a JSON string holds as they are (ASCII, not a control
// character, a quote or a backslash; for plainHTML not <, > or & either). Most text is only
// these, and one look-up a byte keeps AppendString's loop short.
var plain, plainHTML = func() (t, h [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
		h[c] = t[c] && c != '<' && c != '>' && c != '&'
	}
	return t, h
}()

// AppendString appends s to b as a JSON string exactly as encoding/json writes it: control
// characters escaped, invalid UTF-8 replaced by U+FFFD, U+2028 and U+2029 escaped, and <,
// > and & escaped when html is set.
func AppendString(b []byte, s string, html bool) []byte {
	table := &plain
	if html {
		table = &plainHTML
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if table[c] {
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

// Value appends v through encoding/json, for the odd part of a value that has no direct
// form (an interface holding anything); it fails the writer where encoding/json fails.
func (w *Writer) Value(v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(w.EscapeHTML)
	if err := enc.Encode(v); err != nil {
		w.failed = true
		return
	}
	w.B = append(w.B, bytes.TrimRight(buf.Bytes(), "\n")...)
}
