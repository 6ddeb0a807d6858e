package cases_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows/routers/cases"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
	"github.com/shopspring/decimal"
)

// testHierarchy is a small hierarchy of our own, shaped like the conformance session's.
const testHierarchy = `{
	"name": "Rwanda", "aliases": ["Ruanda"],
	"children": [
		{"name": "Kigali City", "aliases": ["Kigali", "Kigari"], "children": [
			{"name": "Gasabo", "children": [{"name": "Gisozi"}, {"name": "Ndera"}]},
			{"name": "Nyarugenge", "children": [{"name": "Gitega"}]}
		]},
		{"name": "Eastern Province", "children": [
			{"name": "Bugesera", "children": [{"name": "Gitega"}]}
		]}
	]
}`

// newTestEnv is the conformance session's environment: DD-MM-YYYY in Guayaquil, now
// 2018-04-11T18:24:30.123456Z.
func newTestEnv(t testing.TB, locations string, collation envs.Collation) envs.Environment {
	s := envs.DefaultSettings()
	s.DateFormat_ = envs.DateFormatDayMonthYear
	s.Timezone_ = "America/Guayaquil"
	s.DefaultCountry_ = "RW"
	s.InputCollation_ = collation
	var resolver envs.LocationResolver
	if locations != "" {
		h, err := envs.ReadLocationHierarchy([]byte(locations))
		if err != nil {
			t.Fatal(err)
		}
		resolver = h
	}
	now := time.Date(2018, 4, 11, 18, 24, 30, 123456000, time.UTC)
	return envs.NewEnv(s, utils.FixedClock{T: now}, utils.NewSeededRandom(123456), resolver)
}

func xt(s string) types.XValue { return types.NewXText(s) }
func xn(s string) types.XValue { return types.NewXNumber(decimal.RequireFromString(s)) }

// outcome summarizes a test result: "false", "ERROR", or "match" plus extra rendered.
func outcome(res types.XValue) string {
	if types.IsXError(res) {
		return "ERROR"
	}
	if !cases.IsMatch(res) {
		if res != types.XBooleanFalse {
			return "NOT A RESULT: " + types.String(res)
		}
		return "false"
	}
	match, extra := cases.MatchOf(res)
	out := "match:" + types.Render(match)
	if extra != nil {
		out += " extra:" + types.Render(extra)
	}
	return out
}

type caseTest struct {
	test string
	args []types.XValue
	want string
}

func runCaseTests(t *testing.T, env envs.Environment, tcs []caseTest) {
	t.Helper()
	for _, tc := range tcs {
		fn, ok := cases.Lookup(tc.test)
		if !ok {
			t.Errorf("%s is not registered", tc.test)
			continue
		}
		if got := outcome(fn.Call(env, tc.args)); got != tc.want {
			t.Errorf("%s%v: want %q, got %q", tc.test, tc.args, tc.want, got)
		}
	}
}

