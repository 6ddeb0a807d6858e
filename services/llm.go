package services

import (
	"context"
	"fmt"
	"strings"
	"text/template"

	"github.com/rivuletflows/rivulet/assets"
)

// LLM answers the prompts of call_llm actions. One service serves every LLM asset; the
// request says which one to use.
type LLM interface {
	// Respond asks the model; the error's text is what the action's error event says.
	Respond(ctx context.Context, req *LLMRequest) (*LLMResponse, error)
}

// LLMRequest is a prompt for one LLM asset.
type LLMRequest struct {
	LLM *assets.LLMReference
	// Type is the asset's provider type, e.g. openai or anthropic.
	Type         string
	Instructions string
	Input        string
	// MaxTokens caps the answer, 0 meaning the provider's default.
	MaxTokens int
}

// LLMTokens counts the tokens of an exchange: the `tokens` of an llm_called event.
type LLMTokens struct {
	Input  int `json:"input"`
	Output int `json:"output"`
}

// LLMResponse is a model's answer: the `output` and `tokens` of an llm_called event. The
// event's elapsed_ms is timed by the action around Respond.
type LLMResponse struct {
	Output string    `json:"output"`
	Tokens LLMTokens `json:"tokens"`
}

// llmPrompts are the named instruction templates that flows use through prompt(); their
// arguments are {{ .arg1 }}, {{ .arg2 }}, ...
var llmPrompts = map[string]string{
	"categorize": "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: {{ .arg1 }}",
}

// LLMPrompt returns the template of a named prompt.
func LLMPrompt(name string) (string, bool) {
	p, ok := llmPrompts[name]
	return p, ok
}

// LLMPromptNames lists the named prompts.
func LLMPromptNames() []string {
	names := make([]string, 0, len(llmPrompts))
	for n := range llmPrompts {
		names = append(names, n)
	}
	return names
}

// RenderLLMPrompt fills a named prompt with its arguments, the first being arg1. Missing
// arguments render empty.
func RenderLLMPrompt(name string, args ...string) (string, error) {
	text, ok := llmPrompts[name]
	if !ok {
		return "", fmt.Errorf("no such prompt '%s'", name)
	}
	tpl, err := template.New(name).Option("missingkey=zero").Parse(text)
	if err != nil {
		return "", fmt.Errorf("invalid prompt '%s': %w", name, err)
	}
	data := make(map[string]string, len(args))
	for i, a := range args {
		data[fmt.Sprintf("arg%d", i+1)] = a
	}
	var b strings.Builder
	if err := tpl.Execute(&b, data); err != nil {
		return "", fmt.Errorf("unable to render prompt '%s': %w", name, err)
	}
	return b.String(), nil
}
