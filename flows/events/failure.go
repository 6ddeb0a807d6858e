package events

import "github.com/rivuletflows/rivulet/utils/jsonw"

// TypeFailure is logged when the session cannot go on and fails.
const TypeFailure = "failure"

func init() { register(TypeFailure, func() Event { return &Failure{} }) }

// Failure says the session failed, e.g. a flow it needs is missing.
//
//	{"type": "failure", "text": "Unable to find flow 'Long Lost Flow'"}
type Failure struct {
	Base
	Text string `json:"text"`
}

// NewFailure creates a failure event.
func NewFailure(text string) *Failure { return &Failure{Base: NewBase(TypeFailure), Text: text} }

func (e *Failure) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"text":`)
	w.String(e.Text)
	w.Byte('}')
}
