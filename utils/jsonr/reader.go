// Package jsonr reads JSON strictly, for the one-pass readers of the shapes that every
// sprint reads (the stored session, the contact, the trigger): each method takes only valid
// JSON of the kind it expects and says false for anything else, so the caller falls back
// to encoding/json, which gives the result, or the error, for everything the reader
// leaves. Strings with escapes or bytes outside ASCII are decoded by encoding/json, so
// what is read is always what encoding/json reads.
package jsonr

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/utils"
)

// Reader reads JSON strictly: every method returns false on anything that isn't valid
// JSON of the expected shape, leaving the caller to fall back.
type Reader struct {
	Data []byte // the text
	Pos  int    // where the next read starts
}

// Space skips whitespace.
func (r *Reader) Space() {
	for r.Pos < len(r.Data) {
		switch r.Data[r.Pos] {
		case ' ', '\t', '\n', '\r':
			r.Pos++
		default:
			return
		}
	}
}

// Peek skips space and returns the next byte, or 0 at the end.
func (r *Reader) Peek() byte {
	r.Space()
	if r.Pos < len(r.Data) {
		return r.Data[r.Pos]
	}
	return 0
}

// End skips space and reports whether the text ends there.
func (r *Reader) End() bool {
	r.Space()
	return r.Pos == len(r.Data)
}

// Literal reads word (true, false, null) after any space.
func (r *Reader) Literal(word string) bool {
	r.Space()
	if len(r.Data)-r.Pos >= len(word) && string(r.Data[r.Pos:r.Pos+len(word)]) == word {
		r.Pos += len(word)
		return true
	}
	return false
}

// Quoted returns the next string with its quotes, and whether it needs unescaping.
func (r *Reader) Quoted() ([]byte, bool, bool) {
	if r.Peek() != '"' {
		return nil, false, false
	}
	start := r.Pos
	r.Pos++
	escaped := false
	for r.Pos < len(r.Data) {
		c := r.Data[r.Pos]
		switch {
		case c == '"':
			r.Pos++
			return r.Data[start:r.Pos], escaped, true
		case c == '\\':
			escaped = true
			r.Pos += 2
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf:
			escaped = true // invalid UTF-8 is replaced in decoding, so let encoding/json judge
			r.Pos++
		default:
			r.Pos++
		}
	}
	return nil, false, false
}

