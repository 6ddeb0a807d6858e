package modifiers

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeName is the type of the name modifier.
const TypeName = "name"

// Name sets the contact's name ("" clears it), cut to flows.MaxContactNameLength.
//
//	{"type": "name", "name": "Bobby"}
type Name struct {
	Type_ string `json:"type"`
	Name  string `json:"name"`
}

// NewName creates a name modifier.
func NewName(name string) *Name { return &Name{Type_: TypeName, Name: name} }

func (m *Name) Type() string { return TypeName }

// Apply sets the name, logging contact_name_changed when it differs.
func (m *Name) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	if !c.SetName(m.Name) {
		return false
	}
	log(events.NewContactNameChanged(c.Name()))
	return true
}

func init() {
	register(TypeName, func(data []byte, _ *assets.Collection) (Modifier, error) {
		m := &Name{}
		return m, json.Unmarshal(data, m)
	})
}
