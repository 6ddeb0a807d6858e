package events

import (
	"github.com/rivuletflows/rivulet/utils/jsonw"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// TypeContactURNsChanged is logged when the contact's URNs or their channel affinity change.
const TypeContactURNsChanged = "contact_urns_changed"

func init() { register(TypeContactURNsChanged, func() Event { return &ContactURNsChanged{} }) }

// ContactURNsChanged carries the complete new URN list, channel parameters included.
//
//	{"type": "contact_urns_changed", "urns": ["tel:+12065551212?channel=57f1078f-...", "twitterid:54784326227#nyaruka"]}
type ContactURNsChanged struct {
	Base
	URNs []urns.URN `json:"urns"`
}

// NewContactURNsChanged creates a contact_urns_changed event; a nil list is written as [].
func NewContactURNsChanged(list []urns.URN) *ContactURNsChanged {
	if list == nil {
		list = []urns.URN{}
	}
	return &ContactURNsChanged{Base: NewBase(TypeContactURNsChanged), URNs: list}
}

func (e *ContactURNsChanged) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"urns":`)
	writeURNs(w, e.URNs)
	w.Byte('}')
}
