package excellent

import (
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/excellent/types"
)

// evalText evaluates an expression and renders it, or returns "ERROR: message".
func evalText(expr string) string {
	v := EvaluateExpression(testEnv(), testContext(), expr)
	if xerr, ok := v.(types.XError); ok {
		return "ERROR: " + xerr.Error()
	}
	t, _ := types.ToXText(testEnv(), v)
	return t.Native()
}

func TestOperators(t *testing.T) {
	tests := []struct{ expr, want string }{
		// arithmetic on decimals
		{"2 + 3", "5"},
		{"0.1 + 0.2", "0.3"},
		{"3 - 5", "-2"},
		{"3 * 2.5", "7.5"},
		{"4 / 2", "2"},
		{"3 / 2", "1.5"},
		{"1 / 3", "0.3333333333333333"},
		{"3 / 0", "ERROR: division by zero"},
		{"2 ^ 8", "256"},
		{"2 ^ 0.5", "1.414213562373095"},
		{"4 ^ -1", "0.25"},
		{"2 ^ 100", "1267650600228229401496703205376"},
		{"2 ^ 400", "ERROR: number value out of range"},
		{"10 ^ 100000000", "ERROR: number value out of range"},
		{"0.5 ^ 100000000", "0"},
		{"(-8) ^ 0.5", "ERROR: unable to compute -8 ^ 0.5"},
		{"0 ^ 0", "ERROR: unable to compute 0 ^ 0"},
		{"999999999999999999999999999999999999 + 1", "ERROR: number value out of range"},
		{"9999999999999999999999999999999999999", "ERROR: number value out of range: 9999999999999999999999999999999999999"},
		{"fields.age + 10", "33"},
		{`"3" + 4`, "7"},
		{`"abc" + 4`, `ERROR: unable to convert "abc" to a number`},
		{"true + 1", "ERROR: unable to convert true to a number"},
		{"contact + 1", `ERROR: unable to convert "Ryan Lewis" to a number`},
		{"-fields.age", "-23"},
		{"--2", "2"},
		{`-"x"`, `ERROR: unable to convert "x" to a number`},

		// text
		{`"hello" & " " & "bar"`, "hello bar"},
		{`1 & 2`, "12"},
		{`contact & "!"`, "Ryan Lewis!"},
		{`null & "x"`, "x"},
		{`"a" & (1 / 0)`, "ERROR: division by zero"},

		// equality: same types by value, different types as text
		{`"hello" = "bar"`, "false"},
		{`"hello" = "hello"`, "true"},
		{`"Hello" = "hello"`, "false"},
		{`1 = "1"`, "true"},
		{`1.0 = 1`, "true"},
		{`1.0 = "1"`, "true"},
		{`"1.0" = 1`, "false"},
		{`1 != 2`, "true"},
		{`"hello" != "bar"`, "true"},
		{`true = "true"`, "true"},
		{`null = null`, "true"},
		{`null = ""`, "true"},
		{`contact = "Ryan Lewis"`, "true"},
		{`(1 / 0) = 1`, "ERROR: division by zero"},
		{`1 = nothing`, "ERROR: context has no property 'nothing'"},

		// ordering: numbers only (or temporal values of one type)
		{"2 < 3", "true"},
		{"3 < 3", "false"},
		{"3 <= 3", "true"},
		{"4 <= 3", "false"},
		{"4 > 3", "true"},
		{"2 > 3", "false"},
		{"4 >= 3", "true"},
		{`"10" > 9`, "true"},
		{`"foo" > "bar"`, `ERROR: unable to convert "foo" to a number`},
		{`null < 1`, "ERROR: unable to convert null to a number"},
	}
	for _, tc := range tests {
		check(t, tc.want, evalText(tc.expr), "%s", tc.expr)
	}
}

func TestPrecedence(t *testing.T) {
	tests := []struct{ expr, want, canonical string }{
		{"1 + 2 * 3", "7", "1 + 2 * 3"},
		{"(1 + 2) * 3", "9", "(1 + 2) * 3"},
		{"2 * 3 ^ 2", "18", "2 * 3 ^ 2"},
		{"2 ^ 3 ^ 2", "64", "2 ^ 3 ^ 2"}, // left-associative
		{"-2 ^ 2", "4", "-2 ^ 2"},        // negation binds tightest
		{"10 - 4 - 3", "3", "10 - 4 - 3"},
		{"10 - (4 - 3)", "9", "10 - (4 - 3)"},
		{"12 / 2 / 3", "2", "12 / 2 / 3"},
		{"1 + 2 & 3 + 4", "37", "1 + 2 & 3 + 4"},
		{"1 & 2 = 12", "true", "1 & 2 = 12"},
		{"1 < 2 = true", "true", "1 < 2 = true"},
		{"2 > 1 = 3 > 2", "true", "2 > 1 = 3 > 2"},
		{"1+2*3-4/2", "5", "1 + 2 * 3 - 4 / 2"},
		{"-fields.age * 2", "-46", "-fields.age * 2"},
		{"-(1 + 2)", "-3", "-(1 + 2)"},
	}
	for _, tc := range tests {
		check(t, tc.want, evalText(tc.expr), "value of %s", tc.expr)
		e, err := ParseExpression(tc.expr)
		if err != nil {
			t.Errorf("%s: %v", tc.expr, err)
			continue
		}
		check(t, tc.canonical, e.String(), "canonical %s", tc.expr)
	}
}

