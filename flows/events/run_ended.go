package events

import (
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeRunEnded is logged when a run completes, expires, fails or is interrupted.
const TypeRunEnded = "run_ended"

func init() { register(TypeRunEnded, func() Event { return &RunEnded{} }) }

// RunEnded says a run ended and how.
//
//	{"type": "run_ended", "flow": {"uuid": "fad83839-593e-401c-beba-850ae07cbc2c", "name": "Volunteer Sign-up", "revision": 1}, "run_uuid": "01969b47-113b-76f8-95cf-9fca95f1c30a", "status": "completed"}
type RunEnded struct {
	Base
	Flow    FlowRef    `json:"flow"`
	RunUUID utils.UUID `json:"run_uuid"`
	Status  string     `json:"status"`
}

// NewRunEnded creates a run_ended event.
func NewRunEnded(flow FlowRef, run utils.UUID, status string) *RunEnded {
	return &RunEnded{Base: NewBase(TypeRunEnded), Flow: flow, RunUUID: run, Status: status}
}

func (e *RunEnded) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"flow":`)
	e.Flow.writeJSON(w)
	w.Raw(`,"run_uuid":`)
	w.String(string(e.RunUUID))
	w.Raw(`,"status":`)
	w.String(e.Status)
	w.Byte('}')
}
