package excellent

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/rivuletflows/rivulet/excellent/types"
)

func TestEvaluateTemplate(t *testing.T) {
	env, ctx := testEnv(), testContext()
	tests := []struct {
		template string
		output   string
		errs     []string // messages of the expected EvalErrors
	}{
		// plain text and escapes
		{"", "", nil},
		{"hello world", "hello world", nil},
		{"@@", "@", nil},
		{"@@contact.name", "@contact.name", nil},
		{"a @@ b @@@@ c", "a @ b @@ c", nil},
		{"@", "@", nil},
		{"trailing @", "trailing @", nil},
		{"@ space", "@ space", nil},
		{"@1 two", "@1 two", nil},
		{"email me at foo@bar.com", "email me at foo@bar.com", nil},
		{"@nothing.here", "@nothing.here", nil},
		{"50@ discount", "50@ discount", nil},
		{"unclosed @(1 + 2", "unclosed @(1 + 2", nil},
		{`unclosed @(")")`, `unclosed )`, nil},
		{`unclosed @(")`, `unclosed @(")`, nil},

		// paths
		{"Hi @contact.name!", "Hi Ryan Lewis!", nil},
		{"Hi @contact", "Hi Ryan Lewis", nil},
		{"@contact.name.", "Ryan Lewis.", nil},
		{"@contact.name..", "Ryan Lewis..", nil},
		{"(@fields.age)", "(23)", nil},
		{"@CONTACT.NAME", "Ryan Lewis", nil},
		{"@fields.AGE years", "23 years", nil},
		{"@results.color", "red", nil},
		{"@results.color.category", "Red", nil},
		{"@results.color.__default__", "red", nil},
		{"@empty", "", nil},
		{"@list", "[a, b, c]", nil},
		{"x @contact.foo y", "x  y", []string{"object has no property 'foo'"}},
		{"@contact.fields.unset.foo", "", []string{"null doesn't support lookups"}},
		{"@contact.name.foo", "", []string{`"Ryan Lewis" doesn't support lookups`}},

		// expressions
		{"@(1 + 2)", "3", nil},
		{"@( 1+2 )", "3", nil},
		{"@(contact.name)", "Ryan Lewis", nil},
		{"@(nothing.here)", "", []string{"context has no property 'nothing'"}},
		{"@(1 / 0) and @(2 + 2)", " and 4", []string{"division by zero"}},
		{"@(1 +)", "", []string{"syntax error: unexpected end of expression"}},
		{"@(1 + ])", "", []string{"syntax error: unexpected ']' at position 4"}},
		{`@(test_upper("a)b"))`, "A)B", nil},
		{"@(test_upper(contact.name))", "RYAN LEWIS", nil},
		{`@("@@")`, "@@", nil},
		{"@(contact.fields)", "{age: 23, unset: }", nil},
		{"@(null)", "", nil},
		{"@(true)@(false)", "truefalse", nil},
	}
	for _, tc := range tests {
		out, errs := EvaluateTemplate(env, ctx, tc.template, nil)
		check(t, tc.output, out, "output of %q", tc.template)
		var msgs []string
		for _, e := range errs {
			msgs = append(msgs, e.Message)
		}
		checkStrings(t, tc.errs, msgs, "errors of %q", tc.template)
	}
}

func TestEvalErrorFields(t *testing.T) {
	_, errs := EvaluateTemplate(testEnv(), testContext(), "a @(1 / 0) b @contact.foo", nil)
	if len(errs) != 2 {
		t.Fatalf("want 2 errors, got %v", errs)
	}
	check(t, "@(1 / 0)", errs[0].Expression, "expression")
	check(t, "Error evaluating expression: division by zero", errs[0].Error(), "error text")
	check(t, "@contact.foo", errs[1].Expression, "expression")
	check(t, "object has no property 'foo'", errs[1].Message, "message")
}

func TestEscaping(t *testing.T) {
	out, errs := EvaluateTemplate(testEnv(), testContext(), "http://x.com/?n=@contact.name&q=@(\"a&b\")&e=foo@bar", url.QueryEscape)
	check(t, 0, len(errs), "errors")
	check(t, "http://x.com/?n=Ryan+Lewis&q=a%26b&e=foo@bar", out, "output")
}

func TestEvaluateValue(t *testing.T) {
	env, ctx := testEnv(), testContext()
	tests := []struct {
		template string
		value    types.XValue
		hasErr   bool
	}{
		{"@(1 + 2)", num("3"), false},
		{"@fields.age", num("23"), false},
		{"@(true)", types.XBooleanTrue, false},
		{"@(null)", nil, false},
		{" @(1 + 2)", types.NewXText(" 3"), false},
		{"plain", types.NewXText("plain"), false},
		{"foo@bar.com", types.NewXText("foo@bar.com"), false},
		{"@nobody", types.NewXText("@nobody"), false},
		{"@(1 / 0)", nil, true},
	}
	for _, tc := range tests {
		v, errs := EvaluateTemplateValue(env, ctx, tc.template)
		check(t, tc.hasErr, len(errs) > 0, "errors of %q", tc.template)
		check(t, true, types.Equals(tc.value, v), "value of %q is %s", tc.template, types.String(v))
	}
	v, _ := EvaluateTemplateValue(env, ctx, "@contact")
	if _, isObject := v.(types.XObject); !isObject {
		t.Errorf("@contact gives the object, got %s", types.String(v))
	}
}

