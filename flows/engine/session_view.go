package engine

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

var _ flows.Session = (*Session)(nil)

// Assets returns the session's asset collection.
func (s *Session) Assets() *assets.Collection { return s.assets.Collection }

// Services returns the engine's services, each call counted against the sprint's budget
// (Limits.MaxServiceCallsPerSprint).
func (s *Session) Services() *services.Services { return s.countedServices() }

// BatchStart reports whether the trigger was marked as batch.
func (s *Session) BatchStart() bool { return s.trigger.Batch }

// InputUUID is the UUID of the message the session was started or last resumed with.
func (s *Session) InputUUID() utils.UUID {
	if s.input == nil {
		return ""
	}
	return s.input.UUID
}

// Call returns the session's voice call, nil when it has none.
func (s *Session) Call() *flows.Call { return s.call }

// History is the session's ancestry, read from the trigger when another session started it.
func (s *Session) History() events.SessionHistory {
	var h struct {
		History *events.SessionHistory `json:"history"`
	}
	if len(s.trigger.Event) == 0 {
		raw, _ := json.Marshal(s.trigger)
		_ = json.Unmarshal(raw, &h)
	}
	if h.History != nil {
		return *h.History
	}
	return events.SessionHistory{}
}

// UnsendableReason says why a message can't be sent, asking Options.MsgCheck; "" when
// there is no check or it lets the message through.
func (s *Session) UnsendableReason(msg *events.MsgOut) string {
	if check := s.engine.opts.MsgCheck; check != nil {
		return check(msg)
	}
	return ""
}

// Clock is the engine's clock, read by actions timing service calls.
func (s *Session) Clock() utils.Clock { return s.engine.opts.Clock }
