package events

import "github.com/rivuletflows/rivulet/utils/jsonw"

// TypeContactNameChanged is logged when the contact's name changes.
const TypeContactNameChanged = "contact_name_changed"

func init() { register(TypeContactNameChanged, func() Event { return &ContactNameChanged{} }) }

// ContactNameChanged carries the new name ("" when cleared).
//
//	{"type": "contact_name_changed", "name": "Bobby"}
type ContactNameChanged struct {
	Base
	Name string `json:"name"`
}

// NewContactNameChanged creates a contact_name_changed event.
func NewContactNameChanged(name string) *ContactNameChanged {
	return &ContactNameChanged{Base: NewBase(TypeContactNameChanged), Name: name}
}

func (e *ContactNameChanged) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"name":`)
	w.String(e.Name)
	w.Byte('}')
}