func TestTextTests(t *testing.T) {
	boom := types.NewXErrorf("boom")
	runCaseTests(t, newTestEnv(t, "", envs.CollationDefault), []caseTest{
		{"has_text", []types.XValue{xt("  hi  ")}, "match:hi"},
		{"has_text", []types.XValue{xt("  ")}, "false"},
		{"has_text", []types.XValue{nil}, "false"},
		{"has_text", []types.XValue{xn("123")}, "match:123"},
		{"has_text", []types.XValue{boom}, "ERROR"},
		{"has_text", []types.XValue{}, "ERROR"},

		{"has_only_text", []types.XValue{xt("foo"), xt("foo")}, "match:foo"},
		{"has_only_text", []types.XValue{xt("foo"), xt("Foo")}, "false"},
		{"has_only_text", []types.XValue{xt("foo"), xt(" foo ")}, "false"},

		{"has_beginning", []types.XValue{xt("The Quick Brown"), xt("the quick")}, "match:The Quick"},
		{"has_beginning", []types.XValue{xt("  The Quick Brown"), xt(" the quick ")}, "match:The Quick"},
		{"has_beginning", []types.XValue{xt("The Quick Brown"), xt("the   quick")}, "false"},
		{"has_beginning", []types.XValue{xt("The"), xt("the quick")}, "false"},
		{"has_beginning", []types.XValue{xt("Ünïcode rocks"), xt("üNÏ")}, "match:Ünï"},

		{"has_all_words", []types.XValue{xt("the quick brown FOX"), xt("the fox")}, "match:the FOX"},
		{"has_all_words", []types.XValue{xt("the quick brown FOX"), xt("the fox cat")}, "false"},
		{"has_any_word", []types.XValue{xt("The Quick Brown Fox"), xt("fox quick")}, "match:Quick Fox"},
		{"has_any_word", []types.XValue{xt("YES!!"), xt("yes")}, "match:YES"},
		{"has_any_word", []types.XValue{xt("xxxxx"), xt("yes")}, "false"},
		{"has_any_word", []types.XValue{xt("I ❤️ 😀"), xt("😀")}, "match:😀"},

		{"has_phrase", []types.XValue{xt("the quick brown fox"), xt("brown fox")}, "match:brown fox"},
		{"has_phrase", []types.XValue{xt("the Quick Brown fox"), xt("quick fox")}, "false"},
		{"has_phrase", []types.XValue{xt("the fox"), xt("")}, "match:"},
		{"has_only_phrase", []types.XValue{xt("Quick Brown"), xt("quick brown")}, "match:Quick Brown"},
		{"has_only_phrase", []types.XValue{xt("the Quick Brown fox"), xt("")}, "false"},
		{"has_only_phrase", []types.XValue{xt("The Quick Brown Fox"), xt("red fox")}, "false"},

		{"has_pattern", []types.XValue{xt("Buy cheese please"), xt(`buy (\w+)`)}, "match:Buy cheese extra:{0: Buy cheese, 1: cheese}"},
		{"has_pattern", []types.XValue{xt("Sell cheese please"), xt(`buy (\w+)`)}, "false"},
		{"has_pattern", []types.XValue{xt("abc"), xt(`[\.`)}, "ERROR"},
	})
}

func TestCollations(t *testing.T) {
	runCaseTests(t, newTestEnv(t, "", envs.CollationConfusables), []caseTest{
		{"has_any_word", []types.XValue{xt("уеs please"), xt("yes")}, "match:уеs"}, // Cyrillic у and е
		{"has_only_text", []types.XValue{xt("cоmpleted"), xt("completed")}, "match:cоmpleted"},
		{"has_any_word", []types.XValue{xt("n0"), xt("no")}, "false"},
	})
	runCaseTests(t, newTestEnv(t, "", envs.CollationArabicVariants), []caseTest{
		{"has_any_word", []types.XValue{xt("أحمد"), xt("احمد")}, "match:أحمد"},
		{"has_phrase", []types.XValue{xt("مرحبًا بك"), xt("مرحبا")}, "match:مرحبًا"},
	})
	runCaseTests(t, newTestEnv(t, "", envs.CollationDefault), []caseTest{
		{"has_any_word", []types.XValue{xt("уеs"), xt("yes")}, "false"},
		{"has_any_word", []types.XValue{xt("أحمد"), xt("احمد")}, "false"},
	})
}