func TestLiterals(t *testing.T) {
	tests := []struct{ expr, want string }{
		{`"abc"`, "abc"},
		{`""`, ""},
		{`"a\"b"`, `a"b`},
		{`"a\\b"`, `a\b`},
		{`"a\nb"`, "a\nb"},
		{`"tab\there"`, "tab\there"},
		{`"\u00e9t\u00e9"`, "été"},
		{`"buy (\w+)"`, `buy (\w+)`}, // not an escape: kept as written
		{`"[\."`, `[\.`},
		{`"😀 ok"`, "😀 ok"},
		{"1234", "1234"},
		{"1234.5678", "1234.5678"},
		{"1234.5670", "1234.567"},
		{"007", "7"},
		{"true", "true"},
		{"TRUE", "true"},
		{"False", "false"},
		{"NULL", ""},
	}
	for _, tc := range tests {
		check(t, tc.want, evalText(tc.expr), "%s", tc.expr)
	}
}

func TestLookups(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"contact.name", "Ryan Lewis"},
		{"CONTACT.Name", "Ryan Lewis"},
		{`contact["name"]`, "Ryan Lewis"},
		{`contact["NA" & "ME"]`, "Ryan Lewis"},
		{"contact.__default__", "Ryan Lewis"},
		{"results.color.__DEFAULT__", "red"},
		{"contact.fields.age", "23"},
		{"contact.not", "ERROR: object has no property 'not'"},
		{`contact["not"]`, "ERROR: object has no property 'not'"},
		{"xxxxx", "ERROR: context has no property 'xxxxx'"},
		{"xxxxx.yyy", "ERROR: context has no property 'xxxxx'"},
		{"empty.foo", "ERROR: null doesn't support lookups"},
		{"fields.age.foo", "ERROR: 23 doesn't support lookups"},
		{"list[0]", "a"},
		{"list[2]", "c"},
		{"list[-1]", "c"},
		{"list[-3]", "a"},
		{`list["1"]`, "b"},
		{"list[3]", "ERROR: index 3 out of range for 3 items"},
		{"list[-4]", "ERROR: index -4 out of range for 3 items"},
		{`list["x"]`, `ERROR: unable to convert "x" to a number`},
		{"list[1 / 0]", "ERROR: division by zero"},
		{"(1 / 0)[0]", "ERROR: division by zero"},
		{"fields.age[0]", "ERROR: 23 doesn't support lookups"},
		{`test_array("x", "y")[1]`, "y"},
		{`test_array(test_array(1, 2), 3)[0][1]`, "2"},
		{"list", "[a, b, c]"},
	}
	for _, tc := range tests {
		check(t, tc.want, evalText(tc.expr), "%s", tc.expr)
	}
}

func TestCallsAndLambdas(t *testing.T) {
	tests := []struct{ expr, want string }{
		{`test_upper("abc")`, "ABC"},
		{`TEST_UPPER("abc")`, "ABC"},
		{`test_upper`, "test_upper"},
		{`test_array(test_upper)[0]("abc")`, "ABC"},
		{`test_upper()`, "ERROR: error calling test_upper(...): test_upper takes 1 argument"},
		{`test_upper(test_upper(nothing.here))`, "ERROR: error calling test_upper(...): error calling test_upper(...): context has no property 'nothing'"},
		{`test_default(nothing.here, "fallback")`, "fallback"},
		{`test_default(1 / 0, "fallback")`, "fallback"},
		{`fields.age("x")`, "ERROR: 23 is not a function"},
		{`nothing("x")`, "ERROR: context has no property 'nothing'"},
		{`((x) => x * 2)(21)`, "42"},
		{`((x, y) => x & y)("a", "b")`, "ab"},
		{`(() => "const")()`, "const"},
		{`((x) => x)(1, 2)`, "ERROR: need 1 argument(s), got 2"},
		{`test_map(list, (x) => test_upper(x))`, "[A, B, C]"},
		{`test_map(list, test_upper)`, "[A, B, C]"},
		{`test_map(test_array(1, 2), (n) => n * fields.age)`, "[23, 46]"},
		{`test_map(list, (X) => x & contact.name)`, "[aRyan Lewis, bRyan Lewis, cRyan Lewis]"},
		{`((x) => (y) => x + y)(1)(2)`, "3"},                     // closures capture
		{`((test_upper) => test_upper)("shadowed")`, "shadowed"}, // a parameter shadows a built-in
		{`((test_upper) => test_upper("x"))(test_array)`, "[x]"},
		{`test_map(list, (contact) => contact)`, "[a, b, c]"}, // and a context name
		{`test_map(test_array(1, 0), (x) => 1 / x)`, "ERROR: error calling test_map(...): division by zero"},
		{`(x) => x`, "(x) => x"},
	}
	for _, tc := range tests {
		check(t, tc.want, evalText(tc.expr), "%s", tc.expr)
	}
}

