package events

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeRunResultChanged is logged when a run saves a result.
const TypeRunResultChanged = "run_result_changed"

func init() { register(TypeRunResultChanged, func() Event { return &RunResultChanged{} }) }

// RunResultChanged says a result was saved.
//
//	{"type": "run_result_changed", "name": "Favorite Color", "value": "blue", "category": "Blue"}
type RunResultChanged struct {
	Base
	Name              string          `json:"name"`
	Value             string          `json:"value"`
	Category          string          `json:"category"`
	CategoryLocalized string          `json:"category_localized,omitempty"`
	Extra             json.RawMessage `json:"extra,omitempty"`
	Previous          *ResultValue    `json:"previous,omitempty"`
}

// ResultValue is the value and category a result had before it changed.
type ResultValue struct {
	Value    string `json:"value"`
	Category string `json:"category"`
}

// NewRunResultChanged creates a run_result_changed event.
func NewRunResultChanged(name, value, category, categoryLocalized string, extra json.RawMessage) *RunResultChanged {
	return &RunResultChanged{Base: NewBase(TypeRunResultChanged), Name: name, Value: value, Category: category, CategoryLocalized: categoryLocalized, Extra: extra}
}

func (e *RunResultChanged) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"name":`)
	w.String(e.Name)
	w.Raw(`,"value":`)
	w.String(e.Value)
	w.Raw(`,"category":`)
	w.String(e.Category)
	if e.CategoryLocalized != "" {
		w.Raw(`,"category_localized":`)
		w.String(e.CategoryLocalized)
	}
	if len(e.Extra) > 0 {
		w.Raw(`,"extra":`)
		w.RawMessage(e.Extra)
	}
	if e.Previous != nil {
		w.Raw(`,"previous":{"value":`)
		w.String(e.Previous.Value)
		w.Raw(`,"category":`)
		w.String(e.Previous.Category)
		w.Byte('}')
	}
	w.Byte('}')
}
