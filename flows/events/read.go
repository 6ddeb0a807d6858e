package events

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/buger/jsonparser"

	"github.com/rivuletflows/rivulet/utils"
)

// registry makes an empty event of each type to decode into, filled by init in each
// event's file.
var registry = utils.NewRegistry[func() Event]("event type")

// register adds a built-in event type; a duplicate panics.
func register(typeName string, factory func() Event) { registry.MustRegister(typeName, factory) }

// Types returns the names of every event type, sorted.
func Types() []string { return registry.Names() }

// New returns an empty event of the type, ready to decode into, and false for a type
// that isn't one.
func New(typeName string) (Event, bool) {
	factory, ok := registry.Lookup(typeName)
	if !ok {
		return nil, false
	}
	return factory(), true
}

// Read reads an event back from its JSON into its type, choosing the type by the "type"
// field: a stored event log reads back into the values the sprint logged, for callers and
// event filters that act on them.
//
//	e, err := events.Read([]byte(`{"type": "failure", "uuid": "...", "created_on": "...", "text": "..."}`))
//	failure := e.(*events.Failure)
func Read(data []byte) (Event, error) {
	typeName, err := jsonparser.GetString(data, "type")
	if err != nil || typeName == "" {
		return nil, errors.New("field 'type' is required")
	}
	e, ok := New(typeName)
	if !ok {
		return nil, fmt.Errorf("unknown event type: '%s'", typeName)
	}
	if err := json.Unmarshal(data, e); err != nil {
		return nil, fmt.Errorf("unable to read %s event: %w", typeName, utils.DescribeJSONError(err))
	}
	return e, nil
}

// ReadList reads a JSON array of events, such as a sprint's events as stored; an error
// names the index of the event it could not read.
func ReadList(data []byte) ([]Event, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal(data, &raws); err != nil {
		return nil, fmt.Errorf("unable to read events: %w", utils.DescribeJSONError(err))
	}
	if raws == nil && !bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		raws = []json.RawMessage{}
	}
	list := make([]Event, len(raws))
	for i, raw := range raws {
		e, err := Read(raw)
		if err != nil {
			return nil, fmt.Errorf("unable to read events[%d]: %w", i, err)
		}
		list[i] = e
	}
	return list, nil
}