// Str reads a string as encoding/json decodes it (escapes and invalid UTF-8 through
// encoding/json itself).
func (r *Reader) Str() (string, bool) {
	q, escaped, ok := r.Quoted()
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

// UUID reads a string as a UUID (unchecked).
func (r *Reader) UUID() (utils.UUID, bool) {
	s, ok := r.Str()
	return utils.UUID(s), ok
}

// Time reads a time as time.Time's UnmarshalJSON does (it is what decodes it).
func (r *Reader) Time() (time.Time, bool) {
	var t time.Time
	q, _, ok := r.Quoted()
	if !ok || t.UnmarshalJSON(q) != nil {
		return t, false
	}
	return t, true
}

// Boolean reads true or false.
func (r *Reader) Boolean() (bool, bool) {
	if r.Literal("true") {
		return true, true
	}
	if r.Literal("false") {
		return false, true
	}
	return false, false
}

// Integer reads a plain JSON integer that fits an int.
func (r *Reader) Integer() (int, bool) {
	r.Space()
	start := r.Pos
	if r.Pos < len(r.Data) && r.Data[r.Pos] == '-' {
		r.Pos++
	}
	digits := r.Pos
	for r.Pos < len(r.Data) && r.Data[r.Pos] >= '0' && r.Data[r.Pos] <= '9' {
		r.Pos++
	}
	if r.Pos == digits || (r.Data[digits] == '0' && r.Pos-digits > 1) {
		return 0, false
	}
	if r.Pos < len(r.Data) {
		if c := r.Data[r.Pos]; c == '.' || c == 'e' || c == 'E' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(string(r.Data[start:r.Pos]))
	return n, err == nil
}

// Skip passes over any JSON value, checking its syntax, and returns its text.
func (r *Reader) Skip(depth int) ([]byte, bool) {
	if depth > 200 {
		return nil, false
	}
	c := r.Peek()
	start := r.Pos
	ok := false
	switch {
	case c == '{':
		ok = r.Members(func() bool {
			q, escaped, ok := r.Quoted()
			return ok && validString(q, escaped)
		}, func() bool { _, ok := r.Skip(depth + 1); return ok })
	case c == '[':
		ok = r.Array(func() bool { _, ok := r.Skip(depth + 1); return ok })
	case c == '"':
		var q []byte
		var escaped bool
		q, escaped, ok = r.Quoted()
		ok = ok && validString(q, escaped)
	case c == 't':
		ok = r.Literal("true")
	case c == 'f':
		ok = r.Literal("false")
	case c == 'n':
		ok = r.Literal("null")
	case c == '-' || c >= '0' && c <= '9':
		ok = r.Number()
	}
	if !ok {
		return nil, false
	}
	return r.Data[start:r.Pos], true
}

// Number passes over a JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
func (r *Reader) Number() bool {
	digits := func() int {
		n := 0
		for r.Pos < len(r.Data) && r.Data[r.Pos] >= '0' && r.Data[r.Pos] <= '9' {
			r.Pos++
			n++
		}
		return n
	}
	if r.Data[r.Pos] == '-' {
		r.Pos++
	}
	if r.Pos < len(r.Data) && r.Data[r.Pos] == '0' {
		r.Pos++
	} else if digits() == 0 {
		return false
	}
	if r.Pos < len(r.Data) && r.Data[r.Pos] == '.' {
		r.Pos++
		if digits() == 0 {
			return false
		}
	}
	if r.Pos < len(r.Data) && (r.Data[r.Pos] == 'e' || r.Data[r.Pos] == 'E') {
		r.Pos++
		if r.Pos < len(r.Data) && (r.Data[r.Pos] == '+' || r.Data[r.Pos] == '-') {
			r.Pos++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

// Raw reads any value other than null as a copy of its text, as json.RawMessage does.
func (r *Reader) Raw() (json.RawMessage, bool) {
	if r.Peek() == 'n' {
		return nil, false
	}
	b, ok := r.Skip(0)
	if !ok {
		return nil, false
	}
	return append(json.RawMessage(nil), b...), true
}

// Object reads an object, calling value for each key to read what follows the colon.
func (r *Reader) Object(value func(key string) bool) bool {
	var k string
	return r.Members(func() bool {
		var ok bool
		k, ok = r.Str()
		return ok
	}, func() bool { return value(k) })
}

// Members reads an object, its keys with key and what follows each colon with value.
func (r *Reader) Members(key func() bool, value func() bool) bool {
	if r.Peek() != '{' {
		return false
	}
	r.Pos++
	if r.Peek() == '}' {
		r.Pos++
		return true
	}
	for {
		if !key() || r.Peek() != ':' {
			return false
		}
		r.Pos++
		if !value() {
			return false
		}
		switch r.Peek() {
		case ',':
			r.Pos++
		case '}':
			r.Pos++
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

// Array reads an array, calling item to read each element.
func (r *Reader) Array(item func() bool) bool {
	if r.Peek() != '[' {
		return false
	}
	r.Pos++
	if r.Peek() == ']' {
		r.Pos++
		return true
	}
	for {
		if !item() {
			return false
		}
		switch r.Peek() {
		case ',':
			r.Pos++
		case ']':
			r.Pos++
			return true
		default:
			return false
		}
	}
}

// PlainKey reads an object key and returns its index in keys, or -1 when it isn't one of
// them as written (an escaped key, another case, a key seen before in the object, marked
// in seen): a fast reader then leaves the whole value to encoding/json, which matches keys
// its own way and so decides what such input means.
func (r *Reader) PlainKey(keys []string, seen []bool) int {
	q, escaped, ok := r.Quoted()
	if !ok || escaped {
		return -1
	}
	k := q[1 : len(q)-1]
	for i, name := range keys {
		if string(k) == name {
			if seen[i] {
				return -1
			}
			seen[i] = true
			return i
		}
	}
	return -1
}

// StringMembers reads an object whose members are among keys (at most 8), each once and
// each a string, into *dest[i] for keys[i]; false for anything else. It reads the small
// references of the shapes (a flow, a user, a group, a keyword match).
func (r *Reader) StringMembers(keys []string, dest []*string) bool {
	var seen [8]bool
	if len(keys) > len(seen) || len(dest) != len(keys) {
		return false
	}
	key := -1
	return r.Members(func() bool {
		key = r.PlainKey(keys, seen[:len(keys)])
		return key >= 0
	}, func() bool {
		s, ok := r.Str()
		*dest[key] = s
		return ok
	})
}