func TestIsPlainText(t *testing.T) {
	for tmpl, plain := range map[string]bool{
		"":             true,
		"hello":        true,
		"a@@b":         true,
		"foo@ bar":     true,
		"@contact":     false,
		"@(1)":         false,
		"x@(1":         true,
		"foo@bar.com":  false, // a path until the context says otherwise
		"@@contact.nm": true,
	} {
		tp, _ := ParseTemplate(tmpl)
		check(t, plain, tp.IsPlainText(), "IsPlainText(%q)", tmpl)
	}
}

func TestParseTemplateReportsFirstSyntaxError(t *testing.T) {
	_, err := ParseTemplate("ok @(1) bad @(1 +) worse @(()")
	if err == nil || !strings.Contains(err.Error(), "syntax error") {
		t.Errorf("want a syntax error, got %v", err)
	}
	if _, err = ParseTemplate("fine @contact.name @(1 + 1)"); err != nil {
		t.Errorf("unexpected error %v", err)
	}
}

func TestConcurrentEvaluate(t *testing.T) {
	tpl, err := ParseTemplate("@contact.name @(test_map(test_array(1, 2, 3), (x) => x * fields.age)) @(1 / 0)")
	if err != nil {
		t.Fatal(err)
	}
	env, ctx := testEnv(), testContext()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				out, errs := tpl.Evaluate(env, ctx, nil)
				check(t, "Ryan Lewis [23, 46, 69] ", out, "output")
				check(t, 1, len(errs), "errors")
			}
		}()
	}
	wg.Wait()
}

func TestCachedTemplate(t *testing.T) {
	a := CachedTemplate("cached @contact.name")
	b := CachedTemplate("cached @contact.name")
	check(t, a, b, "the same parsed template")

}

func TestLongOutputIsAnError(t *testing.T) {
	// 1000^2 bytes per concatenation is still fine; doubling keeps going until the limit
	expr := `@(test_repeat("x", 1000) & test_repeat("y", 1000))`
	out, errs := EvaluateTemplate(testEnv(), testContext(), expr, nil)
	check(t, 0, len(errs), "errors")
	check(t, 2000, len(out), "output length")

	big := "((x) => x & x)"
	e := `test_repeat("0123456789", 1000)`
	for i := 0; i < 8; i++ { // 10KB * 2^8 = 2.5MB > MaxTextLength
		e = big + "(" + e + ")"
	}
	out, errs = EvaluateTemplate(testEnv(), testContext(), "@("+e+")", nil)
	check(t, "", out, "output")
	if len(errs) != 1 || !strings.Contains(errs[0].Message, "maximum length") {
		t.Errorf("want one maximum length error, got %v", errs)
	}
}

func TestRecursionIsBounded(t *testing.T) {
	env, ctx := testEnv(), testContext()
	tests := []struct {
		expr string
		msg  string
	}{
		{"((f) => f(f))((f) => f(f))", "maximum call depth"},
		// depth stays small but the work grows tenfold at every level
		{nestedMaps(7), "maximum of 1000000 steps"},
		{strings.Repeat("(", 5000) + "1" + strings.Repeat(")", 5000), "maximum depth"},
		{strings.Repeat("-", 5000) + "1", "maximum depth"},
		{strings.Repeat("1 + ", 6000) + "1", "maximum length of 10000 tokens"},
		{`repeat("x", 100000000)`, "maximum length"},
		{strings.Repeat("test_upper(", 500) + "1" + strings.Repeat(")", 500), "maximum depth"},
	}
	for _, tc := range tests {
		v := EvaluateExpression(env, ctx, tc.expr)
		xerr, isErr := v.(types.XError)
		if !isErr || !strings.Contains(xerr.Error(), tc.msg) {
			t.Errorf("%s...: want an error containing %q, got %s", tc.expr[:20], tc.msg, types.String(v))
		}
	}
}

// nestedMaps builds test_map(ten, (a0) => test_map(ten, (a1) => ... a0)) n levels deep,
// which calls 10^n lambdas.
func nestedMaps(n int) string {
	ten := "test_array(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)"
	e := "a0"
	for i := n - 1; i >= 0; i-- {
		e = fmt.Sprintf("test_map(%s, (a%d) => %s)", ten, i, e)
	}
	return e
}

func TestNestedMapsWithinBudget(t *testing.T) {
	v := EvaluateExpression(testEnv(), testContext(), nestedMaps(3))
	if types.IsXError(v) {
		t.Fatalf("1000 calls are within budget, got %s", types.String(v))
	}
	v = EvaluateExpression(testEnv(), testContext(), strings.Repeat("1 + ", 4000)+"1")
	check(t, "4001", types.Render(v), "a long flat chain")
}

func TestPanickingFunctionIsContained(t *testing.T) {
	out, errs := EvaluateTemplate(testEnv(), testContext(), "a @(test_panic()) b", nil)
	check(t, "a  b", out, "output")
	if len(errs) != 1 || !strings.HasPrefix(errs[0].Message, "internal error evaluating test_panic()") {
		t.Errorf("want an internal error, got %v", errs)
	}
}
