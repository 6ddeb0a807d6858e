package engine

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/utils"
)

// jsonReader reads JSON strictly: every method returns false on anything that isn't valid
// JSON of the expected shape, leaving the caller to fall back.
type jsonReader struct {
	data []byte
	pos  int
}

func (r *jsonReader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// peek skips space and returns the next byte, or 0 at the end.
func (r *jsonReader) peek() byte {
	r.space()
	if r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

func (r *jsonReader) literal(word string) bool {
	r.space()
	if len(r.data)-r.pos >= len(word) && string(r.data[r.pos:r.pos+len(word)]) == word {
		r.pos += len(word)
		return true
	}
	return false
}

// quoted returns the next string with its quotes, and whether it needs unescaping.
func (r *jsonReader) quoted() ([]byte, bool, bool) {
	if r.peek() != '"' {
		return nil, false, false
	}
	start := r.pos
	r.pos++
	escaped := false
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case c == '"':
			r.pos++
			return r.data[start:r.pos], escaped, true
		case c == '\\':
			escaped = true
			r.pos += 2
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf:
			escaped = true // invalid UTF-8 is replaced in decoding, so let encoding/json judge
			r.pos++
		default:
			r.pos++
		}
	}
	return nil, false, false
}

func (r *jsonReader) str() (string, bool) {
	q, escaped, ok := r.quoted()
	if !ok {
		return "", false
	}
	if !escaped {
		return string(q[1 : len(q)-1]), true
	}
	if !utf8.Valid(q) || containsByte(q, '\\') {
		var s string
		if json.Unmarshal(q, &s) != nil {
			return "", false
		}
		return s, true
	}
	return string(q[1 : len(q)-1]), true
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

func (r *jsonReader) uuid() (utils.UUID, bool) {
	s, ok := r.str()
	return utils.UUID(s), ok
}

// time reads a time as time.Time's UnmarshalJSON does (it is what decodes it).
func (r *jsonReader) time() (time.Time, bool) {
	var t time.Time
	q, _, ok := r.quoted()
	if !ok || t.UnmarshalJSON(q) != nil {
		return t, false
	}
	return t, true
}

func (r *jsonReader) boolean() (bool, bool) {
	if r.literal("true") {
		return true, true
	}
	if r.literal("false") {
		return false, true
	}
	return false, false
}

// integer reads a plain JSON integer that fits an int.
func (r *jsonReader) integer() (int, bool) {
	r.space()
	start := r.pos
	if r.pos < len(r.data) && r.data[r.pos] == '-' {
		r.pos++
	}
	digits := r.pos
	for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
		r.pos++
	}
	if r.pos == digits || (r.data[digits] == '0' && r.pos-digits > 1) {
		return 0, false
	}
	if r.pos < len(r.data) {
		if c := r.data[r.pos]; c == '.' || c == 'e' || c == 'E' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(string(r.data[start:r.pos]))
	return n, err == nil
}

// skip passes over any JSON value, checking its syntax, and returns its text.
func (r *jsonReader) skip(depth int) ([]byte, bool) {
	if depth > 200 {
		return nil, false
	}
	c := r.peek()
	start := r.pos
	ok := false
	switch {
	case c == '{':
		ok = r.members(func() bool {
			q, escaped, ok := r.quoted()
			return ok && validString(q, escaped)
		}, func() bool { _, ok := r.skip(depth + 1); return ok })
	case c == '[':
		ok = r.array(func() bool { _, ok := r.skip(depth + 1); return ok })
	case c == '"':
		var q []byte
		var escaped bool
		q, escaped, ok = r.quoted()
		ok = ok && validString(q, escaped)
	case c == 't':
		ok = r.literal("true")
	case c == 'f':
		ok = r.literal("false")
	case c == 'n':
		ok = r.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		ok = r.number()
	}
	if !ok {
		return nil, false
	}
	return r.data[start:r.pos], true
}

// number passes over a JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
func (r *jsonReader) number() bool {
	digits := func() int {
		n := 0
		for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if r.data[r.pos] == '-' {
		r.pos++
	}
	if r.pos < len(r.data) && r.data[r.pos] == '0' {
		r.pos++
	} else if digits() == 0 {
		return false
	}
	if r.pos < len(r.data) && r.data[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return false
		}
	}
	if r.pos < len(r.data) && (r.data[r.pos] == 'e' || r.data[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.data) && (r.data[r.pos] == '+' || r.data[r.pos] == '-') {
			r.pos++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

// raw reads any value other than null as a copy of its text, as json.RawMessage does.
func (r *jsonReader) raw() (json.RawMessage, bool) {
	if r.peek() == 'n' {
		return nil, false
	}
	b, ok := r.skip(0)
	if !ok {
		return nil, false
	}
	return append(json.RawMessage(nil), b...), true
}

// object reads an object, calling value for each key to read what follows the colon.
func (r *jsonReader) object(value func(key string) bool) bool {
	var k string
	return r.members(func() bool {
		var ok bool
		k, ok = r.str()
		return ok
	}, func() bool { return value(k) })
}

// members reads an object, its keys with key and what follows each colon with value.
func (r *jsonReader) members(key func() bool, value func() bool) bool {
	if r.peek() != '{' {
		return false
	}
	r.pos++
	if r.peek() == '}' {
		r.pos++
		return true
	}
	for {
		if !key() || r.peek() != ':' {
			return false
		}
		r.pos++
		if !value() {
			return false
		}
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return true
		default:
			return false
		}
	}
}

// validString reports whether a quoted string (as quoted returns it) is valid JSON.
func validString(q []byte, escaped bool) bool {
	return !escaped || (!containsByte(q, '\\') && utf8.Valid(q)) || json.Valid(q)
}

func (r *jsonReader) array(item func() bool) bool {
	if r.peek() != '[' {
		return false
	}
	r.pos++
	if r.peek() == ']' {
		r.pos++
		return true
	}
	for {
		if !item() {
			return false
		}
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return true
		default:
			return false
		}
	}
}
