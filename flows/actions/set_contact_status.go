package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
	"github.com/rivuletflows/rivulet/utils"
)

// TypeSetContactStatus is the type of SetContactStatus.
const TypeSetContactStatus = "set_contact_status"

func init() {
	mustRegister(TypeInfo{Name: TypeSetContactStatus, New: func() flows.Action { return &SetContactStatus{baseAction: newBase(TypeSetContactStatus, "")} },
		Description: "Sets the contact's status: active, blocked, stopped or archived", Category: CategoryContacts})
}

// SetContactStatus sets the contact's status. A contact that is no longer active leaves
// its groups.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "set_contact_status", "status": "blocked"}
type SetContactStatus struct {
	baseAction
	Status flows.ContactStatus `json:"status" validate:"required"`
}

// Validate checks the fields and the status.
func (a *SetContactStatus) Validate() error {
	if err := validate(a); err != nil {
		return err
	}
	if !a.Status.IsValid() {
		return &utils.ValidationError{Field: "status", Tag: "contact_status", Message: "field 'status' is not a valid contact status"}
	}
	return nil
}

// AllowedFlowTypes allows every flow type.
func (a *SetContactStatus) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute changes the contact.
func (a *SetContactStatus) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	applyModifier(run, modifiers.NewStatus(a.Status), log)
	return nil
}

// Inspect reports nothing: the status is not a template.
func (a *SetContactStatus) Inspect(ins flows.Inspector) {}
