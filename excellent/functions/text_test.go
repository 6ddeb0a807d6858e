package functions_test

import (
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/shopspring/decimal"
)

// textTestEnv is a fixed environment for the text, URN and location function tests.
func textTestEnv(redact bool) envs.Environment {
	s := envs.DefaultSettings()
	if redact {
		s.RedactionPolicy_ = envs.RedactionPolicyURNs
	}
	return envs.NewEnv(s, utils.FixedClock{T: time.Date(2018, 4, 11, 18, 24, 30, 0, time.UTC)}, utils.NewSeededRandom(123456), nil)
}

func xt(s string) types.XValue { return types.NewXText(s) }
func xn(s string) types.XValue { return types.NewXNumber(decimal.RequireFromString(s)) }

// callResult renders a function's result, or "ERROR" for an error value.
func callResult(t *testing.T, env envs.Environment, name string, args ...types.XValue) string {
	t.Helper()
	fn, ok := functions.Lookup(name)
	if !ok {
		t.Fatalf("function %s is not registered", name)
	}
	res := fn.Call(env, args)
	if types.IsXError(res) {
		return "ERROR"
	}
	return types.Render(res)
}

type fnCase struct {
	fn   string
	args []types.XValue
	want string
}

func runFnCases(t *testing.T, env envs.Environment, tcs []fnCase) {
	t.Helper()
	for _, tc := range tcs {
		if got := callResult(t, env, tc.fn, tc.args...); got != tc.want {
			t.Errorf("%s%v: want %q, got %q", tc.fn, tc.args, tc.want, got)
		}
	}
}

