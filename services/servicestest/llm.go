package servicestest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/rivuletflows/rivulet/services"
)

// Token counts every LLM answer reports.
const (
	LLMInputTokens  = 45
	LLMOutputTokens = 78
)

// LLM is the stand-in model of the recordings:
//
//   - input `\error X` fails with X, input `\return X` answers X;
//   - instructions starting `Categorize` answer their last word less a trailing `]`;
//   - instructions starting `Translate` answer the input with letters swapped for digits
//     (a->4 b->8 e->3 g->9 i->1 l->1 o->0 s->5 t->7, either case), except that `error`
//     fails with "simulated services.LLM error" and `untranslatable` answers <CANT>; when the
//     instructions mention JSON the input is an object of string lists, translated value
//     by value;
//   - anything else answers "You asked:\n\n" + instructions + "\n\n" + input.
type LLM struct{}

// Respond answers as described on LLM.
func (LLM) Respond(ctx context.Context, req *services.LLMRequest) (*services.LLMResponse, error) {
	output, err := testLLMAnswer(req.Instructions, req.Input)
	if err != nil {
		return nil, err
	}
	return &services.LLMResponse{Output: output, Tokens: services.LLMTokens{Input: LLMInputTokens, Output: LLMOutputTokens}}, nil
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
		return "", errors.New("simulated services.LLM error")
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
