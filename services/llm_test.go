package services

import (
	"testing"
)

func TestLLMPrompts(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
		err  string
	}{
		{"categorize", []string{"[Flights, Hotels]"}, "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: [Flights, Hotels]", ""},
		{"categorize", nil, "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: ", ""},
		{"summarize", nil, "", "no such prompt 'summarize'"},
	}
	for _, tc := range tests {
		got, err := RenderLLMPrompt(tc.name, tc.args...)
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: want error %q, got %v", tc.name, tc.err, err)
			}
			continue
		}
		must(t, err, "%s", tc.name)
		check(t, tc.want, got, "%s", tc.name)
	}
	for _, name := range LLMPromptNames() {
		_, ok := LLMPrompt(name)
		check(t, true, ok, "prompt %s", name)
	}
}
