package engine

import (
	"fmt"
)

// A stored session is a handful of JSON objects (the session, its runs, their results and
// path steps, the input, the environment settings and the small references inside them).
// Each is described once, as a shape: its keys in the order they are written, which of them
// are left out when empty, how each is written from the live value and how each is read
// into its stored struct. The direct writer (session_json.go) and the strict reader
// (session_read.go) are both driven by these shapes, so a key can't be written under one
// name and read under another, or omitted by one and expected by the other. The stored
// structs (sessionJSON, runJSON and the engine's value types) remain, because encoding/json
// decodes into them when the strict reader declines a text and its errors name them; a test
// holds their json tags to the shapes (key, order, omitempty).

// field is one key of a stored object: written from a live W, read into a stored R.
type field[W, R any] struct {
	key string
	// omit, when set, tells when the key is left out, as encoding/json's omitempty leaves
	// out the stored struct's field; nil means the key is always written.
	omit func(w *W) bool
	// write appends the value (not the key); ok is false where encoding/json would fail,
	// so that the caller falls back to it for its error.
	write func(b []byte, w *W) ([]byte, bool)
	// read reads the value after the colon, strictly; false sends the whole text to
	// encoding/json.
	read func(r *jsonReader, v *R) bool
	// prefix is `,"key":`, set by newShape, so that the writer appends it in one go
	prefix string
}

// shape is a stored object: its fields in written order.
type shape[W, R any] struct {
	fields []field[W, R]
}

// newShape describes a stored object. Keys must be distinct and at most 64, as the reader
// notes the keys it has seen in one word.
func newShape[W, R any](fields ...field[W, R]) *shape[W, R] {
	if len(fields) > 64 {
		panic(fmt.Sprintf("a stored shape has %d keys, more than 64", len(fields)))
	}
	for i := range fields {
		f := &fields[i]
		for _, g := range fields[:i] {
			if g.key == f.key {
				panic(fmt.Sprintf("a stored shape has key %q twice", f.key))
			}
		}
		if f.write == nil || f.read == nil {
			panic(fmt.Sprintf("key %q of a stored shape has no writer or no reader", f.key))
		}
		// no stored key needs escaping, which lets the reader compare keys as written
		if q := string(appendString(nil, f.key)); q != `"`+f.key+`"` {
			panic(fmt.Sprintf("stored key %q needs escaping", f.key))
		}
		f.prefix = `,"` + f.key + `":`
	}
	return &shape[W, R]{fields: fields}
}

// write appends the object for w: every field in order, less those its omit rule leaves
// out.
func (s *shape[W, R]) write(b []byte, w *W) ([]byte, bool) {
	start := len(b)
	var ok bool
	fields := s.fields
	for i := 0; i < len(fields); i++ {
		f := &fields[i]
		if f.omit != nil && f.omit(w) {
			continue
		}
		b = append(b, f.prefix...)
		if b, ok = f.write(b, w); !ok {
			return b, false
		}
	}
	if len(b) == start {
		return append(b, "{}"...), true
	}
	// the first key's comma opens the object
	b[start] = '{'
	return append(b, '}'), true
}

// read reads an object of this shape into v, in any key order, refusing keys it doesn't
// have and keys seen twice (encoding/json takes the last, or matches them without regard
// to case, so those texts are left to it).
func (s *shape[W, R]) read(r *jsonReader, v *R) bool {
	var seen uint64
	var key []byte
	return r.Members(func() bool {
		// no stored key has escapes or non-ASCII text, so the key is compared as written
		q, escaped, ok := r.Quoted()
		key = q
		return ok && !escaped
	}, func() bool {
		if len(key) < 2 {
			return false
		}
		k := key[1 : len(key)-1]
		for i := range s.fields {
			if s.fields[i].key == string(k) {
				if seen&(1<<i) != 0 {
					return false
				}
				seen |= 1 << i
				return s.fields[i].read(r, v)
			}
		}
		return false
	})
}

// writeShape writes v of a shape whose live and stored forms are the same type, or null
// for nil, as encoding/json writes a pointer.
func writeShape[T any](b []byte, s *shape[T, T], v *T) ([]byte, bool) {
	if v == nil {
		return append(b, "null"...), true
	}
	return s.write(b, v)
}

// writeList writes a slice as a JSON array; a nil slice is null, as encoding/json writes it
// (callers omit empty ones where the stored struct says omitempty).
func writeList[E any](b []byte, list []E, item func(b []byte, e *E) ([]byte, bool)) ([]byte, bool) {
	if list == nil {
		return append(b, "null"...), true
	}
	b = append(b, '[')
	var ok bool
	for i := range list {
		if i > 0 {
			b = append(b, ',')
		}
		if b, ok = item(b, &list[i]); !ok {
			return b, false
		}
	}
	return append(b, ']'), true
}

// readList reads a JSON array into a slice; null leaves it nil and [] makes it empty, as
// encoding/json does.
func readList[E any](r *jsonReader, list *[]E, item func(r *jsonReader, e *E) bool) bool {
	if r.Literal("null") {
		*list = nil
		return true
	}
	*list = []E{}
	return r.Array(func() bool {
		var zero E
		*list = append(*list, zero)
		return item(r, &(*list)[len(*list)-1])
	})
}

// writeMap writes a map as a JSON object with its keys sorted, as encoding/json does.
func writeMap[V any](b []byte, m map[string]V, value func(b []byte, v V) ([]byte, bool)) ([]byte, bool) {
	if m == nil {
		return append(b, "null"...), true
	}
	b = append(b, '{')
	var ok bool
	for i, k := range sortedKeys(m) {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, k)
		b = append(b, ':')
		if b, ok = value(b, m[k]); !ok {
			return b, false
		}
	}
	return append(b, '}'), true
}

// readMap reads a JSON object into a map; null leaves it nil. A key seen twice is left to
// encoding/json (which keeps the last).
func readMap[V any](r *jsonReader, m *map[string]V, value func(r *jsonReader) (V, bool)) bool {
	if r.Literal("null") {
		*m = nil
		return true
	}
	*m = map[string]V{}
	return r.Object(func(key string) bool {
		if _, dup := (*m)[key]; dup {
			return false
		}
		v, ok := value(r)
		(*m)[key] = v
		return ok
	})
}

// readString reads a string into a string type of the engine (a status, a format, a UUID).
func readString[S ~string](r *jsonReader, v *S) bool {
	s, ok := r.Str()
	*v = S(s)
	return ok
}

// writeStringItem and readStringItem are an item of a list of strings or string types.
func writeStringItem[S ~string](b []byte, s *S) ([]byte, bool) {
	return appendString(b, string(*s)), true
}

func readStringItem[S ~string](r *jsonReader, s *S) bool { return readString(r, s) }

// readPointer reads a value held by pointer: null leaves it nil, as encoding/json does.
func readPointer[T any](r *jsonReader, v **T, read func(r *jsonReader, t *T) bool) bool {
	if r.Literal("null") {
		*v = nil
		return true
	}
	*v = new(T)
	return read(r, *v)
}
