package events

import "github.com/rivuletflows/rivulet/utils/jsonw"

// TypeContactTimezoneChanged is logged when the contact's timezone changes.
const TypeContactTimezoneChanged = "contact_timezone_changed"

func init() { register(TypeContactTimezoneChanged, func() Event { return &ContactTimezoneChanged{} }) }

// ContactTimezoneChanged carries the new timezone name ("" when cleared).
//
//	{"type": "contact_timezone_changed", "timezone": "Africa/Kigali"}
type ContactTimezoneChanged struct {
	Base
	Timezone string `json:"timezone"`
}

// NewContactTimezoneChanged creates a contact_timezone_changed event.
func NewContactTimezoneChanged(timezone string) *ContactTimezoneChanged {
	return &ContactTimezoneChanged{Base: NewBase(TypeContactTimezoneChanged), Timezone: timezone}
}

func (e *ContactTimezoneChanged) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"timezone":`)
	w.String(e.Timezone)
	w.Byte('}')
}
