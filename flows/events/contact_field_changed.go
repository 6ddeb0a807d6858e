package events

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/assets"
)

// TypeContactFieldChanged is logged when a contact field is set or cleared.
const TypeContactFieldChanged = "contact_field_changed"

// ContactFieldChanged says a field of the contact changed. Value is the new value (a
// *flows.Value, which marshals as {"text": ..., "number": ...}) or nil when cleared.
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
