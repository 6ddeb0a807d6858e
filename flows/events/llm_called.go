package events

import (
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeLLMCalled is logged when call_llm got an answer from an LLM.
const TypeLLMCalled = "llm_called"

func init() { register(TypeLLMCalled, func() Event { return &LLMCalled{} }) }

// LLMCalled records an LLM call: what was asked and what came back.
//
//	{"type": "llm_called", "llm": {"uuid": "51ade705-8338-40a9-8a77-37657a936966", "name": "Claude"}, "instructions": "Categorize ...", "input": "Hi everybody", "output": "negative", "tokens": {"input": 45, "output": 78}, "elapsed_ms": 1000}
type LLMCalled struct {
	Base
	LLM          *assets.LLMReference `json:"llm"`
	Instructions string               `json:"instructions"`
	Input        string               `json:"input"`
	Output       string               `json:"output"`
	Tokens       services.LLMTokens   `json:"tokens"`
	ElapsedMS    int                  `json:"elapsed_ms"`
}

// NewLLMCalled creates an llm_called event.
func NewLLMCalled(llm *assets.LLMReference, instructions, input, output string, tokens services.LLMTokens, elapsedMS int) *LLMCalled {
	return &LLMCalled{Base: NewBase(TypeLLMCalled), LLM: llm, Instructions: instructions, Input: input, Output: output, Tokens: tokens, ElapsedMS: elapsedMS}
}

func (e *LLMCalled) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"llm":`)
	if e.LLM == nil {
		w.Raw("null")
	} else {
		writeUUIDName(w, string(e.LLM.UUID), e.LLM.Name)
	}
	w.Raw(`,"instructions":`)
	w.String(e.Instructions)
	w.Raw(`,"input":`)
	w.String(e.Input)
	w.Raw(`,"output":`)
	w.String(e.Output)
	w.Raw(`,"tokens":{"input":`)
	w.Int(int64(e.Tokens.Input))
	w.Raw(`,"output":`)
	w.Int(int64(e.Tokens.Output))
	w.Raw(`},"elapsed_ms":`)
	w.Int(int64(e.ElapsedMS))
	w.Byte('}')
}
