package events

import "time"

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