func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ expr, msg string }{
		{"", "syntax error: unexpected end of expression"},
		{"1 +", "syntax error: unexpected end of expression"},
		{"1 2", "syntax error: unexpected '2' at position 2"},
		{"(1", "syntax error: unexpected end of expression"},
		{"1)", "syntax error: unexpected ')' at position 1"},
		{"a.", "syntax error: unexpected end of expression"},
		{"a. b", "syntax error: unexpected 'b' at position 3"},
		{"a[1", "syntax error: unexpected end of expression"},
		{"f(1,", "syntax error: unexpected end of expression"},
		{"f(1 2)", "syntax error: unexpected '2' at position 4"},
		{`"abc`, "syntax error: unterminated text at position 0"},
		{"1 # 2", "syntax error: unexpected '#' at position 2"},
		{"1 ! 2", "syntax error: unexpected '!' at position 2"},
		{"(x, 1) => x", "syntax error: unexpected ',' at position 2"},
		{"=> 1", "syntax error: unexpected '=>' at position 0"},
		{"1.", "syntax error: unexpected end of expression"},
	}
	for _, tc := range tests {
		_, err := ParseExpression(tc.expr)
		if err == nil {
			t.Errorf("%q: want error %q, got none", tc.expr, tc.msg)
			continue
		}
		check(t, tc.msg, err.Error(), "%q", tc.expr)
		// and evaluation returns it as an error value
		check(t, "ERROR: "+tc.msg, evalText(tc.expr), "evaluating %q", tc.expr)
	}
}

func TestLexer(t *testing.T) {
	tests := []struct {
		src    string
		tokens string // kinds and texts
	}{
		{"a.b", "name:a dot:. name:b"},
		{"1.5 + -2", "number:1.5 op:+ minus:- number:2"},
		{`"x\"y" & z`, `text:"x\"y" op:& name:z`},
		{"a<=b>=c!=d<e>f=g", "name:a op:<= name:b op:>= name:c op:!= name:d op:< name:e op:> name:f op:= name:g"},
		{"(x) => x", "( name:x ) arrow:=> name:x"},
		{"f(a, b)[0]", "name:f ( name:a , name:b ) [ number:0 ]"},
		{"été_1 ^ 2", "name:été_1 op:^ number:2"},
		{"1.x", "number:1 dot:. name:x"},
		{"\u00a0a\t\n", "name:a"},
		{"#", "error:#"},
	}
	names := map[tokenKind]string{tokName: "name", tokNumber: "number", tokText: "text", tokOperator: "op",
		tokMinus: "minus", tokDot: "dot", tokArrow: "arrow", tokError: "error"}
	for _, tc := range tests {
		l := lexer{src: tc.src}
		var got []string
		for tok := l.next(); tok.kind != tokEOF; tok = l.next() {
			if n, ok := names[tok.kind]; ok {
				got = append(got, n+":"+tok.text)
			} else {
				got = append(got, tok.text)
			}
			if tok.kind == tokError {
				break
			}
		}
		check(t, tc.tokens, strings.Join(got, " "), "tokens of %q", tc.src)
	}
}

func TestScanTemplate(t *testing.T) {
	kinds := map[partKind]string{partText: "T", partPath: "P", partExpr: "E", partEscape: "@"}
	tests := []struct{ src, parts string }{
		{"hello", "T(hello)"},
		{"hi @contact.name!", "T(hi ) P(contact.name) T(!)"},
		{"@a.b. c", "T() P(a.b) T(. c)"},
		{"@a.1st", "T() P(a.1st) T()"},
		{"@a_b.c_d", "T() P(a_b.c_d) T()"},
		{"@été.x", "T() P(été.x) T()"},
		{"@(1 + (2))x", "T() E(1 + (2)) T(x)"},
		{`@(")(")`, `T() E(")(") T()`},
		{`@("\")")`, `T() E("\")") T()`},
		{"a@@b", "T(a) @(@@) T(b)"},
		{"@@@a", "T() @(@@) T() P(a) T()"},
		{"@(1", "T(@(1)"},
		{"@ a", "T(@ a)"},
		{"a@", "T(a@)"},
		{"@1", "T(@1)"},
	}
	for _, tc := range tests {
		var got []string
		scanTemplate(tc.src, func(kind partKind, text, inner string) {
			if kind == partText || kind == partEscape {
				got = append(got, kinds[kind]+"("+text+")")
			} else {
				got = append(got, kinds[kind]+"("+inner+")")
			}
		})
		check(t, tc.parts, strings.Join(got, " "), "parts of %q", tc.src)
	}
}
