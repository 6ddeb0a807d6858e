package types_test

import (
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/dates"
	"github.com/shopspring/decimal"
)

func testEnv() envs.Environment {
	s := envs.DefaultSettings()
	s.DateFormat_ = envs.DateFormatDayMonthYear
	s.Timezone_ = "America/Guayaquil"
	now := time.Date(2018, 4, 11, 18, 24, 30, 123456000, time.UTC)
	return envs.NewEnv(s, utils.FixedClock{T: now}, utils.NewSeededRandom(1), nil)
}

func num(s string) types.XNumber { return types.NewXNumber(decimal.RequireFromString(s)) }

// result renders a conversion result, or "ERROR: message".
func result(v types.XValue, err types.XError) string {
	if err != nil {
		return "ERROR: " + err.Error()
	}
	return types.Render(v)
}

func TestConversions(t *testing.T) {
	withDefault := types.NewXObjectWithDefault(types.NewXText("12"), map[string]types.XValue{"a": types.NewXText("b")})
	dt := types.NewXDateTime(time.Date(1979, 7, 18, 10, 30, 45, 123456000, time.UTC))
	date := types.NewXDate(dates.NewDate(2017, 1, 15))
	boom := types.NewXErrorf("boom")

	tcs := []struct {
		name     string
		convert  func(types.XValue) (types.XValue, types.XError)
		input    types.XValue
		expected string
	}{
		{"number", wrap(types.ToXNumber), types.NewXText("123.45000"), "123.45"},
		{"number", wrap(types.ToXNumber), types.NewXText(" -12 "), "-12"},
		{"number", wrap(types.ToXNumber), types.NewXText(".5"), "0.5"},
		{"number", wrap(types.ToXNumber), num("10"), "10"},
		{"number", wrap(types.ToXNumber), withDefault, "12"},
		{"number", wrap(types.ToXNumber), types.NewXText("what?"), `ERROR: unable to convert "what?" to a number`},
		{"number", wrap(types.ToXNumber), types.NewXText("1e5"), `ERROR: unable to convert "1e5" to a number`},
		{"number", wrap(types.ToXNumber), nil, "ERROR: unable to convert null to a number"},
		{"number", wrap(types.ToXNumber), types.XBooleanTrue, "ERROR: unable to convert true to a number"},
		{"number", wrap(types.ToXNumber), boom, "ERROR: boom"},
		{"date", wrap(types.ToXDate), types.NewXText("1979-07-18T10:30:45.123456Z"), "1979-07-18"},
		{"date", wrap(types.ToXDate), types.NewXText("10/05/2010"), "2010-05-10"},
		{"date", wrap(types.ToXDate), dt, "1979-07-18"},
		{"date", wrap(types.ToXDate), types.NewXText("NOT DATE"), `ERROR: unable to convert "NOT DATE" to a date`},
		{"date", wrap(types.ToXDate), num("3"), "ERROR: unable to convert 3 to a date"},
		{"datetime", wrap(types.ToXDateTime), types.NewXText("1979-07-18"), "1979-07-18T00:00:00.000000-05:00"},
		{"datetime", wrap(types.ToXDateTime), types.NewXText("2017-01-15 02:15:18PM"), "2017-01-15T14:15:18.000000-05:00"},
		{"datetime", wrap(types.ToXDateTime), date, "2017-01-15T00:00:00.000000-05:00"},
		{"datetime", wrap(types.ToXDateTime), dt, "1979-07-18T10:30:45.123456Z"},
		{"datetime", wrap(types.ToXDateTime), types.NewXText("foo"), `ERROR: unable to convert "foo" to a datetime`},
		{"datetime fill", wrap(types.ToXDateTimeWithTimeFill), types.NewXText("1979-07-18"), "1979-07-18T13:24:30.123456-05:00"},
		{"datetime fill", wrap(types.ToXDateTimeWithTimeFill), date, "2017-01-15T13:24:30.123456-05:00"},
		{"time", wrap(types.ToXTime), types.NewXText("10:30:45 PM"), "22:30:45.000000"},
		{"time", wrap(types.ToXTime), dt, "10:30:45.123456"},
		{"time", wrap(types.ToXTime), num("9"), "09:00:00.000000"},
		{"time", wrap(types.ToXTime), num("24"), "ERROR: unable to convert 24 to a time"},
		{"time", wrap(types.ToXTime), types.NewXText("what?"), `ERROR: unable to convert "what?" to a time`},
		{"array", wrap(types.ToXArray), nil, "[]"},
		{"array", wrap(types.ToXArray), types.NewXArray(num("1")), "[1]"},
		{"array", wrap(types.ToXArray), types.NewXText("a"), `ERROR: unable to convert "a" to an array`},
		{"object", wrap(types.ToXObject), nil, "{}"},
		{"object", wrap(types.ToXObject), num("1"), "ERROR: unable to convert 1 to an object"},
		{"text", wrap(types.ToXText), types.NewXArray(num("1"), types.NewXText("x")), "[1, x]"},
		{"text", wrap(types.ToXText), withDefault, "12"},
		{"json", func(x types.XValue) (types.XValue, types.XError) { return types.ToXJSON(x) }, dt, `"1979-07-18T10:30:45.123456Z"`},
		{"json", func(x types.XValue) (types.XValue, types.XError) { return types.ToXJSON(x) }, types.NewXText("a<b>&c"), `"a<b>&c"`},
		{"json", func(x types.XValue) (types.XValue, types.XError) { return types.ToXJSON(x) }, nil, `null`},
		{"json", func(x types.XValue) (types.XValue, types.XError) { return types.ToXJSON(x) }, boom, `ERROR: boom`},
		{"json", func(x types.XValue) (types.XValue, types.XError) { return types.ToXJSON(x) },
			types.NewXObject(map[string]types.XValue{"foo": num("1"), "bar": types.NewXText("x"), "d": date, "t": types.NewXTime(dates.NewTimeOfDay(1, 2, 3, 0))}),
			`{"bar":"x","d":"2017-01-15","foo":1,"t":"01:02:03.000000"}`},
	}
	for _, tc := range tcs {
		got := result(tc.convert(tc.input))
		if got != tc.expected {
			t.Errorf("%s of %s: expected %q, got %q", tc.name, types.String(tc.input), tc.expected, got)
		}
	}
}

