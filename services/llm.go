package services

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
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

// Token counts every TestLLM answer reports.
const (
	TestLLMInputTokens  = 45
	TestLLMOutputTokens = 78
)

// TestLLM is the stand-in model of the recordings:
//
//   - input `\error X` fails with X, input `\return X` answers X;
//   - instructions starting `Categorize` answer their last word less a trailing `]`;
//   - instructions starting `Translate` answer the input with letters swapped for digits
//     (a->4 b->8 e->3 g->9 i->1 l->1 o->0 s->5 t->7, either case), except that `error`
//     fails with "simulated LLM error" and `untranslatable` answers <CANT>; when the
//     instructions mention JSON the input is an object of string lists, translated value
//     by value;
//   - anything else answers "You asked:\n\n" + instructions + "\n\n" + input.
type TestLLM struct{}

// Respond answers as described on TestLLM.
func (TestLLM) Respond(ctx context.Context, req *LLMRequest) (*LLMResponse, error) {
	output, err := testLLMAnswer(req.Instructions, req.Input)
	if err != nil {
		return nil, err
	}
	return &LLMResponse{Output: output, Tokens: LLMTokens{Input: TestLLMInputTokens, Output: TestLLMOutputTokens}}, nil
}

func testLLMAnswer(instructions, input string) (string, error) {
	switch {
	case strings.HasPrefix(input, `\error `):
		return "", errors.New(strings.TrimPrefix(input, `\error `))
	case strings.HasPrefix(input, `\return `):
		return strings.TrimPrefix(input, `\return `), nil
	case strings.HasPrefix(instructions, "Categorize"):
		words := strings.Fields(instructions)
		if len(words) == 0 {
			return "", nil
		}
		return strings.TrimSuffix(words[len(words)-1], "]"), nil
	case strings.HasPrefix(instructions, "Translate"):
		if strings.Contains(instructions, "JSON") {
			return translateJSON(input)
		}
		return testTranslate(input)
	}
	return "You asked:\n\n" + instructions + "\n\n" + input, nil
}

var leetReplacer = strings.NewReplacer(
	"a", "4", "A", "4", "b", "8", "B", "8", "e", "3", "E", "3", "g", "9", "G", "9",
	"i", "1", "I", "1", "l", "1", "L", "1", "o", "0", "O", "0", "s", "5", "S", "5",
	"t", "7", "T", "7",
)

func testTranslate(s string) (string, error) {
	switch s {
	case "error":
		return "", errors.New("simulated LLM error")
	case "untranslatable":
		return "<CANT>", nil
	}
	return leetReplacer.Replace(s), nil
}

// translateJSON translates each string of an object of string lists, keeping key order.
func translateJSON(input string) (string, error) {
	dec := json.NewDecoder(strings.NewReader(input))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return "", fmt.Errorf("input is not a JSON object: '%s'", input)
	}
	var out bytes.Buffer
	out.WriteByte('{')
	for i := 0; dec.More(); i++ {
		tok, err := dec.Token()
		if err != nil {
			return "", fmt.Errorf("input is not a JSON object: %w", err)
		}
		key, _ := tok.(string)
		var values []string
		if err := dec.Decode(&values); err != nil {
			return "", fmt.Errorf("value of '%s' is not a list of strings: %w", key, err)
		}
		for j, v := range values {
			if values[j], err = testTranslate(v); err != nil {
				return "", err
			}
		}
		if i > 0 {
			out.WriteByte(',')
		}
		writeJSON(&out, key)
		out.WriteByte(':')
		writeJSON(&out, values)
	}
	if _, err := dec.Token(); err != nil {
		return "", fmt.Errorf("input is not a JSON object: %w", err)
	}
	out.WriteByte('}')
	return out.String(), nil
}

// writeJSON writes v compactly without escaping <, > and &, which answers contain.
func writeJSON(b *bytes.Buffer, v any) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)       // strings and string slices always encode
	b.Truncate(b.Len() - 1) // Encode ends with a newline
}
