package engine

import (
	"fmt"
	"time"

	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

// Outcomes of an action's execution.
const (
	ActionOK      = "ok"
	ActionFailed  = "failed"
	ActionSkipped = "skipped"
)

// ActionRun records one action of a sprint, the way job runners record steps: what ran,
// its outcome, how long it took and what went wrong. An action is failed when it ended the
// session, logged an error or failure, or made a service call that did not succeed; the
// actions of a node left after a failure or an interruption are skipped.
type ActionRun struct {
	FlowUUID   utils.UUID    `json:"flow_uuid"`
	NodeUUID   utils.UUID    `json:"node_uuid"`
	ActionUUID utils.UUID    `json:"action_uuid"`
	Type       string        `json:"type"`
	Outcome    string        `json:"outcome"`
	Duration   time.Duration `json:"duration_ns"`
	Error      string        `json:"error,omitempty"`
}

// actionError finds what went wrong in the events an action logged ("" when nothing did).
func actionError(evs []events.Event) string {
	for _, e := range evs {
		switch ev := e.(type) {
		case *events.Error:
			return ev.Text
		case *events.Failure:
			return ev.Text
		case *events.WebhookCalled:
			if ev.Status != services.CallStatusSuccess {
				return fmt.Sprintf("%s %s: %s", "webhook", ev.URL, ev.Status)
			}
		}
	}
	return ""
}
