package migrations

import "testing"

func TestRewriteTemplateParts(t *testing.T) {
	// mark shows what the scanner found: blocks as {body}, paths as <path>
	mark := func(syn templateSyntax, tpl string) string {
		return rewriteTemplateParts(tpl, syn,
			func(body, _ string) string { return "{" + body + "}" },
			func(path, _ string) string { return "<" + path + ">" })
	}
	tests := []struct {
		syn       templateSyntax
		tpl, want string
	}{
		{currentSyntax{}, "no expressions", "no expressions"},
		{currentSyntax{}, "Hi @contact.name.", "Hi <contact.name>."},
		{currentSyntax{}, "@@contact @ alone @", "@@contact @ alone @"},
		{currentSyntax{}, "@(upper(\"a)b\")) x", "{upper(\"a)b\")} x"},
		{currentSyntax{}, `@("a\")b") x`, `{"a\")b"} x`},
		{currentSyntax{}, "@(unclosed(x)", "@(unclosed(x)"},
		{currentSyntax{}, "@contact.名前!", "<contact.名前>!"},
		{currentSyntax{}, "@fields.a_1.b2.", "<fields.a_1.b2>."},
		{legacySyntax{}, "Hi @contact.name.", "Hi <contact.name>."},
		{legacySyntax{}, "@contact.名前!", "<contact>.名前!"},
		{legacySyntax{}, `@("a"")b") x`, `{"a"")b"} x`},
		{legacySyntax{}, `@("a\")b") x`, `{"a\"}b") x`},
		{legacySyntax{}, "@(unclosed(x)", "@(unclosed(x)"},
		{legacySyntax{}, "@@flow @1", "@@flow @1"},
	}
	for _, tc := range tests {
		if got := mark(tc.syn, tc.tpl); got != tc.want {
			t.Errorf("%T %q: want %q, got %q", tc.syn, tc.tpl, tc.want, got)
		}
	}
}

func TestRewriteTemplatePartsOriginal(t *testing.T) {
	// the original handed to the callbacks is the part as written, @ included
	var originals []string
	keep := func(_, original string) string { originals = append(originals, original); return original }
	tpl := `a @(x("y")) b @contact.name. c @@d`
	if got := rewriteTemplateParts(tpl, currentSyntax{}, keep, keep); got != tpl {
		t.Errorf("keeping every part changed the template: %q", got)
	}
	want := []string{`@(x("y"))`, "@contact.name"}
	if len(originals) != len(want) || originals[0] != want[0] || originals[1] != want[1] {
		t.Errorf("want originals %q, got %q", want, originals)
	}
}
