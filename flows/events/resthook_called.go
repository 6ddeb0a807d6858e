package events

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeResthookCalled is logged once per call_resthook, before its subscribers are called.
const TypeResthookCalled = "resthook_called"

func init() { register(TypeResthookCalled, func() Event { return &ResthookCalled{} }) }

// ResthookCalled records the payload sent to every subscriber of a resthook.
//
//	{"type": "resthook_called", "resthook": "new-registration", "payload": {"contact": {"uuid": "3935cfc8-06f3-464a-811f-c731dd17157c", "name": "Eric Habimana", "urn": "tel:+250788700800"}, "flow": {"uuid": "b433ba8e-87e1-42d3-963d-4cb7d1a62297", "name": "Market Prices"}, "results": {}}}
type ResthookCalled struct {
	Base
	Resthook string          `json:"resthook"`
	Payload  json.RawMessage `json:"payload"`
}

// NewResthookCalled creates a resthook_called event.
func NewResthookCalled(resthook string, payload json.RawMessage) *ResthookCalled {
	return &ResthookCalled{Base: NewBase(TypeResthookCalled), Resthook: resthook, Payload: payload}
}

func (e *ResthookCalled) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"resthook":`)
	w.String(e.Resthook)
	w.Raw(`,"payload":`)
	w.RawMessage(e.Payload)
	w.Byte('}')
}
