package events

import "encoding/json"

// TypeResthookCalled is logged once per call_resthook, before its subscribers are called.
const TypeResthookCalled = "resthook_called"

// ResthookCalled records the payload sent to every subscriber of a resthook.
//
//	{"type": "resthook_called", "resthook": "new-registration", "payload": {"contact": {...}, "flow": {...}, ...}}
type ResthookCalled struct {
	Base
	Resthook string          `json:"resthook"`
	Payload  json.RawMessage `json:"payload"`
}

// NewResthookCalled creates a resthook_called event.
func NewResthookCalled(resthook string, payload json.RawMessage) *ResthookCalled {
	return &ResthookCalled{Base: NewBase(TypeResthookCalled), Resthook: resthook, Payload: payload}
}
