package actions

import (
	"context"
	"strings"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
)

// TypeSetContactField is the type of SetContactField.
const TypeSetContactField = "set_contact_field"

func init() {
	mustRegister(TypeInfo{Name: TypeSetContactField, New: func() flows.Action { return &SetContactField{baseAction: newBase(TypeSetContactField, "")} },
		Description: "Sets a field of the contact", Category: CategoryContacts})
}

// SetContactField sets a contact field from a template; the value is parsed by the
// field's type (number, datetime, location...) and an empty value clears the field.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "set_contact_field", "field": {"key": "gender", "name": "Gender"}, "value": "Male"}
type SetContactField struct {
	baseAction
	Field *assets.FieldReference `json:"field" validate:"required"`
	Value string                 `json:"value" validate:"max=1000"`
}

// Validate checks the fields.
func (a *SetContactField) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *SetContactField) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute evaluates the value and changes the contact.
func (a *SetContactField) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	value, ok := evaluate(run, a.Value, nil, log)
	if !ok {
		return nil
	}
	field := run.Session().Assets().Fields.Get(a.Field.Key)
	if field == nil {
		logMissingDependency(log, "field", "key", a.Field.Key, a.Field.Name)
		return nil
	}
	// surrounding spaces are trimmed, so a value of only spaces clears the field
	applyModifier(run, modifiers.NewField(field, strings.TrimSpace(value)), log)
	return nil
}

// Inspect reports the field and the value template.
func (a *SetContactField) Inspect(ins flows.Inspector) {
	ins.Dependency(a.Field)
	ins.Templates(a.Value)
}
