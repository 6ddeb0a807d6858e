package events

import "github.com/rivuletflows/rivulet/utils"

// TypeRunStarted is logged when a run of a flow starts.
const TypeRunStarted = "run_started"

func init() { register(TypeRunStarted, func() Event { return &RunStarted{} }) }

// FlowRef names a flow in events.
type FlowRef struct {
	UUID     utils.UUID `json:"uuid"`
	Name     string     `json:"name"`
	Revision int        `json:"revision,omitempty"`
}

// RunStarted says a run started, and under which parent run for subflows.
//
//	{"type": "run_started", "flow": {"uuid": "...", "name": "Registration"}, "run_uuid": "...", "parent_uuid": "..."}
type RunStarted struct {
	Base
	Flow       FlowRef    `json:"flow"`
	RunUUID    utils.UUID `json:"run_uuid"`
	ParentUUID utils.UUID `json:"parent_uuid,omitempty"`
	Terminal   bool       `json:"terminal,omitempty"`
}

// NewRunStarted creates a run_started event.
func NewRunStarted(flow FlowRef, run, parent utils.UUID) *RunStarted {
	return &RunStarted{Base: NewBase(TypeRunStarted), Flow: flow, RunUUID: run, ParentUUID: parent}
}
