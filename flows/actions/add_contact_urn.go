package actions

import (
	"context"

	"strings"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// TypeAddContactURN is the type of AddContactURN.
const TypeAddContactURN = "add_contact_urn"

// urnLocal is the local add_contact_urn saves the added URN in ("" when it was invalid).
const urnLocal = "_has_urn"

func init() {
	mustRegister(TypeInfo{Name: TypeAddContactURN, New: func() flows.Action { return &AddContactURN{baseAction: newBase(TypeAddContactURN, "")} },
		Description: "Adds a URN (phone number, email address...) to the contact", Category: CategoryContacts})
}

// AddContactURN adds a URN to the contact: the scheme is fixed and the path a template.
// The normalized URN is saved in the _has_urn local ("" when it isn't valid).
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "add_contact_urn", "scheme": "tel", "path": "@results.phone_number.value"}
type AddContactURN struct {
	baseAction
	Scheme string `json:"scheme" validate:"required"`
	Path   string `json:"path" validate:"required"`
}

// Validate checks the fields.
func (a *AddContactURN) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *AddContactURN) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute evaluates the path and changes the contact.
func (a *AddContactURN) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	path, _ := evaluate(run, a.Path, nil, log)
	path = strings.TrimSpace(path)
	if path == "" {
		log(events.NewError("Can't add URN with empty path"))
		return nil
	}
	urn := urns.URN(a.Scheme + ":" + path).Normalize(string(run.Env().DefaultCountry()))
	if urn.Validate() == nil {
		run.SetLocal(urnLocal, string(urn.Identity()))
	} else {
		run.SetLocal(urnLocal, "")
	}
	applyModifier(run, modifiers.NewURNs([]urns.URN{urns.URN(a.Scheme + ":" + path)}, modifiers.URNsAppend), log)
	return nil
}

// Inspect reports the path template and the local.
func (a *AddContactURN) Inspect(ins flows.Inspector) {
	ins.Templates(a.Path)
	ins.Local(urnLocal)
}
