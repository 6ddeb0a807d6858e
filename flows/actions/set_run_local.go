package actions

import (
	"context"

	"strconv"
	"strings"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeSetRunLocal is the type of SetRunLocal.
const TypeSetRunLocal = "set_run_local"

func init() {
	mustRegister(TypeInfo{Name: TypeSetRunLocal, New: func() flows.Action { return &SetRunLocal{baseAction: newBase(TypeSetRunLocal, "")} },
		Description: "Sets, increments or clears a local variable of the run", Category: CategoryFlow})
}

// The operations of set_run_local.
const (
	LocalOperationSet       = "set"
	LocalOperationIncrement = "increment"
	LocalOperationClear     = "clear"
)

// SetRunLocal changes a run local (@locals.name), a variable that is not saved as a
// result: set it to a value, increment it by an integer (a missing local counts as 0) or
// clear it.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "set_run_local", "local": "counter", "value": "1", "operation": "increment"}
type SetRunLocal struct {
	baseAction
	Local     string `json:"local" validate:"required,max=64"`
	Value     string `json:"value,omitempty" validate:"max=1000"`
	Operation string `json:"operation" validate:"required,oneof=set increment clear"`
}

// Validate checks the fields.
func (a *SetRunLocal) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *SetRunLocal) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute applies the operation.
func (a *SetRunLocal) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if a.Operation == LocalOperationClear {
		run.ClearLocal(a.Local)
		return nil
	}
	value, ok := evaluate(run, a.Value, nil, log)
	if !ok {
		return nil
	}
	if a.Operation == LocalOperationSet {
		run.SetLocal(a.Local, value)
		return nil
	}

	increment, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil {
		log(events.NewError("Increment value is not an integer"))
		return nil
	}
	current := 0
	if existing, found := run.Local(a.Local); found {
		current, _ = strconv.Atoi(strings.TrimSpace(existing))
	}
	run.SetLocal(a.Local, strconv.Itoa(current+increment))
	return nil
}

// Inspect reports the value template and the local.
func (a *SetRunLocal) Inspect(ins flows.Inspector) {
	if a.Operation != LocalOperationClear {
		ins.Templates(a.Value)
	}
	ins.Local(a.Local)
}
