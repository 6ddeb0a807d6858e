package events

import (
	"time"

	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeContactLastSeenChanged is logged when the contact's last seen time changes.
const TypeContactLastSeenChanged = "contact_last_seen_changed"

func init() { register(TypeContactLastSeenChanged, func() Event { return &ContactLastSeenChanged{} }) }

// ContactLastSeenChanged carries the new last seen time.
//
//	{"type": "contact_last_seen_changed", "last_seen_on": "2026-02-03T11:40:30.123456789Z"}
type ContactLastSeenChanged struct {
	Base
	LastSeenOn time.Time `json:"last_seen_on"`
}

// NewContactLastSeenChanged creates a contact_last_seen_changed event.
func NewContactLastSeenChanged(t time.Time) *ContactLastSeenChanged {
	return &ContactLastSeenChanged{Base: NewBase(TypeContactLastSeenChanged), LastSeenOn: t}
}

func (e *ContactLastSeenChanged) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"last_seen_on":`)
	w.Time(e.LastSeenOn)
	w.Byte('}')
}
