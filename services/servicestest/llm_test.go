package servicestest

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

func TestTestLLM(t *testing.T) {
	tests := []struct {
		instructions, input string
		output, err         string
	}{
		{"Categorize the following text as positive or negative", "Hi everybody", "negative", ""},
		{"Categorize into [Flights, Hotels]", "I'd like a flight", "Hotels", ""},
		{"Categorize", "x", "Categorize", ""},
		{"Anything", `\error this is an error`, "", "this is an error"},
		{"Categorize as a or b", `\return maybe`, "maybe", ""},
		{"Translate to Spanish", "Hello Bob, it's great", "H3110 808, 17'5 9r347", ""},
		{"Translate to Spanish", "error", "", "simulated services.LLM error"},
		{"Translate to Spanish", "untranslatable", "<CANT>", ""},
		{"Translate the values of this JSON", `{"text": ["Hello", "untranslatable"], "a": []}`, `{"text":["H3110","<CANT>"],"a":[]}`, ""},
		{"Translate the values of this JSON", `{"text": ["error"]}`, "", "simulated services.LLM error"},
		{"Translate the values of this JSON", `["x"]`, "", `input is not a JSON object: '["x"]'`},
		{"Translate the values of this JSON", `{"text": "x"}`, "", "value of 'text' is not a list of strings"},
		{"Summarize", "some text", "You asked:\n\nSummarize\n\nsome text", ""},
		{"", "", "You asked:\n\n\n\n", ""},
	}
	for _, tc := range tests {
		resp, err := LLM{}.Respond(context.Background(), &services.LLMRequest{Instructions: tc.instructions, Input: tc.input})
		if tc.err != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tc.err) {
				t.Errorf("%q / %q: want error %q, got %v", tc.instructions, tc.input, tc.err, err)
			}
			continue
		}
		must(t, err, "%q / %q", tc.instructions, tc.input)
		check(t, tc.output, resp.Output, "%q / %q", tc.instructions, tc.input)
		check(t, services.LLMTokens{Input: 45, Output: 78}, resp.Tokens, "tokens")
	}
}

// TestTestLLMRecorded answers the recorded llm_called events the same way.
func TestTestLLMRecorded(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "runner", "*.json"))
	files = append(files, filepath.Join(dir, "reference", "actions", "call_llm.json"))
	found := 0
	for _, f := range files {
		var doc any
		testutil.ReadJSON(t, f, &doc)
		for _, e := range findEvents(doc, "llm_called") {
			found++
			var ev struct {
				Instructions string             `json:"instructions"`
				Input        string             `json:"input"`
				Output       string             `json:"output"`
				Tokens       services.LLMTokens `json:"tokens"`
			}
			raw, _ := json.Marshal(e)
			must(t, json.Unmarshal(raw, &ev), "event")
			resp, err := LLM{}.Respond(context.Background(), &services.LLMRequest{Instructions: ev.Instructions, Input: ev.Input})
			must(t, err, "%s", f)
			check(t, ev.Output, resp.Output, "%s: output", filepath.Base(f))
			check(t, ev.Tokens, resp.Tokens, "%s: tokens", filepath.Base(f))
			if strings.HasPrefix(ev.Instructions, "Categorize the following text into") {
				categories := strings.TrimPrefix(ev.Instructions, "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: ")
				prompt, err := services.RenderLLMPrompt("categorize", categories)
				must(t, err, "render")
				check(t, ev.Instructions, prompt, "categorize prompt")
			}
		}
	}
	if found == 0 {
		t.Fatal("no recorded llm_called events")
	}
}

// findEvents walks decoded JSON for objects of the given event type.
func findEvents(v any, typeName string) []map[string]any {
	var found []map[string]any
	switch v := v.(type) {
	case map[string]any:
		if v["type"] == typeName {
			found = append(found, v)
		}
		for _, c := range v {
			found = append(found, findEvents(c, typeName)...)
		}
	case []any:
		for _, c := range v {
			found = append(found, findEvents(c, typeName)...)
		}
	}
	return found
}
