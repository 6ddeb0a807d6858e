package modifiers

import (
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeField is the type of the field modifier.
const TypeField = "field"

// Field sets a contact field from text ("" clears it).
//
//	{"type": "field", "field": {"key": "age", "name": "Age"}, "value": "37"}
type Field struct {
	Field *assets.Field
	Value string
}

// NewField creates a field modifier.
func NewField(field *assets.Field, value string) *Field { return &Field{Field: field, Value: value} }

func (m *Field) Type() string { return TypeField }

// Apply sets the field, logging contact_field_changed when the value differs.
func (m *Field) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	v, changed := c.SetFieldValue(ctx.Env, m.Field, m.Value, ctx.MaxFieldChars)
	if !changed {
		return false
	}
	log(events.NewContactFieldChanged(m.Field.Reference(), v))
	return true
}

// MarshalJSON writes the modifier with a field reference.
func (m *Field) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type  string                 `json:"type"`
		Field *assets.FieldReference `json:"field"`
		Value string                 `json:"value"`
	}{TypeField, m.Field.Reference(), m.Value})
}

func init() {
	register(TypeField, func(data []byte, sa *assets.Collection) (Modifier, error) {
		var e struct {
			Field *assets.FieldReference `json:"field"`
			Value *string                `json:"value"`
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, err
		}
		if e.Field == nil || e.Field.Key == "" {
			return nil, fmt.Errorf("field 'field' is required")
		}
		var f *assets.Field
		if sa != nil && sa.Fields != nil {
			f = sa.Fields.Get(e.Field.Key)
		}
		if f == nil {
			return nil, missing(e.Field)
		}
		m := &Field{Field: f}
		if e.Value != nil {
			m.Value = *e.Value
		}
		return m, nil
	})
}