// wrap adapts a typed conversion to a common signature for the table.
func wrap[T types.XValue](f func(envs.Environment, types.XValue) (T, types.XError)) func(types.XValue) (types.XValue, types.XError) {
	return func(x types.XValue) (types.XValue, types.XError) {
		v, err := f(testEnv(), x)
		return v, err
	}
}

func TestToInteger(t *testing.T) {
	env := testEnv()
	for _, tc := range []struct {
		in       types.XValue
		expected int
		err      bool
	}{
		{num("12"), 12, false}, {num("-3.7"), -3, false}, {types.NewXText("5"), 5, false},
		{types.NewXText("x"), 0, true}, {num("99999999999"), 0, true},
	} {
		got, err := types.ToInteger(env, tc.in)
		if (err != nil) != tc.err || got != tc.expected {
			t.Errorf("ToInteger(%s): got %d, %v", types.String(tc.in), got, err)
		}
	}
}

func TestNumberRenderAndFormat(t *testing.T) {
	env := testEnv()
	for _, tc := range []struct{ in, render, format string }{
		{"123.45000", "123.45", "123.45"},
		{"1234.5670", "1234.567", "1,234.567"},
		{"10", "10", "10"},
		{"-1234567.5", "-1234567.5", "-1,234,567.5"},
	} {
		n := num(tc.in)
		if n.Render() != tc.render || n.Format(env) != tc.format {
			t.Errorf("%s: rendered %q formatted %q", tc.in, n.Render(), n.Format(env))
		}
	}
	nf := &envs.NumberFormat{DecimalSymbol: ",", DigitGroupingSymbol: "."}
	if got := types.FormatNumber(decimal.RequireFromString("1234.5"), nf, 2, true); got != "1.234,50" {
		t.Errorf("FormatNumber with places: got %q", got)
	}
	if got := types.FormatNumber(decimal.RequireFromString("1234.5678"), nil, 0, false); got != "1235" {
		t.Errorf("FormatNumber without grouping: got %q", got)
	}
}

func TestCompareAndIsEmpty(t *testing.T) {
	if c, err := types.Compare(num("2"), num("10")); err != nil || c != -1 {
		t.Errorf("Compare numbers: %d %v", c, err)
	}
	if c, err := types.Compare(types.NewXText("b"), types.NewXText("a")); err != nil || c != 1 {
		t.Errorf("Compare texts: %d %v", c, err)
	}
	if _, err := types.Compare(types.NewXText("b"), num("1")); err == nil || err.Error() != `can't compare "b" and 1` {
		t.Errorf("Compare mixed: %v", err)
	}
	for _, tc := range []struct {
		in    types.XValue
		empty bool
	}{{nil, true}, {types.XTextEmpty, true}, {types.NewXText(" "), false}, {types.XArrayEmpty, true}, {types.XObjectEmpty, true}, {types.XNumberZero, false}, {types.XBooleanFalse, false}} {
		if types.IsEmpty(tc.in) != tc.empty {
			t.Errorf("IsEmpty(%s) should be %v", types.String(tc.in), tc.empty)
		}
	}
}

func TestParseDecimal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{"12", "12", true}, {" +12.50 ", "12.5", true}, {"-.5", "-0.5", true}, {"7.", "7", true},
		{"", "", false}, {".", "", false}, {"-", "", false}, {"1.2.3", "", false}, {"1e5", "", false},
		{"1,000", "", false}, {"12abc", "", false}, {"١٢", "", false},
	} {
		d, ok := types.ParseDecimal(tc.in)
		if ok != tc.ok || ok && d.String() != tc.want {
			t.Errorf("ParseDecimal(%q): got %s, %v", tc.in, d, ok)
		}
	}
}
