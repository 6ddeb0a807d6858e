package actions

import (
	"context"
	"time"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
)

// TypeCallLLM is the type of CallLLM.
const TypeCallLLM = "call_llm"

// llmErrorOutput is saved in the output local when the LLM call fails.
const llmErrorOutput = "<ERROR>"

func init() {
	mustRegister(TypeInfo{Name: TypeCallLLM, New: func() flows.Action { return &CallLLM{baseAction: newBase(TypeCallLLM, "")} },
		Description: "Asks an LLM and saves its answer in a local", Category: CategoryServices})
}

// CallLLM asks an LLM: the instructions and input are templates, and the answer is saved
// in the output local (<ERROR> when the call fails), where a router can pick it up.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "call_llm", "llm": {"uuid": "14115c03-b4c5-49e2-b9ac-390c43e9d7ce", "name": "GPT-4"}, "instructions": "Categorize the following text as positive or negative", "input": "@input.text", "output_local": "_llm_output"}
type CallLLM struct {
	baseAction
	LLM          *assets.LLMReference `json:"llm" validate:"required"`
	Instructions string               `json:"instructions" validate:"required,max=10000"`
	Input        string               `json:"input,omitempty" validate:"max=1000"`
	OutputLocal  string               `json:"output_local" validate:"required,max=64"`
}

// Validate checks the fields.
func (a *CallLLM) Validate() error { return validate(a) }

// AllowedFlowTypes allows flows that can call services.
func (a *CallLLM) AllowedFlowTypes() []flows.FlowType { return onlineTypes }

// Execute asks the LLM and saves its answer, logging llm_called.
func (a *CallLLM) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	output := a.call(ctx, run, log)
	run.SetLocal(a.OutputLocal, output)
	return nil
}

func (a *CallLLM) call(ctx context.Context, run flows.Run, log events.Callback) string {
	llm := run.Session().Assets().LLMs.Get(a.LLM.UUID)
	if llm == nil {
		logMissingDependency(log, "llm", "uuid", string(a.LLM.UUID), a.LLM.Name)
		return llmErrorOutput
	}
	instructions, _ := evaluate(run, a.Instructions, nil, log)
	input, _ := evaluate(run, a.Input, nil, log)

	service := run.Session().Services().LLM
	if service == nil {
		log(events.NewError("no LLM service configured"))
		return llmErrorOutput
	}
	clock := run.Session().Clock()
	start := clock.Now()
	resp, err := service.Respond(ctx, &services.LLMRequest{LLM: llm.Reference(), Type: llm.Type, Instructions: instructions, Input: input})
	elapsed := clock.Now().Sub(start)
	if err != nil {
		logServiceError(ctx, err.Error(), log)
		return llmErrorOutput
	}
	log(events.NewLLMCalled(llm.Reference(), instructions, input, resp.Output, resp.Tokens, int(elapsed/time.Millisecond)))
	return resp.Output
}

// Inspect reports the LLM, the templates and the output local.
func (a *CallLLM) Inspect(ins flows.Inspector) {
	ins.Dependency(a.LLM)
	ins.Templates(a.Instructions, a.Input)
	ins.Local(a.OutputLocal)
}
