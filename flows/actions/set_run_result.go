package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeSetRunResult is the type of SetRunResult.
const TypeSetRunResult = "set_run_result"

func init() {
	mustRegister(TypeInfo{Name: TypeSetRunResult, New: func() flows.Action { return &SetRunResult{baseAction: newBase(TypeSetRunResult, "")} },
		Description: "Saves a result of the run, with an optional category", Category: CategoryFlow})
}

// SetRunResult saves a result on the run, available as @results.name. The value is a
// template; if it fails to evaluate the result is left alone. The category is
// translatable.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "set_run_result", "name": "Gender", "value": "m", "category": "Male"}
type SetRunResult struct {
	baseAction
	Name     string `json:"name" validate:"required,result_name"`
	Value    string `json:"value"`
	Category string `json:"category,omitempty" validate:"max=36"`
}

// Validate checks the fields.
func (a *SetRunResult) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *SetRunResult) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute evaluates the value and saves the result.
func (a *SetRunResult) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	value, ok := evaluate(run, a.Value, nil, log)
	if !ok {
		return nil
	}
	// the value is kept as evaluated, spaces included, as the established engine saves it
	value = truncate(value, maxResultValueLength)

	categoryLocalized := ""
	if a.Category != "" {
		if localized, _ := run.LocalizedText(a.UUID(), "category", a.Category); localized != a.Category {
			categoryLocalized = localized
		}
	}
	run.SaveResult(&flows.Result{Name: a.Name, Value: value, Category: a.Category, CategoryLocalized: categoryLocalized}, log)
	return nil
}

// Inspect reports the value template, the translatable category and the result.
func (a *SetRunResult) Inspect(ins flows.Inspector) {
	ins.Templates(a.Value)
	categories := []string{}
	if a.Category != "" {
		ins.Localizable(a.UUID(), "category", []string{a.Category})
		categories = append(categories, a.Category)
	}
	ins.Result(a.Name, categories)
}
