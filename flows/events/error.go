package events

import "github.com/rivuletflows/rivulet/utils/jsonw"

// TypeError is logged for a problem a flow author can fix; the run goes on.
const TypeError = "error"

func init() { register(TypeError, func() Event { return &Error{} }) }

// Error says something went wrong but the run continues, e.g. an expression failed.
//
//	{"type": "error", "text": "Error evaluating expression: division by zero", "code": "expression", "extra": {"expression": "@(1 / 0)"}}
type Error struct {
	Base
	Text  string            `json:"text"`
	Code  string            `json:"code,omitempty"`
	Extra map[string]string `json:"extra,omitempty"`
}

// NewError creates an error event.
func NewError(text string) *Error { return &Error{Base: NewBase(TypeError), Text: text} }

// NewExpressionError creates the error event of a failing expression.
func NewExpressionError(text, expression string) *Error {
	return &Error{Base: NewBase(TypeError), Text: text, Code: "expression", Extra: map[string]string{"expression": expression}}
}

func (e *Error) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	writeNotice(w, e.Text, e.Code, e.Extra)
}

// writeNotice writes the fields errors and warnings share, and closes the event.
func writeNotice(w *jsonw.Writer, text, code string, extra map[string]string) {
	w.Raw(`,"text":`)
	w.String(text)
	if code != "" {
		w.Raw(`,"code":`)
		w.String(code)
	}
	if len(extra) > 0 {
		w.Raw(`,"extra":`)
		w.StringMap(extra)
	}
	w.Byte('}')
}