func TestNumberTests(t *testing.T) {
	runCaseTests(t, newTestEnv(t, "", envs.CollationDefault), []caseTest{
		{"has_number", []types.XValue{xt("the number is 42")}, "match:42"},
		{"has_number", []types.XValue{xt("العدد ٤٢")}, "match:42"},
		{"has_number", []types.XValue{xt("the number is forty two")}, "false"},
		{"has_number", []types.XValue{xt("I'm 25yrs old")}, "match:25"},
		{"has_number", []types.XValue{xt("it costs 1,234.50.")}, "match:1234.5"},
		{"has_number", []types.XValue{xt("it is -3.5 degrees")}, "match:-3.5"},
		{"has_number", []types.XValue{xt("R2D2")}, "false"},
		{"has_number", []types.XValue{xn("7")}, "match:7"},
		{"has_number_between", []types.XValue{xt("the number is 42"), xn("40"), xn("44")}, "match:42"},
		{"has_number_between", []types.XValue{xt("1 or 42"), xt("40"), xt("44")}, "match:42"},
		{"has_number_between", []types.XValue{xt("the number is not there"), xn("50"), xn("60")}, "false"},
		{"has_number_between", []types.XValue{xt("42"), xt("x"), xn("60")}, "ERROR"},
		{"has_number_lt", []types.XValue{xt("the number is 42"), xn("40")}, "false"},
		{"has_number_lt", []types.XValue{xt("the number is not there"), xt("foo")}, "ERROR"},
		{"has_number_lte", []types.XValue{xt("the number is 42"), xn("42")}, "match:42"},
		{"has_number_eq", []types.XValue{xt("the number is 42.0"), xn("42")}, "match:42"},
		{"has_number_eq", []types.XValue{xt("the number is not there"), xt("foo")}, "ERROR"},
		{"has_number_gte", []types.XValue{xt("the number is not there"), xt("foo")}, "ERROR"},
		{"has_number_gt", []types.XValue{xt("the number is 42"), xn("40")}, "match:42"},
		{"has_number_gt", []types.XValue{xt("the number is 42"), xn("42")}, "false"},
	})
	comma := envs.DefaultSettings()
	comma.NumberFormat_ = &envs.NumberFormat{DecimalSymbol: ",", DigitGroupingSymbol: "."}
	env := envs.NewEnv(comma, utils.FixedClock{T: time.Now()}, nil, nil)
	runCaseTests(t, env, []caseTest{
		{"has_number", []types.XValue{xt("es 1.234,5 euros")}, "match:1234.5"},
	})
}

func TestDateTests(t *testing.T) {
	runCaseTests(t, newTestEnv(t, "", envs.CollationDefault), []caseTest{
		{"has_date", []types.XValue{xt("the date is 15/01/2017")}, "match:2017-01-15T13:24:30.123456-05:00"},
		{"has_date", []types.XValue{xt("no date")}, "false"},
		{"has_date_lt", []types.XValue{xt("the date is 15/01/2017"), xt("2017-06-01")}, "match:2017-01-15T13:24:30.123456-05:00"},
		{"has_date_lt", []types.XValue{xt("there is no date here, just a year 2017"), xt("2017-06-01")}, "false"},
		{"has_date_lt", []types.XValue{xt("there is no date here, just a year 2017"), xt("not date")}, "ERROR"},
		{"has_date_eq", []types.XValue{xt("the date is 15/01/2017 15:00"), xt("2017-01-15")}, "match:2017-01-15T15:00:00.000000-05:00"},
		{"has_date_gt", []types.XValue{xt("the date is 15/01/2017"), xt("2017-03-15")}, "false"},
		{"has_date_gt", []types.XValue{xt("the date is 15/01/2017"), xt("2017-01-01")}, "match:2017-01-15T13:24:30.123456-05:00"},
		{"has_time", []types.XValue{xt("the time is 10:30")}, "match:10:30:00.000000"},
		{"has_time", []types.XValue{xt("the time is 10 PM")}, "match:22:00:00.000000"},
		{"has_time", []types.XValue{xt("no time")}, "false"},
	})
}

