package jsonr

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPlainKey(t *testing.T) {
	keys := []string{"uuid", "name"}
	seen := make([]bool, len(keys))
	r := &Reader{Data: []byte(`"name" "uuid" "name" "Name" "n\u0061me" 5`)}
	assert.Equal(t, 1, r.PlainKey(keys, seen))
	assert.Equal(t, 0, r.PlainKey(keys, seen))
	assert.Equal(t, -1, r.PlainKey(keys, seen), "seen before")
	assert.Equal(t, -1, r.PlainKey(keys, make([]bool, 2)), "another case")
	assert.Equal(t, -1, r.PlainKey(keys, make([]bool, 2)), "escaped")
	assert.Equal(t, -1, r.PlainKey(keys, make([]bool, 2)), "not a string")
}

func TestReaderBasics(t *testing.T) {
	r := &Reader{Data: []byte(` {"a": [1, "x", true, null], "b": {"c": -2.5e3}} `)}
	var got []string
	ok := r.Object(func(key string) bool {
		got = append(got, key)
		_, ok := r.Skip(0)
		return ok
	})
	assert.True(t, ok)
	assert.True(t, r.End())
	assert.Equal(t, []string{"a", "b"}, got)

	for _, bad := range []string{`{"a": }`, `{"a" 1}`, `[1,]`, `"unterminated`, `tru`} {
		r := &Reader{Data: []byte(bad)}
		_, ok := r.Skip(0)
		assert.False(t, ok && r.End(), bad)
	}
}

func TestStringMembers(t *testing.T) {
	keys := []string{"uuid", "name"}
	var u, n string
	r := &Reader{Data: []byte(`{"name": "Ann", "uuid": "u-1"}`)}
	assert.True(t, r.StringMembers(keys, []*string{&u, &n}))
	assert.Equal(t, "u-1", u)
	assert.Equal(t, "Ann", n)
	for _, bad := range []string{`{"name": 5}`, `{"name": "a", "name": "b"}`, `{"colour": "red"}`, `[]`, `{"name": "a"`} {
		r := &Reader{Data: []byte(bad)}
		assert.False(t, r.StringMembers(keys, []*string{&u, &n}) && r.End(), bad)
	}
	r = &Reader{Data: []byte(`{}`)}
	assert.False(t, r.StringMembers(keys, []*string{&u}), "a destination for every key")
}