func TestTextFunctions(t *testing.T) {
	divErr := types.NewXErrorf("division by zero")
	arr := types.NewXArray(xn("2"), xn("3"))

	runFnCases(t, textTestEnv(false), []fnCase{
		{"char", []types.XValue{xn("128512")}, "😀"},
		{"char", []types.XValue{xn("65")}, "A"},
		{"char", []types.XValue{xt("foo")}, "ERROR"},
		{"char", []types.XValue{xn("-1")}, "ERROR"},
		{"char", []types.XValue{}, "ERROR"},

		{"clean", []types.XValue{xt("😃 Hello \nwo\tr\rld")}, "😃 Hello world"},
		{"clean", []types.XValue{xn("123")}, "123"},
		{"clean", []types.XValue{divErr}, "ERROR"},

		{"code", []types.XValue{xt("a")}, "97"},
		{"code", []types.XValue{xt("abc")}, "97"},
		{"code", []types.XValue{xt("😀")}, "128512"},
		{"code", []types.XValue{xt("15")}, "49"},
		{"code", []types.XValue{xn("15")}, "49"},
		{"code", []types.XValue{xt("")}, "ERROR"},

		{"field", []types.XValue{xt("a,b,c"), xn("1"), xt(",")}, "b"},
		{"field", []types.XValue{xt("a   b c"), xn("1"), xt(" ")}, "b"},
		{"field", []types.XValue{xt("a, b ,c"), xn("1"), xt(",")}, "b"},
		{"field", []types.XValue{xt("a,b,c"), xn("5"), xt(",")}, ""},
		{"field", []types.XValue{xt("a,b,c"), xn("-1"), xt(",")}, "ERROR"},
		{"field", []types.XValue{xt("a,b,c"), xt("x"), xt(",")}, "ERROR"},

		{"html_decode", []types.XValue{xt("Red &amp; Blue &lt;3")}, "Red & Blue <3"},

		{"lower", []types.XValue{xt("HellO")}, "hello"},
		{"lower", []types.XValue{xt("123")}, "123"},
		{"lower", []types.XValue{xt("😀")}, "😀"},
		{"lower", []types.XValue{xt("a"), xt("b")}, "ERROR"},
		{"upper", []types.XValue{xt("Asdf")}, "ASDF"},
		{"upper", []types.XValue{types.XBooleanTrue}, "TRUE"},

		{"title", []types.XValue{xt("ryan lewis")}, "Ryan Lewis"},
		{"title", []types.XValue{xt("RYAN LEWIS")}, "Ryan Lewis"},
		{"title", []types.XValue{xt("o'grady hello-world")}, "O'grady Hello-World"},
		{"title", []types.XValue{xn("123")}, "123"},

		{"trim", []types.XValue{xt(" hello world    ")}, "hello world"},
		{"trim", []types.XValue{xt("+123157568"), xt("+")}, "123157568"},
		{"trim_left", []types.XValue{xt(" hello world   ")}, "hello world   "},
		{"trim_left", []types.XValue{xt("+12345+"), xt("+")}, "12345+"},
		{"trim_right", []types.XValue{xt(" hello world   ")}, " hello world"},
		{"trim_right", []types.XValue{xt("+12345+"), xt("+")}, "+12345"},

		{"read_chars", []types.XValue{xt("1234")}, "1 2 3 4"},
		{"read_chars", []types.XValue{xt("abcdef")}, "a b c , d e f"},
		{"read_chars", []types.XValue{xt("12345")}, "1 , 2 , 3 , 4 , 5"},
		{"read_chars", []types.XValue{xt("12345678")}, "1 2 3 4 , 5 6 7 8"},
		{"read_chars", []types.XValue{xt("+123")}, "1 2 3"},
		{"read_chars", []types.XValue{xt("")}, "ERROR"},

		{"regex_match", []types.XValue{xt("sda34dfddg67"), xt(`\d+`)}, "34"},
		{"regex_match", []types.XValue{xt("Bob Smith"), xt(`(\w+) (\w+)`), xn("2")}, "Smith"},
		{"regex_match", []types.XValue{xt("Bob Smith"), xt(`(\w+) (\w+)`), xn("5")}, "ERROR"},
		{"regex_match", []types.XValue{xt("abc"), xt(`[\.`)}, "ERROR"},
		{"regex_match", []types.XValue{xt("abc"), xt(`\d`)}, ""},

		{"remove_first_word", []types.XValue{xt("foo bar")}, "bar"},
		{"remove_first_word", []types.XValue{xt("Hi there. I'm a flow!")}, "there. I'm a flow!"},
		{"remove_first_word", []types.XValue{xt("foo")}, ""},

		{"repeat", []types.XValue{xt("*"), xn("8")}, "********"},
		{"repeat", []types.XValue{xt("ab"), xn("0")}, ""},
		{"repeat", []types.XValue{xt("*"), xt("foo")}, "ERROR"},
		{"repeat", []types.XValue{xt("*"), xn("-1")}, "ERROR"},
		{"repeat", []types.XValue{xt("xxxx"), xn("100000000")}, "ERROR"},

		{"replace", []types.XValue{xt("foo bar foo"), xt("foo"), xt("zap")}, "zap bar zap"},
		{"replace", []types.XValue{xt("foo bar foo"), xt("foo"), xt("zap"), xn("1")}, "zap bar foo"},
		{"replace", []types.XValue{xt("foo bar"), xt("baz"), xt("zap")}, "foo bar"},

		{"split", []types.XValue{xt("a b c")}, "[a, b, c]"},
		{"split", []types.XValue{xt("a"), xt(" ")}, "[a]"},
		{"split", []types.XValue{xt("a.b.c."), xt(".")}, "[a, b, c]"},
		{"split", []types.XValue{xt("a.b,c"), xt(".,")}, "[a, b, c]"},

		{"text_compare", []types.XValue{xt("abc"), xt("abc")}, "0"},
		{"text_compare", []types.XValue{xt("abc"), xt("def")}, "-1"},
		{"text_compare", []types.XValue{xt("def"), xt("abc")}, "1"},

		{"text_length", []types.XValue{xt("abc")}, "3"},
		{"text_length", []types.XValue{xt("😀😃")}, "2"},
		{"text_length", []types.XValue{arr}, "6"},

		{"text_slice", []types.XValue{xt("hello"), xn("2")}, "llo"},
		{"text_slice", []types.XValue{xt("hello"), xn("1"), xn("3")}, "el"},
		{"text_slice", []types.XValue{xt("hello😁"), xn("-3"), xn("-1")}, "lo"},
		{"text_slice", []types.XValue{xt("hello"), xn("7")}, ""},
		{"text_slice", []types.XValue{xt("hello"), xn("3"), xn("1")}, ""},
		{"text_slice", []types.XValue{xt("hello"), xn("-10"), xn("2")}, "he"},
		{"text_slice", []types.XValue{xt("hello"), xn("1"), xt("x")}, "ERROR"},

		{"url_encode", []types.XValue{xn("10")}, "10"},
		{"url_encode", []types.XValue{xt("two & words")}, "two%20%26%20words"},

		{"word", []types.XValue{xt("bee.cat,dog"), xn("0")}, "bee"},
		{"word", []types.XValue{xt("bee.cat,dog"), xn("1")}, "cat"},
		{"word", []types.XValue{xt("bee.cat,dog"), xn("-1")}, "dog"},
		{"word", []types.XValue{xt("bee.cat,dog"), xn("-2")}, "cat"},
		{"word", []types.XValue{xt("bee.*cat,dog"), xn("1"), xt(".*=|")}, "cat,dog"},
		{"word", []types.XValue{xt("O'Grady O'Flaggerty"), xn("1"), xt(" ")}, "O'Flaggerty"},
		{"word", []types.XValue{xt("bee"), xn("3")}, "ERROR"},

		{"word_count", []types.XValue{xt("")}, "0"},
		{"word_count", []types.XValue{xt("😀😃😄😁")}, "4"},
		{"word_count", []types.XValue{xt("O'Grady O'Flaggerty"), xt(" ")}, "2"},
		{"word_count", []types.XValue{xt("hello, world!")}, "2"},
		{"word_count", []types.XValue{xt("8+ is $5 <= 9")}, "8"},

		{"word_slice", []types.XValue{xt("bee cat dog"), xn("0"), xn("1")}, "bee"},
		{"word_slice", []types.XValue{xt("bee cat dog"), xn("1"), xn("-1")}, "cat dog"},
		{"word_slice", []types.XValue{xt("bee cat dog"), xn("1")}, "cat dog"},
		{"word_slice", []types.XValue{xt("bee cat dog"), xn("5")}, ""},
		{"word_slice", []types.XValue{xt("O'Grady O'Flaggerty"), xn("1"), xn("2"), xt(" ")}, "O'Flaggerty"},
		{"word_slice", []types.XValue{xt("bee cat dog"), xn("-1")}, "ERROR"},
		{"word_slice", []types.XValue{xt("bee cat dog"), xn("2"), xn("1")}, "ERROR"},

		{"attachment_parts", []types.XValue{xt("image/jpeg:https://example.com/test.jpg")}, "{content_type: image/jpeg, url: https://example.com/test.jpg}"},
	})
}

