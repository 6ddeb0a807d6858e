package engine

import "testing"

// TestLLMPromptsAreEngineSettings checks prompt() renders the engine's own prompt templates,
// and the built-in ones when the engine sets none.
func TestLLMPromptsAreEngineSettings(t *testing.T) {
	s := newWriterTestSession(t)
	run := s.runs[0]
	tpl := `@(prompt("Categorize", array("Yes", "No")))`

	out, errs := run.Evaluate(tpl)
	want := "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: [Yes, No]"
	if len(errs) > 0 || out != want {
		t.Errorf("built-in prompt: expected %q, got %q (errors %v)", want, out, errs)
	}

	s.engine = New(Options{LLMPrompts: map[string]string{"categorize": "Pick one of {{ .arg1 }}"}})
	s.merged = nil
	out, errs = run.Evaluate(tpl)
	if len(errs) > 0 || out != "Pick one of [Yes, No]" {
		t.Errorf("engine prompt: expected %q, got %q (errors %v)", "Pick one of [Yes, No]", out, errs)
	}
	if _, errs = run.Evaluate(`@(prompt("summarize", "x"))`); len(errs) == 0 {
		t.Errorf("a prompt the engine does not set should be an error")
	}
}
