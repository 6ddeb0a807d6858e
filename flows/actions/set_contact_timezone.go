package actions

import (
	"context"

	"fmt"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
	"github.com/rivuletflows/rivulet/utils/dates"
)

// TypeSetContactTimezone is the type of SetContactTimezone.
const TypeSetContactTimezone = "set_contact_timezone"

func init() {
	mustRegister(TypeInfo{Name: TypeSetContactTimezone, New: func() flows.Action { return &SetContactTimezone{baseAction: newBase(TypeSetContactTimezone, "")} },
		Description: "Sets the contact's timezone", Category: CategoryContacts})
}

// SetContactTimezone sets the contact's timezone from a template evaluating to an IANA
// name such as Africa/Kigali; an empty value clears it.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "set_contact_timezone", "timezone": "Africa/Kigali"}
type SetContactTimezone struct {
	baseAction
	Timezone string `json:"timezone"`
}

// Validate checks the fields.
func (a *SetContactTimezone) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *SetContactTimezone) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute evaluates the timezone and changes the contact.
func (a *SetContactTimezone) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	name, ok := evaluate(run, a.Timezone, nil, log)
	if !ok {
		return nil
	}
	name = strings.TrimSpace(name)
	var tz *time.Location
	if name != "" {
		loc, err := dates.LoadLocation(name)
		if err != nil || strings.EqualFold(name, "local") {
			log(errorEvent(fmt.Sprintf("Unrecognized timezone: '%s'", name), "timezone:invalid", map[string]string{"timezone": name}))
			return nil
		}
		tz = loc
	}
	applyModifier(run, modifiers.NewTimezone(tz), log)
	return nil
}

// Inspect reports the timezone template.
func (a *SetContactTimezone) Inspect(ins flows.Inspector) { ins.Templates(a.Timezone) }
