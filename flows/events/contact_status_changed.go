package events

import "github.com/rivuletflows/rivulet/utils/jsonw"

// TypeContactStatusChanged is logged when the contact is activated, blocked, stopped or archived.
const TypeContactStatusChanged = "contact_status_changed"

func init() { register(TypeContactStatusChanged, func() Event { return &ContactStatusChanged{} }) }

// ContactStatusChanged carries the new status.
//
//	{"type": "contact_status_changed", "status": "blocked"}
type ContactStatusChanged struct {
	Base
	Status string `json:"status"`
}

// NewContactStatusChanged creates a contact_status_changed event.
func NewContactStatusChanged(status string) *ContactStatusChanged {
	return &ContactStatusChanged{Base: NewBase(TypeContactStatusChanged), Status: status}
}

func (e *ContactStatusChanged) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"status":`)
	w.String(e.Status)
	w.Byte('}')
}