func TestLocationTests(t *testing.T) {
	runCaseTests(t, newTestEnv(t, testHierarchy, envs.CollationDefault), []caseTest{
		{"has_state", []types.XValue{xt("Kigali")}, "match:Rwanda > Kigali City"},
		{"has_state", []types.XValue{xt("I live in kigari")}, "match:Rwanda > Kigali City"},
		{"has_state", []types.XValue{xt("eastern province")}, "match:Rwanda > Eastern Province"},
		{"has_state", []types.XValue{xt("Boston")}, "false"},
		{"has_district", []types.XValue{xt("Gasabo"), xt("Kigali")}, "match:Rwanda > Kigali City > Gasabo"},
		{"has_district", []types.XValue{xt("I live in Gasabo"), xt("Kigali")}, "match:Rwanda > Kigali City > Gasabo"},
		{"has_district", []types.XValue{xt("Gasabo"), xt("Boston")}, "false"},
		{"has_district", []types.XValue{xt("Bugesera"), xt("Kigali")}, "false"},
		{"has_district", []types.XValue{xt("Gasabo")}, "match:Rwanda > Kigali City > Gasabo"},
		{"has_ward", []types.XValue{xt("Gisozi"), xt("Kigali"), xt("Gasabo")}, "match:Rwanda > Kigali City > Gasabo > Gisozi"},
		{"has_ward", []types.XValue{xt("Gisozi"), xt("Gasabo"), xt("Kigali")}, "match:Rwanda > Kigali City > Gasabo > Gisozi"},
		{"has_ward", []types.XValue{xt("Gisozi"), xt("Brooklyn"), xt("Gasabo")}, "false"},
		{"has_ward", []types.XValue{xt("Gisozi"), xt("Kigali"), xt("Brooklyn")}, "false"},
		{"has_ward", []types.XValue{xt("Gitega"), xt("Bugesera")}, "match:Rwanda > Eastern Province > Bugesera > Gitega"},
		{"has_ward", []types.XValue{xt("Gitega")}, "false"}, // two wards of that name
		{"has_ward", []types.XValue{xt("Ndera")}, "match:Rwanda > Kigali City > Gasabo > Ndera"},
	})
	runCaseTests(t, newTestEnv(t, "", envs.CollationDefault), []caseTest{
		{"has_state", []types.XValue{xt("Kigali")}, "ERROR"},
	})
}

func TestMiscTests(t *testing.T) {
	testers := types.NewXObject(map[string]types.XValue{"uuid": xt("b7cf0d83-f1c9-411c-96fd-c511a4cfa86d"), "name": xt("Testers")})
	groups := types.NewXArray(testers)
	result := types.NewXObject(map[string]types.XValue{
		"value":    xt("book a flight"),
		"category": xt("Success"),
		"extra": types.NewXObject(map[string]types.XValue{
			"intents": types.NewXArray(
				types.NewXObject(map[string]types.XValue{"name": xt("book_flight"), "confidence": xn("0.5")}),
				types.NewXObject(map[string]types.XValue{"name": xt("book_hotel"), "confidence": xn("0.25")}),
			),
			"entities": types.NewXObject(map[string]types.XValue{
				"location": types.NewXArray(types.NewXObject(map[string]types.XValue{"value": xt("Quito"), "confidence": xn("1")})),
			}),
		}),
	})
	runCaseTests(t, newTestEnv(t, "", envs.CollationDefault), []caseTest{
		{"has_error", []types.XValue{types.NewXErrorf("object has no property 'not'")}, "match:object has no property 'not'"},
		{"has_error", []types.XValue{xt("hello")}, "false"},
		{"has_value", []types.XValue{xt("hello")}, "match:hello"},
		{"has_value", []types.XValue{nil}, "false"},
		{"has_value", []types.XValue{types.NewXErrorf("x")}, "false"},
		{"has_group", []types.XValue{groups, xt("b7cf0d83-f1c9-411c-96fd-c511a4cfa86d"), xt("Testers")}, "match:{name: Testers, uuid: b7cf0d83-f1c9-411c-96fd-c511a4cfa86d}"},
		{"has_group", []types.XValue{types.NewXArray(), xt("97fe7029-3a15-4005-b0c7-277b884fc1d5")}, "false"},
		{"has_group", []types.XValue{xt("nope"), xt("97fe7029-3a15-4005-b0c7-277b884fc1d5")}, "ERROR"},
		{"has_category", []types.XValue{result, xt("success"), xt("Failure")}, "match:Success"},
		{"has_category", []types.XValue{result, xt("Failure")}, "false"},
		{"has_intent", []types.XValue{result, xt("book_hotel"), xn("0.2")}, "match:book_hotel extra:{location: Quito}"},
		{"has_intent", []types.XValue{result, xt("book_hotel"), xn("0.3")}, "false"},
		{"has_top_intent", []types.XValue{result, xt("book_flight"), xn("0.5")}, "match:book_flight extra:{location: Quito}"},
		{"has_top_intent", []types.XValue{result, xt("book_hotel"), xn("0.1")}, "false"},
		{"has_email", []types.XValue{xt("my email is foo1@bar.com, please respond")}, "match:foo1@bar.com"},
		{"has_email", []types.XValue{xt("my email is <foo@bar2.com>")}, "match:foo@bar2.com"},
		{"has_email", []types.XValue{xt("i'm not sharing my email")}, "false"},
		{"has_phone", []types.XValue{xt("my number is 206 779 9294"), xt("US")}, "match:+12067799294"},
		{"has_phone", []types.XValue{xt("my number is 0788 383 383")}, "match:+250788383383"},
		{"has_phone", []types.XValue{xt("my number is none of your business"), xt("US")}, "false"},
	})
}

