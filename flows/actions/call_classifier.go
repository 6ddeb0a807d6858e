package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeCallClassifier is the type of CallClassifier.
const TypeCallClassifier = "call_classifier"

// The categories of a call_classifier result.
var classifierCategories = []string{"Success", "Skipped", "Failure"}

func init() {
	mustRegister(TypeInfo{Name: TypeCallClassifier, New: func() flows.Action { return &CallClassifier{baseAction: newBase(TypeCallClassifier, "")} },
		Description: "Classified text with an NLU service (no longer supported: saves a failure result)", Category: CategoryServices})
}

// CallClassifier classified text with an NLU classifier and saved the intent as a result.
// NLU classifiers are no longer supported: the action logs a warning and saves a Failure
// result, so that flows routing on it still take their failure path.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "call_classifier", "classifier": {"uuid": "1c06c884-39dd-4ce4-ad9f-9a01cbe6c000", "name": "Booking"}, "input": "@input.text", "result_name": "Intent"}
type CallClassifier struct {
	baseAction
	Classifier *assets.ClassifierReference `json:"classifier,omitempty"`
	Input      string                      `json:"input"`
	ResultName string                      `json:"result_name" validate:"required,result_name"`
}

// Validate checks the fields.
func (a *CallClassifier) Validate() error { return validate(a) }

// AllowedFlowTypes allows flows that can call services.
func (a *CallClassifier) AllowedFlowTypes() []flows.FlowType { return onlineTypes }

// Execute warns and saves a failure result.
func (a *CallClassifier) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	log(events.NewWarning("NLU classifiers are no longer supported"))
	run.SaveResult(&flows.Result{Name: a.ResultName, Value: "0", Category: "Failure"}, log)
	return nil
}

// Inspect reports the input template and the result.
func (a *CallClassifier) Inspect(ins flows.Inspector) {
	ins.Templates(a.Input)
	ins.Result(a.ResultName, classifierCategories)
}
