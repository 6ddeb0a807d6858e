package modifiers

import (
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeGroups is the type of the groups modifier.
const TypeGroups = "groups"

// GroupsModification says whether a groups modifier adds or removes.
type GroupsModification string

// The group modifications.
const (
	GroupsAdd    GroupsModification = "add"
	GroupsRemove GroupsModification = "remove"
)

// Groups adds the contact to or removes it from groups. Smart groups are refused with an
// error event (their membership follows their query), and blocked or stopped contacts
// can't be added to groups.
//
//	{"type": "groups", "groups": [{"uuid": "b7cf0d83-...", "name": "Testers"}], "modification": "add"}
type Groups struct {
	Groups       []*assets.Group
	Modification GroupsModification
}

// NewGroups creates a groups modifier.
func NewGroups(groups []*assets.Group, mod GroupsModification) *Groups {
	return &Groups{Groups: groups, Modification: mod}
}

func (m *Groups) Type() string { return TypeGroups }

// Apply changes memberships, logging contact_groups_changed when any changed.
func (m *Groups) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	var changed []*assets.Group
	if m.Modification == GroupsAdd {
		if s := c.Status(); s == flows.ContactStatusBlocked || s == flows.ContactStatusStopped {
			log(events.NewError("Can't add blocked or stopped contacts to groups"))
			return false
		}
		for _, g := range m.Groups {
			if g.IsSmart() {
				log(events.NewError(fmt.Sprintf("Can't add contacts to the query based group '%s'", g.Name)))
			} else if c.AddGroup(g) {
				changed = append(changed, g)
			}
		}
		if len(changed) > 0 {
			log(events.NewContactGroupsChanged(changed, nil))
		}
	} else {
		for _, g := range m.Groups {
			if g.IsSmart() {
				log(events.NewError(fmt.Sprintf("Can't remove contacts from the query based group '%s'", g.Name)))
			} else if c.RemoveGroup(g) {
				changed = append(changed, g)
			}
		}
		if len(changed) > 0 {
			log(events.NewContactGroupsChanged(nil, changed))
		}
	}
	return len(changed) > 0
}

// MarshalJSON writes the groups as references.
func (m *Groups) MarshalJSON() ([]byte, error) {
	refs := make([]*assets.GroupReference, len(m.Groups))
	for i, g := range m.Groups {
		refs[i] = g.Reference()
	}
	return json.Marshal(struct {
		Type         string                   `json:"type"`
		Groups       []*assets.GroupReference `json:"groups"`
		Modification GroupsModification       `json:"modification"`
	}{TypeGroups, refs, m.Modification})
}

func init() {
	register(TypeGroups, func(data []byte, sa *assets.Collection) (Modifier, error) {
		var e struct {
			Groups       []*assets.GroupReference `json:"groups"`
			Modification GroupsModification       `json:"modification"`
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, err
		}
		if e.Modification != GroupsAdd && e.Modification != GroupsRemove {
			return nil, fmt.Errorf("field 'modification' has invalid value '%s'", e.Modification)
		}
		m := &Groups{Modification: e.Modification}
		for i, ref := range e.Groups {
			if ref == nil {
				return nil, fmt.Errorf("field 'groups[%d]' is null", i)
			}
			var g *assets.Group
			if sa != nil && sa.Groups != nil {
				g = sa.Groups.Get(ref.UUID)
			}
			if g == nil {
				return nil, missing(ref)
			}
			m.Groups = append(m.Groups, g)
		}
		return m, nil
	})
}