func TestRegistry(t *testing.T) {
	names := cases.Names()
	if len(names) < 30 {
		t.Fatalf("expected the full set of case tests, got %v", names)
	}
	for _, n := range names {
		if !strings.HasPrefix(n, "has_") {
			t.Errorf("case test %s should start with has_", n)
		}
		if _, ok := functions.Lookup(n); !ok {
			t.Errorf("case test %s is not an expression function", n)
		}
	}
	if cases.IsRegistered("has_any_icecream") {
		t.Error("has_any_icecream should not be registered")
	}
	res := cases.NewTrueResult(xt("foo"))
	if types.Render(res) != "true" || !types.Truthy(res) {
		t.Errorf("a match should render as true, got %s", types.Render(res))
	}
}

// literalCall matches templates like @(has_x("a", 1)) or @(has_x("a", 1).match).
var literalCall = regexp.MustCompile(`^@\((has_[a-z_]+)\((.*)\)(\.match)?\)$`)

// parseLiteralArgs reads a comma separated list of string and number literals (and
// array()), reporting false for anything else (context references, calls), which the
// evaluator's own tests cover.
func parseLiteralArgs(s string) ([]types.XValue, bool) {
	var args []types.XValue
	s = strings.TrimSpace(s)
	for s != "" {
		switch {
		case s[0] == '"':
			var b strings.Builder
			i := 1
			for ; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) && s[i+1] == '"' {
					i++
				}
				b.WriteByte(s[i])
			}
			if i >= len(s) {
				return nil, false
			}
			args = append(args, xt(b.String()))
			s = s[i+1:]
		case strings.HasPrefix(s, "array()"):
			args = append(args, types.NewXArray())
			s = s[len("array()"):]
		default:
			end := strings.IndexByte(s, ',')
			if end < 0 {
				end = len(s)
			}
			d, err := decimal.NewFromString(strings.TrimSpace(s[:end]))
			if err != nil {
				return nil, false
			}
			args = append(args, types.NewXNumber(d))
			s = s[end:]
		}
		s = strings.TrimSpace(s)
		if s == "" {
			break
		}
		if s[0] != ',' {
			return nil, false
		}
		s = strings.TrimSpace(s[1:])
	}
	return args, true
}

