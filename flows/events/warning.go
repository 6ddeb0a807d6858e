package events

import "github.com/rivuletflows/rivulet/utils/jsonw"

// TypeWarning is logged for something suspicious that does not stop the run.
const TypeWarning = "warning"

func init() { register(TypeWarning, func() Event { return &Warning{} }) }

// Warning carries a message for the flow author.
//
//	{"type": "warning", "text": "@contact.id is deprecated, use @contact.ref instead", "code": "context:deprecated"}
type Warning struct {
	Base
	Text  string            `json:"text"`
	Code  string            `json:"code,omitempty"`
	Extra map[string]string `json:"extra,omitempty"`
}

// NewWarning creates a warning event.
func NewWarning(text string) *Warning { return &Warning{Base: NewBase(TypeWarning), Text: text} }

// NewDeprecatedContextWarning warns that a template used a deprecated context path.
func NewDeprecatedContextWarning(text string) *Warning {
	return &Warning{Base: NewBase(TypeWarning), Text: text, Code: "context:deprecated"}
}

func (e *Warning) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	writeNotice(w, e.Text, e.Code, e.Extra)
}
