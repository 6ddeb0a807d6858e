package filter

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func obj(t *testing.T, s string) map[string]any {
	m, err := Object([]byte(s))
	require.NoError(t, err)
	return m
}

func TestMatch(t *testing.T) {
	field := &Input{EventType: "contact_field_changed", Data: obj(t, `{"field":{"key":"age","name":"Age"},"value":{"text":"18","number":18}}`)}
	young := &Input{EventType: "contact_field_changed", Data: obj(t, `{"field":{"key":"age","name":"Age"},"value":{"text":"16","number":16}}`)}
	msg := &Input{EventType: "msg_created", Data: obj(t, `{"msg":{"text":"hi"}}`), Contact: obj(t, `{"name":"Ann","language":"eng"}`),
		Flow: obj(t, `{"uuid":"f1","name":"Greet"}`), Workspace: obj(t, `{"name":"Acme"}`)}

	tests := []struct {
		filter string
		in     *Input
		want   bool
	}{
		{"", msg, true},
		{"  ", field, true},
		{"event_type == 'msg_created'", msg, true},
		{"event_type == 'msg_created'", field, false},
		{"event_type.startsWith('contact_')", field, true},
		{"event_type.startsWith('contact_')", msg, false},
		{"data.field.key == 'age' && data.value.number > 17", field, true},
		{"data.field.key == 'age' && data.value.number > 17", young, false},
		{"contact.name == 'Ann' && flow.name == 'Greet' && workspace.name == 'Acme'", msg, true},
		{"has(data.msg) && data.msg.text.contains('h')", msg, true},
		{"has(data.msg)", field, false},
		// a missing key is an evaluation error: no match
		{"data.msg.text == 'hi'", field, false},
	}
	for _, tc := range tests {
		f, err := Compile(tc.filter)
		require.NoError(t, err, tc.filter)
		got, _ := f.Match(tc.in)
		assert.Equal(t, tc.want, got, "%s on %s", tc.filter, tc.in.EventType)
	}

	f := MustCompile("data.msg.text == 'hi'")
	_, err := f.Match(field)
	assert.ErrorContains(t, err, "no such key")
	assert.True(t, MustCompile("").MatchesAll())
	assert.Equal(t, "event_type == 'x'", MustCompile("event_type == 'x'").Source())
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		filter       string
		line, column int
		message      string
	}{
		{"event_type == ", 1, 15, "Syntax error"},
		{"evnt_type == 'msg_created'", 1, 1, "undeclared reference to 'evnt_type'"},
		{"event_type == 'a' &&\n  event_type > 3", 2, 14, "no matching overload"},
		{"event_type", 0, 0, "filter must give a boolean, this one gives string"},
		{"event_type.size()", 0, 0, "filter must give a boolean, this one gives int"},
	}
	for _, tc := range tests {
		_, err := Compile(tc.filter)
		var fe *Error
		require.ErrorAs(t, err, &fe, tc.filter)
		assert.Equal(t, tc.line, fe.Line, tc.filter)
		assert.Equal(t, tc.column, fe.Column, tc.filter)
		assert.Contains(t, fe.Message, tc.message, tc.filter)
	}
	_, err := Compile(strings.Repeat("x", MaxLength+1))
	assert.EqualError(t, err, "filter is 4097 bytes long, the limit is 4096")
	_, err = Compile("evnt_type == 'x'")
	assert.EqualError(t, err, "line 1, column 1: undeclared reference to 'evnt_type' (did you mean 'event_type'?)")
}

func TestObject(t *testing.T) {
	m, err := Object(nil)
	assert.NoError(t, err)
	assert.Empty(t, m)
	m, err = Object([]byte(`[1]`))
	assert.Error(t, err)
	assert.Empty(t, m)
	m, err = Object([]byte(`null`))
	assert.NoError(t, err)
	assert.Empty(t, m)
}

func TestCostLimit(t *testing.T) {
	items := make([]any, 2000)
	for i := range items {
		items[i] = map[string]any{"n": float64(i)}
	}
	in := &Input{EventType: "x", Data: map[string]any{"items": items}}
	f := MustCompile("data.items.all(a, data.items.all(b, a.n >= 0 || b.n >= 0))")
	ok, err := f.Match(in)
	assert.False(t, ok)
	assert.ErrorContains(t, err, "cost limit exceeded")
}