// TestConformanceVectors runs the case-test vectors whose arguments are all literals
// against the conformance session's environment and locations.
func TestConformanceVectors(t *testing.T) {
	session := testutil.ReadExpressionSession(t)
	if len(session.Locations) == 0 {
		t.Fatal("the conformance session has no locations")
	}
	env := newTestEnv(t, string(session.Locations[0]), envs.CollationDefault)

	vectors := testutil.ReadVectors(t)
	ran := 0
	for _, v := range vectors {
		m := literalCall.FindStringSubmatch(v.Template)
		if v.Group != "tests" || m == nil {
			continue
		}
		args, ok := parseLiteralArgs(m[2])
		if !ok {
			continue
		}
		fn, found := cases.Lookup(m[1])
		if !found {
			t.Errorf("%s: %s is not registered", v.Template, m[1])
			continue
		}
		ran++
		res := fn.Call(env, args)
		if m[3] != "" && !types.IsXError(res) {
			if cases.IsMatch(res) {
				res, _ = cases.MatchOf(res)
			} else {
				res = types.NewXErrorf("no match")
			}
		}
		switch {
		case v.Error:
			if !types.IsXError(res) {
				t.Errorf("%s: want an error, got %s", v.Template, types.Render(res))
			}
		case types.IsXError(res):
			t.Errorf("%s: want %q, got error %s", v.Template, v.Output, res)
		case types.Render(res) != v.Output:
			t.Errorf("%s: want %q, got %q", v.Template, v.Output, types.Render(res))
		}
	}
	if ran < 60 {
		t.Errorf("only %d vectors had literal arguments", ran)
	}
	t.Logf("ran %d case-test vectors", ran)
}

func TestFindNumbers(t *testing.T) {
	tcs := []struct {
		nf   *envs.NumberFormat
		text string
		want string
	}{
		{nil, "1 2, 3.5 and -4", "1 2 3.5 -4"},
		{nil, "abc123 x-5 ٣٤ ۷", "5 34 7"},
		{nil, "", ""},
		{&envs.NumberFormat{DecimalSymbol: ",", DigitGroupingSymbol: ""}, "2,5 kg", "2.5"},
		{&envs.NumberFormat{DecimalSymbol: "٫", DigitGroupingSymbol: "٬"}, "١٬٠٠٠٫٥", "1000.5"},
		{&envs.NumberFormat{}, "7.5", "7.5"},
	}
	for _, tc := range tcs {
		var got []string
		for _, n := range cases.FindNumbers(tc.nf, tc.text) {
			got = append(got, n.String())
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q: want %q, got %q", tc.text, tc.want, strings.Join(got, " "))
		}
	}
}

// TestNoPanics calls every case test with awkward arguments: each must return a value
// (a match, false or an error), never panic.
func TestNoPanics(t *testing.T) {
	env := newTestEnv(t, testHierarchy, envs.CollationArabicVariants)
	values := []types.XValue{
		nil, types.NewXErrorf("boom"), xt(""), xt("  "), xt("😀 ٤٢ Kigali 15/01/2017 10pm a@b.co"), xt("(["),
		xn("-99999999999999999999"), xn("0.5"), types.XBooleanTrue, types.NewXArray(xt("a"), nil),
		types.NewXObject(map[string]types.XValue{"extra": xt("x"), "category": nil}), types.XObjectEmpty,
	}
	for _, name := range cases.Names() {
		fn, _ := cases.Lookup(name)
		for n := 0; n <= 4; n++ {
			args := make([]types.XValue, n)
			for _, v := range values {
				for i := range args {
					args[i] = v
				}
				func() {
					defer func() {
						if r := recover(); r != nil {
							t.Errorf("%s%v panicked: %v", name, args, r)
						}
					}()
					if res := fn.Call(env, args); res == nil {
						t.Errorf("%s%v returned null", name, args)
					}
				}()
			}
		}
	}
}
