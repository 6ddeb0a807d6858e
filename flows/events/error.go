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
	w.Raw(`,"text":`)
	w.String(e.Text)
	if e.Code != "" {
		w.Raw(`,"code":`)
		w.String(e.Code)
	}
	if len(e.Extra) > 0 {
		w.Raw(`,"extra":`)
		w.StringMap(e.Extra)
	}
	w.Byte('}')
}
