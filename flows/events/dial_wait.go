package events

import (
	"time"

	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeDialWait is logged when a voice session waits for a number to be dialled.
const TypeDialWait = "dial_wait"

func init() { register(TypeDialWait, func() Event { return &DialWait{} }) }

// DialWait asks the caller to dial a number and resume with the outcome.
//
//	{"type": "dial_wait", "urn": "tel:+593979123456", "dial_limit_seconds": 60, "call_limit_seconds": 7200, "expires_on": "2024-06-10T09:00:00Z"}
type DialWait struct {
	Base
	URN              string    `json:"urn"`
	DialLimitSeconds int       `json:"dial_limit_seconds,omitempty"`
	CallLimitSeconds int       `json:"call_limit_seconds,omitempty"`
	ExpiresOn        time.Time `json:"expires_on"`
}

// NewDialWait creates a dial_wait event.
func NewDialWait(urn string, dialLimit, callLimit int, expiresOn time.Time) *DialWait {
	return &DialWait{Base: NewBase(TypeDialWait), URN: urn, DialLimitSeconds: dialLimit, CallLimitSeconds: callLimit, ExpiresOn: expiresOn}
}

func (e *DialWait) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"urn":`)
	w.String(e.URN)
	if e.DialLimitSeconds != 0 {
		w.Raw(`,"dial_limit_seconds":`)
		w.Int(int64(e.DialLimitSeconds))
	}
	if e.CallLimitSeconds != 0 {
		w.Raw(`,"call_limit_seconds":`)
		w.Int(int64(e.CallLimitSeconds))
	}
	w.Raw(`,"expires_on":`)
	w.Time(e.ExpiresOn)
	w.Byte('}')
}
