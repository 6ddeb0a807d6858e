package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakePackage writes a package directory under a temporary root holding one Go file, for
// registeredPage to read as it reads the real ones.
func fakePackage(t *testing.T, dir, source string) string {
	t.Helper()
	root := t.TempDir()
	full := filepath.Join(root, filepath.FromSlash(dir))
	if err := os.MkdirAll(full, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(full, "text.go"), []byte(source), 0o644); err != nil {
		t.Fatal(err)
	}
	return root
}

// TestSignatureChecked runs registeredPage on functions whose doc comments lack a
// signature or give one that disagrees with the registry (trim takes 1 to 2 arguments,
// max 1 or more, array any number, has_any_word its operand and 1): each must fail,
// naming the function and its file.
func TestSignatureChecked(t *testing.T) {
	const header = "package functions\n\nfunc init() {\n\tregisterText(%q, 1, 2, fn)\n}\n\n"
	tests := []struct {
		name, sig, params string
		caseTest          bool
		want              string // "" when it must pass
	}{
		{"trim", "", "", false, "excellent/functions/text.go: function trim: no signature"},
		{"trim", "trim(text [, chars])", "  - text (text): t\n  - chars (text, default whitespace): c\n", false, ""},
		{"trim", "trim(text)", "  - text (text): t\n", false,
			"excellent/functions/text.go: function trim: signature trim(text) takes 1 argument but the function is registered taking 1 to 2 arguments"},
		{"trim", "trim(text, chars)", "  - text (text): t\n  - chars (text): c\n", false, "takes 2 arguments but the function is registered taking 1 to 2 arguments"},
		{"trim", "trim(text [, chars...])", "  - text (text): t\n  - chars (text): c\n", false, "takes at least 1 argument but the function is registered taking 1 to 2"},
		{"trim", "strip(text [, chars])", "  - text (text): t\n  - chars (text, default whitespace): c\n", false, "names strip, not trim"},
		{"max", "max(numbers...)", "  - numbers (number): n\n", false, ""},
		{"max", "max(a, b)", "  - a (number): a\n  - b (number): b\n", false, "takes 2 arguments but the function is registered taking at least 1 argument"},
		{"array", "array([values...])", "  - values (any): v\n", false, ""},
		{"array", "array(values...)", "  - values (any): v\n", false, "takes at least 1 argument but the function is registered taking at least 0 arguments"},
		{"has_any_word", "has_any_word(text, words)", "  - text (text): t\n  - words (text): w\n", true, ""},
		{"has_any_word", "has_any_word(words)", "  - words (text): w\n", true,
			"flows/routers/cases/text.go: case test has_any_word: signature has_any_word(words) takes 1 argument but the function is registered taking 2 arguments"},
	}
	for _, tc := range tests {
		dir, register := "excellent/functions", "registerText"
		if tc.caseTest {
			dir, register = "flows/routers/cases", "register"
		}
		doc := "// fn does it.\n//\n//\t@(x) → x\n"
		if tc.sig != "" {
			doc += "//\n// Signature: " + tc.sig + "\n//\n"
			for _, l := range strings.Split(strings.TrimSuffix(tc.params, "\n"), "\n") {
				doc += "//" + l + "\n"
			}
		}
		source := strings.Replace(header, "registerText", register, 1)
		source = strings.Replace(source, "%q", `"`+tc.name+`"`, 1) + doc + "func fn(env any, args ...any) any { return nil }\n"
		root := fakePackage(t, dir, source)
		p, err := registeredPage(root, &page{}, []string{tc.name}, dir, register)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s %q: %s", tc.name, tc.sig, err)
		case tc.want == "" && (len(p.Entries) != 1 || p.Entries[0].Signature == nil || p.Entries[0].CaseTest != tc.caseTest):
			t.Errorf("%s %q: entry %+v has no signature", tc.name, tc.sig, p.Entries)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s %q: got error %v, want one saying %q", tc.name, tc.sig, err, tc.want)
		}
	}
}