func TestWords(t *testing.T) {
	got := functions.Words("bee.cat,dog 😀 I'm  42")
	want := []string{"bee", "cat", "dog", "😀", "I", "m", "42"}
	if len(got) != len(want) {
		t.Fatalf("want %v, got %v", want, got)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("word %d: want %q, got %q", i, want[i], got[i])
		}
	}
}

func TestURNFunctions(t *testing.T) {
	runFnCases(t, textTestEnv(false), []fnCase{
		{"format_urn", []types.XValue{xt("tel:+250781234567")}, "0781 234 567"},
		{"format_urn", []types.XValue{xt("tel:+12024561111?channel=57f1078f-88aa-46f4-a59a-948a5739c03d")}, "(202) 456-1111"},
		{"format_urn", []types.XValue{xt("mailto:foo@bar.com")}, "foo@bar.com"},
		{"format_urn", []types.XValue{xt("twitterid:54784326227#nyaruka")}, "nyaruka"},
		{"format_urn", []types.XValue{xt("NOT URN")}, "ERROR"},
		{"format_urn", []types.XValue{xt("xyz:1234")}, "ERROR"},
		{"urn_parts", []types.XValue{xt("tel:+593979012345")}, "{display: , path: +593979012345, scheme: tel}"},
		{"urn_parts", []types.XValue{xt("twitterid:3263621177#bobby")}, "{display: bobby, path: 3263621177, scheme: twitterid}"},
		{"urn_parts", []types.XValue{xt("not a urn")}, "ERROR"},
		{"format_location", []types.XValue{xt("Rwanda")}, "Rwanda"},
		{"format_location", []types.XValue{xt("Rwanda > Kigali")}, "Kigali"},
	})
	runFnCases(t, textTestEnv(true), []fnCase{
		{"format_urn", []types.XValue{xt("tel:+250781234567")}, "********"},
		{"urn_parts", []types.XValue{xt("tel:+593979012345")}, "{display: , path: ********, scheme: tel}"},
	})
}

// TestTextFunctionsNoPanics calls the text, URN and location functions with awkward
// arguments: each must return a value or an error, never panic.
func TestTextFunctionsNoPanics(t *testing.T) {
	names := []string{"char", "clean", "code", "field", "html_decode", "lower", "upper", "title", "trim",
		"trim_left", "trim_right", "read_chars", "regex_match", "remove_first_word", "repeat", "replace",
		"split", "text_compare", "text_length", "text_slice", "url_encode", "word", "word_count",
		"word_slice", "attachment_parts", "format_urn", "urn_parts", "format_location"}
	values := []types.XValue{
		nil, types.NewXErrorf("boom"), xt(""), xt(" "), xt("😀 a,b.c tel:+250781234567"), xt("(["),
		xn("-99999999999999999999"), xn("-3"), xn("100000"), xn("2.5"), types.XBooleanTrue,
		types.NewXArray(xt("a")), types.XObjectEmpty,
	}
	env := textTestEnv(false)
	for _, name := range names {
		fn, ok := functions.Lookup(name)
		if !ok {
			t.Errorf("%s is not registered", name)
			continue
		}
		for n := 0; n <= 4; n++ {
			for _, v := range values {
				args := make([]types.XValue, n)
				for i := range args {
					args[i] = v
				}
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s%v panicked: %v", name, args, r)
						}
					}()
					fn.Call(env, args)
				}()
			}
		}
	}
}
