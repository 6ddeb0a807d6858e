package excellent

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/excellent/types"
)

// The fuzzers check that no input panics or hangs the parser or the evaluator, and that
// what they produce holds together: rewriting and re-parsing agree, output stays bounded.
// Seeds are in testdata/fuzz/<FuzzName>/ plus the ones added here.

func FuzzTemplate(f *testing.F) {
	for _, s := range []string{
		"Hi @contact.name, your balance is @(format_number(fields.balance, 2))",
		"foo@bar.com @@ @ @( @(1 / 0) @contact.",
		`@(if(contact.fields.age > 18, "adult", "minor"))`,
		`@(foreach(test_array(1, 2), (x) => x * 2))`,
	} {
		f.Add(s)
	}
	ctx := testContext()
	f.Fuzz(func(t *testing.T, s string) {
		env := testEnv()
		tpl, _ := ParseTemplate(s)
		out, errs := tpl.Evaluate(env, ctx, strings.ToUpper)
		for _, e := range errs {
			if strings.HasPrefix(e.Message, "internal error") {
				t.Fatalf("%s: %s", s, e.Message)
			}
		}
		if len(out) > len(s)+MaxTextLength*(strings.Count(s, "@")+1) {
			t.Fatalf("output of %d bytes from a %d byte template", len(out), len(s))
		}
		tpl.EvaluateValue(env, ctx)
		ContextPaths(s)

		if !utf8.ValidString(s) {
			return // see FuzzExpression: invalid bytes in escaped literals become U+FFFD
		}
		// an identity rewrite changes nothing the template renders
		rewritten := RewriteTemplate(s, func(e Expr) Expr { return e })
		// (each with a fresh environment, so functions such as rand() agree)
		again, errs1 := EvaluateTemplate(testEnv(), ctx, rewritten, nil)
		orig, errs2 := tpl.Evaluate(testEnv(), ctx, nil)
		if again != orig || len(errs1) != len(errs2) {
			t.Fatalf("rewrite %q of %q renders %q, not %q", rewritten, s, again, orig)
		}
	})
}

func FuzzExpression(f *testing.F) {
	for _, s := range []string{
		"1 + 2 * 3 ^ -4",
		`contact.fields["age"] & "x"`,
		`((f) => f(f))((f) => f(f))`,
		`test_map(list, (x) => test_upper(x))[-1]`,
		`"a\"b\u00e9" = 'x'`,
		"2 ^ 0.5 / (1 - 1)",
	} {
		f.Add(s)
	}
	env, ctx := testEnv(), testContext()
	f.Fuzz(func(t *testing.T, s string) {
		v := EvaluateExpression(env, ctx, s)
		if xerr, ok := v.(types.XError); ok && strings.HasPrefix(xerr.Error(), "internal error") {
			t.Fatalf("%s: %s", s, xerr.Error())
		}
		if txt, ok := v.(types.XText); ok && len(txt.Native()) > MaxTextLength {
			t.Fatalf("text of %d bytes", len(txt.Native()))
		}
		e, err := ParseExpression(s)
		if err != nil || !utf8.ValidString(s) {
			// texts from flow JSON are always valid UTF-8; invalid bytes in a literal
			// with escapes come back as U+FFFD, so their canonical form can differ
			return
		}
		// the canonical text parses back to the same canonical text
		canonical := e.String()
		e2, err := ParseExpression(canonical)
		if err != nil {
			t.Fatalf("canonical form %q of %q doesn't parse: %v", canonical, s, err)
		}
		if e2.String() != canonical {
			t.Fatalf("canonical form of %q is unstable: %q then %q", s, canonical, e2.String())
		}
	})
}
