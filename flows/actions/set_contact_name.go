package actions

import (
	"context"

	"strings"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
)

// TypeSetContactName is the type of SetContactName.
const TypeSetContactName = "set_contact_name"

func init() {
	mustRegister(TypeInfo{Name: TypeSetContactName, New: func() flows.Action { return &SetContactName{baseAction: newBase(TypeSetContactName, "")} },
		Description: "Sets the contact's name", Category: CategoryContacts})
}

// SetContactName sets the contact's name from a template; an empty name clears it. Names
// are cut to the contact model's limit.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "set_contact_name", "name": "Bob Smith"}
type SetContactName struct {
	baseAction
	Name string `json:"name"`
}

// Validate checks the fields.
func (a *SetContactName) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *SetContactName) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute evaluates the name and changes the contact.
func (a *SetContactName) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	name, ok := evaluate(run, a.Name, nil, log)
	if !ok {
		return nil
	}
	applyModifier(run, modifiers.NewName(strings.TrimSpace(name)), log)
	return nil
}

// Inspect reports the name template.
func (a *SetContactName) Inspect(ins flows.Inspector) { ins.Templates(a.Name) }
