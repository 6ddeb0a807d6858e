package events

import (
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeContactGroupsChanged is logged when the contact joins or leaves groups.
const TypeContactGroupsChanged = "contact_groups_changed"

func init() { register(TypeContactGroupsChanged, func() Event { return &ContactGroupsChanged{} }) }

// ContactGroupsChanged lists the groups the contact was added to and removed from.
//
//	{"type": "contact_groups_changed", "groups_added": [{"uuid": "a5c50365-...", "name": "Females"}], "groups_removed": [{"uuid": "0ec97956-...", "name": "Males"}]}
type ContactGroupsChanged struct {
	Base
	GroupsAdded   []*assets.GroupReference `json:"groups_added,omitempty"`
	GroupsRemoved []*assets.GroupReference `json:"groups_removed,omitempty"`
}

// NewContactGroupsChanged creates a contact_groups_changed event.
func NewContactGroupsChanged(added, removed []*assets.Group) *ContactGroupsChanged {
	e := &ContactGroupsChanged{Base: NewBase(TypeContactGroupsChanged)}
	for _, g := range added {
		e.GroupsAdded = append(e.GroupsAdded, g.Reference())
	}
	for _, g := range removed {
		e.GroupsRemoved = append(e.GroupsRemoved, g.Reference())
	}
	return e
}

func (e *ContactGroupsChanged) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	if len(e.GroupsAdded) > 0 {
		w.Raw(`,"groups_added":`)
		writeGroupRefs(w, e.GroupsAdded)
	}
	if len(e.GroupsRemoved) > 0 {
		w.Raw(`,"groups_removed":`)
		writeGroupRefs(w, e.GroupsRemoved)
	}
	w.Byte('}')
}
