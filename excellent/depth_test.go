package excellent

import (
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// TestMillionLevels reads expressions and templates nested a million levels deep: each
// gets a named error, quickly and in bounded memory, and nothing overflows the stack.
func TestMillionLevels(t *testing.T) {
	n := testutil.Million
	exprs := map[string]string{
		"parentheses": testutil.Nested("(", "1", ")", n),
		"negations":   strings.Repeat("-", n) + "1",
		"calls":       testutil.Nested("upper(", "1", ")", n),
		"indexes":     testutil.Nested("a[", "1", "]", n),
		"lambdas":     testutil.Nested("(x) => (", "x", ")", n),
		"operators":   strings.Repeat("1 + ", n) + "1",
	}
	ctx := testContext()
	for name, e := range exprs {
		testutil.Bounded(t, name, 5*time.Second, 200<<20, func() {
			_, err := ParseExpression(e)
			if err == nil || !strings.Contains(err.Error(), "exceeds the maximum") {
				t.Errorf("%s: want a limit error, got %v", name, err)
			}
			_, errs := EvaluateTemplate(testEnv(), ctx, "@("+e+")", nil)
			if len(errs) == 0 {
				t.Errorf("%s: template evaluated without error", name)
			}
			ContextPaths("@(" + e + ")")
			RewriteTemplate("@("+e+")", func(x Expr) Expr { return x })
		})
	}
}

// TestParseDepthLimit: MaxParseDepth levels parse, one more doesn't.
func TestParseDepthLimit(t *testing.T) {
	if MaxParseDepth != 100 {
		t.Fatalf("MaxParseDepth is %d, documented as 100", MaxParseDepth)
	}
	// parseExpression counts the outer level too
	_, err := ParseExpression(testutil.Nested("(", "1", ")", MaxParseDepth-1))
	if err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	_, err = ParseExpression(testutil.Nested("(", "1", ")", MaxParseDepth))
	if err == nil || !strings.Contains(err.Error(), "maximum depth of 100") {
		t.Fatalf("past the limit: %v", err)
	}
}

// TestRegexWorkInBudget: regex_match of a large pattern against a large text, built within
// the expression, is charged to the expression's budget and ends with its error at once.
func TestRegexWorkInBudget(t *testing.T) {
	if functions.MaxWorkPerCall != MaxSteps {
		t.Fatalf("functions.MaxWorkPerCall (%d) should equal MaxSteps (%d)", functions.MaxWorkPerCall, MaxSteps)
	}
	start := time.Now()
	out, errs := EvaluateTemplate(testEnv(), testContext(), `@(regex_match(repeat("ab", 500000), repeat("(a|b)", 400)))`, nil)
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "maximum of 1000000 steps") {
		t.Errorf("want the budget error, got %q %v", out, errs)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s", d)
	}
	// work within the budget runs
	out, errs = EvaluateTemplate(testEnv(), testContext(), `@(regex_match(repeat("x", 1000) & "abc", "a(b)c", 1))`, nil)
	if len(errs) != 0 || out != "b" {
		t.Errorf("small match: %q %v", out, errs)
	}
}
