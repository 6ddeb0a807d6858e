package engine

import (
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// reevaluateGroups re-checks the contact's membership of query-based groups after a change,
// logging contact_groups_changed when it moved. A contact that is no longer active (blocked,
// stopped, archived) leaves its static groups too, after the query-based ones.
func (s *Session) reevaluateGroups(log events.Callback) {
	added, removed := s.contact.ReevaluateQueryBasedGroups(s.env, s.assets.Groups.Smart())
	if s.contact.Status() != flows.ContactStatusActive {
		var static []*assets.Group
		for _, g := range s.contact.Groups() {
			if !g.IsSmart() {
				static = append(static, g)
			}
		}
		for _, g := range static {
			if s.contact.RemoveGroup(g) {
				removed = append(removed, g)
			}
		}
	}
	if len(added) == 0 && len(removed) == 0 {
		return
	}
	log(events.NewContactGroupsChanged(added, removed))
}
