package actions

import (
	"context"

	"fmt"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeEnterFlow is the type of EnterFlow.
const TypeEnterFlow = "enter_flow"

func init() {
	mustRegister(TypeInfo{Name: TypeEnterFlow, New: func() flows.Action { return &EnterFlow{baseAction: newBase(TypeEnterFlow, "")} },
		Description: "Starts a child run of another flow for the contact", Category: CategoryFlow})
}

// EnterFlow starts a run of another flow for the contact once the node's actions are
// done. The parent run continues when the child ends, unless terminal is set. A missing
// flow, or a flow of a type that can't be entered from this one, fails the session.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "enter_flow", "flow": {"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Collect Age"}, "terminal": false}
type EnterFlow struct {
	baseAction
	Flow     *assets.FlowReference `json:"flow" validate:"required"`
	Terminal bool                  `json:"terminal,omitempty"`
}

// Validate checks the fields.
func (a *EnterFlow) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *EnterFlow) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute checks the flow can be entered and asks the engine to enter it. A flow that is
// missing or of the wrong type is returned as an error: the session fails.
func (a *EnterFlow) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	flow := run.Session().Assets().Flows.Get(a.Flow.UUID)
	if flow == nil {
		return fmt.Errorf("Unable to find flow '%s'", a.Flow.Name)
	}
	from := run.FlowType()
	to := assetFlowType(flow)
	if !canEnter(from, to) {
		return fmt.Errorf("Can't enter flow[uuid=%s,name=%s] of type %s from type %s", flow.UUID, flow.Name, to, from)
	}
	run.Session().EnterFlow(flow.UUID, a.Terminal)
	return nil
}

// assetFlowType reads the type of a flow asset, which older assets give as a one letter code.
func assetFlowType(flow *assets.Flow) flows.FlowType {
	switch flow.Type {
	case "M", "F":
		return flows.FlowTypeMessaging
	case "B":
		return flows.FlowTypeMessagingBackground
	case "S", "O":
		return flows.FlowTypeMessagingOffline
	case "V":
		return flows.FlowTypeVoice
	}
	return flows.FlowType(flow.Type)
}

// canEnter reports whether a run of type from may enter a flow of type to: flows of the
// same type, and background flows from any messaging flow.
func canEnter(from, to flows.FlowType) bool {
	if from == to {
		return true
	}
	return to == flows.FlowTypeMessagingBackground && (from == flows.FlowTypeMessaging || from == flows.FlowTypeMessagingOffline)
}

// Inspect reports the flow.
func (a *EnterFlow) Inspect(ins flows.Inspector) { ins.Dependency(a.Flow) }
