package migrations

import (
	"strings"
	"testing"
)

func TestRewriteTemplate(t *testing.T) {
	// upper-cases the first segment of paths starting with "x", appends ".y" to "w"
	fn := func(path []string) []string {
		switch path[0] {
		case "x":
			path[0] = "X"
		case "w":
			path = append(path, "y")
		}
		return path
	}
	tests := []struct{ in, want string }{
		{"no expressions", "no expressions"},
		{"@x", "@X"},
		{"@x.a.b", "@X.a.b"},
		{"@x.a.", "@X.a."},
		{"@x.a.b!", "@X.a.b!"},
		{"@@x and bob@@x.com", "@@x and bob@@x.com"},
		{"@w", "@w.y"},
		{"a@w.b c", "a@w.b.y c"},
		{"@ x", "@ x"},
		{"@", "@"},
		{"trailing @", "trailing @"},
		{"@(x)", "@(X)"},
		{"@(x.a + w.b)", "@(X.a + w.b.y)"},
		{"@(x(w))", "@(x(w.y))"},
		{"@(x (1))", "@(x (1))"},
		{`@("x" & x)`, `@("x" & X)`},
		{`@("say \"x\" (" & x)`, `@("say \"x\" (" & X)`},
		{`@(w["x"].x)`, `@(w.y["x"].x)`},
		{"@(f(a)[0].x)", "@(f(a)[0].x)"},
		{"@(1.5 + x)", "@(1.5 + X)"},
		{"@(x", "@(x"},
		{"@(x) and @(w", "@(X) and @(w"},
		{"@(éx + x)", "@(éx + X)"},
		{"@x.é", "@X.é"},
	}
	for _, tc := range tests {
		if got := rewriteTemplate(tc.in, fn); got != tc.want {
			t.Errorf("rewriteTemplate(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestRewriteTemplateIdentity(t *testing.T) {
	same := func(p []string) []string { return p }
	for _, s := range []string{
		"Hi @contact.name, you said @(upper(input.text)) at @(format_date(now(), \"YYYY\")) @@ @",
		"@(if(results.x.value > 5, \"big (\" & results.x, \"\"))",
		strings.Repeat("@(", 50),
	} {
		if got := rewriteTemplate(s, same); got != s {
			t.Errorf("identity rewrite changed %q to %q", s, got)
		}
	}
}

func TestSnakify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Call 2", "call_2"},
		{"  My Call! ", "my_call"},
		{"Año  Nuevo", "año_nuevo"},
		{"a-b_c", "a_b_c"},
		{"_Private Call", "_private_call"},
	}
	for _, tc := range tests {
		if got := snakify(tc.in); got != tc.want {
			t.Errorf("snakify(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
