package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeRequestOptIn is the type of RequestOptIn.
const TypeRequestOptIn = "request_optin"

func init() {
	mustRegister(TypeInfo{Name: TypeRequestOptIn, New: func() flows.Action { return &RequestOptIn{baseAction: newBase(TypeRequestOptIn, "")} },
		Description: "Asked the contact to opt in to messages on a topic (no longer supported)", Category: CategoryMessaging})
}

// RequestOptIn asked the contact to opt in to an opt-in topic. Flows that have it still
// read, but running it only logs an error: opt-in requests are no longer supported.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "request_optin", "optin": {"uuid": "248be71d-78e9-4d71-a6c4-9981d369e5cb", "name": "Joke Of The Day"}}
type RequestOptIn struct {
	baseAction
	OptIn *assets.OptInReference `json:"optin" validate:"required"`
}

// Validate checks the fields.
func (a *RequestOptIn) Validate() error { return validate(a) }

// AllowedFlowTypes allows messaging flows.
func (a *RequestOptIn) AllowedFlowTypes() []flows.FlowType { return messagingTypes }

// Execute logs that the action is unsupported.
func (a *RequestOptIn) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	log(errorEvent("opt-in requests are no longer supported", "action:unsupported", nil))
	return nil
}

// Inspect reports nothing: the action no longer uses its opt-in.
func (a *RequestOptIn) Inspect(ins flows.Inspector) {}
