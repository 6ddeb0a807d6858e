package events

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeContactFieldChanged is logged when a contact field is set or cleared.
const TypeContactFieldChanged = "contact_field_changed"

func init() { register(TypeContactFieldChanged, func() Event { return &ContactFieldChanged{} }) }

// ContactFieldChanged says a field of the contact changed. Its value is the new value: its
// "text", and "number", "datetime", "state", "district" or "ward" when the text reads as
// one, or null when the field was cleared.
//
//	{"type": "contact_field_changed", "field": {"key": "age", "name": "Age"}, "value": {"text": "37", "number": 37}}
type ContactFieldChanged struct {
	Base
	Field *assets.FieldReference `json:"field"`
	Value json.Marshaler         `json:"value"`
}

// NewContactFieldChanged creates a contact_field_changed event; a nil value (or a typed
// nil pointer) marshals as null.
func NewContactFieldChanged(field *assets.FieldReference, value json.Marshaler) *ContactFieldChanged {
	return &ContactFieldChanged{Base: NewBase(TypeContactFieldChanged), Field: field, Value: value}
}

// UnmarshalJSON reads the event back; the value is kept as its JSON (a json.RawMessage,
// which flows.Value reads), nil when it was null.
func (e *ContactFieldChanged) UnmarshalJSON(data []byte) error {
	var j struct {
		Base
		Field *assets.FieldReference `json:"field"`
		Value json.RawMessage        `json:"value"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	e.Base, e.Field, e.Value = j.Base, j.Field, nil
	if len(j.Value) > 0 && string(j.Value) != "null" {
		e.Value = j.Value
	}
	return nil
}

func (e *ContactFieldChanged) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"field":`)
	writeFieldRef(w, e.Field)
	w.Raw(`,"value":`)
	if e.Value == nil {
		w.Raw("null")
	} else {
		w.Value(e.Value)
	}
	w.Byte('}')
}
