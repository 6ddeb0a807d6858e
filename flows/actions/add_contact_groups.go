package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
)

// TypeAddContactGroups is the type of AddContactGroups.
const TypeAddContactGroups = "add_contact_groups"

func init() {
	mustRegister(TypeInfo{Name: TypeAddContactGroups, New: func() flows.Action { return &AddContactGroups{baseAction: newBase(TypeAddContactGroups, "")} },
		Description: "Adds the contact to groups", Category: CategoryContacts})
}

// AddContactGroups adds the contact to groups, given by UUID or by a name_match template.
// Query-based groups can't be added to.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "add_contact_groups", "groups": [{"uuid": "1e1ce1e1-9288-4504-869e-022d1003c72a", "name": "Customers"}]}
type AddContactGroups struct {
	baseAction
	Groups []*assets.GroupReference `json:"groups" validate:"required,dive"`
}

// Validate checks the fields.
func (a *AddContactGroups) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *AddContactGroups) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute resolves the groups and changes the contact.
func (a *AddContactGroups) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	groups := resolveGroups(run, a.Groups, log)
	if len(groups) > 0 {
		applyModifier(run, modifiers.NewGroups(groups, modifiers.GroupsAdd), log)
	}
	return nil
}

// Inspect reports the groups.
func (a *AddContactGroups) Inspect(ins flows.Inspector) { inspectGroupRefs(ins, a.Groups) }
