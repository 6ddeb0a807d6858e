package engine

import (
	"github.com/rivuletflows/rivulet/flows/events"
)

// reevaluateGroups re-checks the contact's membership of query-based groups after a change,
// logging contact_groups_changed when it moved.
func (s *Session) reevaluateGroups(log events.Callback) {
	added, removed := s.contact.ReevaluateQueryBasedGroups(s.env, s.assets.Groups.Smart())
	if len(added) == 0 && len(removed) == 0 {
		return
	}
	log(events.NewContactGroupsChanged(added, removed))
}
