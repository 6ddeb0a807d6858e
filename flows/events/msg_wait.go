package events

import (
	"time"

	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeMsgWait is logged when a session waits for the contact's reply.
const TypeMsgWait = "msg_wait"

func init() { register(TypeMsgWait, func() Event { return &MsgWait{} }) }

// MsgWait says the session waits for a message, until a timeout and an expiration.
//
//	{"type": "msg_wait", "timeout_seconds": 600, "expires_on": "2024-06-17T08:00:00Z"}
type MsgWait struct {
	Base
	TimeoutSeconds *int      `json:"timeout_seconds,omitempty"`
	ExpiresOn      time.Time `json:"expires_on"`
	Hint           any       `json:"hint,omitempty"`
}

// NewMsgWait creates a msg_wait event.
func NewMsgWait(timeout *int, expiresOn time.Time, hint any) *MsgWait {
	return &MsgWait{Base: NewBase(TypeMsgWait), TimeoutSeconds: timeout, ExpiresOn: expiresOn, Hint: hint}
}

func (e *MsgWait) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	if e.TimeoutSeconds != nil {
		w.Raw(`,"timeout_seconds":`)
		w.Int(int64(*e.TimeoutSeconds))
	}
	w.Raw(`,"expires_on":`)
	w.Time(e.ExpiresOn)
	if e.Hint != nil {
		w.Raw(`,"hint":`)
		w.Value(e.Hint)
	}
	w.Byte('}')
}
