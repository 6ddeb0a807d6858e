package actions

import (
	"context"

	"errors"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
)

// TypeRemoveContactGroups is the type of RemoveContactGroups.
const TypeRemoveContactGroups = "remove_contact_groups"

func init() {
	mustRegister(TypeInfo{Name: TypeRemoveContactGroups, New: func() flows.Action { return &RemoveContactGroups{baseAction: newBase(TypeRemoveContactGroups, "")} },
		Description: "Removes the contact from groups, or from all its groups", Category: CategoryContacts})
}

// RemoveContactGroups removes the contact from groups, given by UUID or by a name_match
// template, or with all_groups from every group that isn't query-based.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "remove_contact_groups", "groups": [{"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Testers"}]}
type RemoveContactGroups struct {
	baseAction
	Groups    []*assets.GroupReference `json:"groups,omitempty" validate:"dive"`
	AllGroups bool                     `json:"all_groups,omitempty"`
}

// Validate checks the fields, and that groups and all_groups aren't both given.
func (a *RemoveContactGroups) Validate() error {
	if err := validate(a); err != nil {
		return err
	}
	if a.AllGroups && len(a.Groups) > 0 {
		return errors.New("can't specify specific groups when all_groups=true")
	}
	return nil
}

// AllowedFlowTypes allows every flow type.
func (a *RemoveContactGroups) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute resolves the groups and changes the contact.
func (a *RemoveContactGroups) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	var groups []*assets.Group
	if a.AllGroups {
		// every static group the contact is in, in the order the assets list them
		member := run.Contact().Groups()
		for _, g := range run.Session().Assets().Groups.All() {
			if !g.IsSmart() && member.Has(g) {
				groups = append(groups, g)
			}
		}
	} else {
		groups = resolveGroups(run, a.Groups, log)
	}
	if len(groups) > 0 {
		applyModifier(run, modifiers.NewGroups(groups, modifiers.GroupsRemove), log)
	}
	return nil
}

// Inspect reports the groups.
func (a *RemoveContactGroups) Inspect(ins flows.Inspector) { inspectGroupRefs(ins, a.Groups) }
