package events

import (
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

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

func (e *RunStarted) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"flow":`)
	e.Flow.writeJSON(w)
	w.Raw(`,"run_uuid":`)
	w.String(string(e.RunUUID))
	if e.ParentUUID != "" {
		w.Raw(`,"parent_uuid":`)
		w.String(string(e.ParentUUID))
	}
	if e.Terminal {
		w.Raw(`,"terminal":true`)
	}
	w.Byte('}')
}

func (f *FlowRef) writeJSON(w *jsonw.Writer) {
	w.Raw(`{"uuid":`)
	w.String(string(f.UUID))
	w.Raw(`,"name":`)
	w.String(f.Name)
	if f.Revision != 0 {
		w.Raw(`,"revision":`)
		w.Int(int64(f.Revision))
	}
	w.Byte('}')
}
