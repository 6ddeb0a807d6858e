package modifiers

import (
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeStatus is the type of the status modifier.
const TypeStatus = "status"

// Status activates, blocks, stops or archives the contact. A contact that isn't active
// leaves all its groups (done by Apply's group re-evaluation).
//
//	{"type": "status", "status": "blocked"}
type Status struct {
	Type_  string              `json:"type"`
	Status flows.ContactStatus `json:"status"`
}

// NewStatus creates a status modifier.
func NewStatus(s flows.ContactStatus) *Status { return &Status{Type_: TypeStatus, Status: s} }

func (m *Status) Type() string { return TypeStatus }

// Apply sets the status, logging contact_status_changed when it differs.
func (m *Status) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	if !c.SetStatus(m.Status) {
		return false
	}
	log(events.NewContactStatusChanged(string(m.Status)))
	return true
}

func init() {
	register(TypeStatus, func(data []byte, _ *assets.Collection) (Modifier, error) {
		m := &Status{}
		if err := json.Unmarshal(data, m); err != nil {
			return nil, err
		}
		if !m.Status.IsValid() {
			return nil, fmt.Errorf("field 'status' has invalid value '%s'", m.Status)
		}
		return m, nil
	})
}
