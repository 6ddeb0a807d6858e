package functions_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/dates"
	"github.com/shopspring/decimal"
)

// fnTestEnv is the vectors' environment: DD-MM-YYYY, tt:mm, America/Guayaquil, now
// 2018-04-11T18:24:30.123456Z.
func fnTestEnv() envs.Environment {
	s := envs.DefaultSettings()
	s.DateFormat_ = envs.DateFormatDayMonthYear
	s.TimeFormat_ = envs.TimeFormatHourMinute
	s.Timezone_ = "America/Guayaquil"
	now := time.Date(2018, 4, 11, 18, 24, 30, 123456000, time.UTC)
	return envs.NewEnv(s, utils.FixedClock{T: now}, utils.NewSeededRandom(123456), nil)
}

func vNum(s string) types.XValue  { return types.NewXNumber(decimal.RequireFromString(s)) }
func vText(s string) types.XValue { return types.NewXText(s) }
func vArr(items ...types.XValue) types.XValue {
	return types.NewXArray(items...)
}
func vDate(y, m, d int) types.XValue { return types.NewXDate(dates.NewDate(y, m, d)) }
func vTime(h, m, s int) types.XValue { return types.NewXTime(dates.NewTimeOfDay(h, m, s, 0)) }
func vUTC(y, mo, d, h, mi, s int) types.XValue {
	return types.NewXDateTime(time.Date(y, time.Month(mo), d, h, mi, s, 0, time.UTC))
}

// vErr is an error argument, which functions must pass through.
var vErr = types.NewXErrorf("boom")

// callCase is one call of a function and what it renders as, or "ERROR: message".
type callCase struct {
	fn   string
	args []types.XValue
	want string
}

// callFn calls a registered function and renders its result, "ERROR: message" for errors.
func callFn(t *testing.T, env envs.Environment, name string, args ...types.XValue) string {
	t.Helper()
	fn, ok := functions.Lookup(name)
	if !ok {
		t.Fatalf("function %s is not registered", name)
	}
	res := fn.Call(env, args)
	if e, ok := res.(types.XError); ok {
		return "ERROR: " + e.Error()
	}
	return types.Render(res)
}

// checkCalls runs the cases; a want of "ERROR" accepts any error message.
func checkCalls(t *testing.T, env envs.Environment, tcs []callCase) {
	t.Helper()
	for _, tc := range tcs {
		got := callFn(t, env, tc.fn, tc.args...)
		if got == tc.want || tc.want == "ERROR" && strings.HasPrefix(got, "ERROR: ") {
			continue
		}
		parts := make([]string, len(tc.args))
		for i, a := range tc.args {
			parts[i] = types.String(a)
		}
		t.Errorf("%s(%s): want %q, got %q", tc.fn, strings.Join(parts, ", "), tc.want, got)
	}
}

func TestConversionFunctions(t *testing.T) {
	checkCalls(t, fnTestEnv(), []callCase{
		{"text", []types.XValue{types.XBooleanTrue}, "true"},
		{"text", []types.XValue{vNum("123.45")}, "123.45"},
		{"text", []types.XValue{nil}, ""},
		{"text", []types.XValue{vArr(vNum("1"), vText("a"))}, "[1, a]"},
		{"text", []types.XValue{vErr}, "ERROR: boom"},
		{"text", []types.XValue{}, "ERROR: need 1 argument(s), got 0"},
		{"text", []types.XValue{vText("a"), vText("b")}, "ERROR: need 1 argument(s), got 2"},
		{"boolean", []types.XValue{vArr(vNum("1"))}, "true"},
		{"boolean", []types.XValue{vArr()}, "false"},
		{"boolean", []types.XValue{vText("")}, "false"},
		{"boolean", []types.XValue{vText("False")}, "false"},
		{"boolean", []types.XValue{vText("TRUE")}, "true"},
		{"boolean", []types.XValue{vText("no")}, "true"},
		{"boolean", []types.XValue{vNum("0")}, "false"},
		{"boolean", []types.XValue{vErr}, "ERROR: boom"},
		{"number", []types.XValue{vNum("10")}, "10"},
		{"number", []types.XValue{vText("123.45000")}, "123.45"},
		{"number", []types.XValue{vText(" -7 ")}, "-7"},
		{"number", []types.XValue{vText("what?")}, `ERROR: unable to convert "what?" to a number`},
		{"number", []types.XValue{types.XBooleanTrue}, "ERROR: unable to convert true to a number"},
		{"date", []types.XValue{vText("1979-07-18")}, "1979-07-18"},
		{"date", []types.XValue{vText("1979-07-18T10:30:45.123456Z")}, "1979-07-18"},
		{"date", []types.XValue{vText("10/05/2010")}, "2010-05-10"},
		{"date", []types.XValue{vUTC(2010, 5, 10, 3, 0, 0)}, "2010-05-10"},
		{"date", []types.XValue{vText("NOT DATE")}, `ERROR: unable to convert "NOT DATE" to a date`},
		{"datetime", []types.XValue{vText("1979-07-18")}, "1979-07-18T00:00:00.000000-05:00"},
		{"datetime", []types.XValue{vText("10/05/2010 3:45pm")}, "2010-05-10T15:45:00.000000-05:00"},
		{"datetime", []types.XValue{vDate(2010, 5, 10)}, "2010-05-10T00:00:00.000000-05:00"},
		{"datetime", []types.XValue{vText("foo")}, `ERROR: unable to convert "foo" to a datetime`},
		{"time", []types.XValue{vText("10:30:45 PM")}, "22:30:45.000000"},
		{"time", []types.XValue{types.NewXDateTime(time.Date(1979, 7, 18, 10, 30, 45, 123456000, time.UTC))}, "10:30:45.123456"},
		{"time", []types.XValue{vText("what?")}, `ERROR: unable to convert "what?" to a time`},
		{"time", []types.XValue{vDate(2010, 5, 10)}, "ERROR: unable to convert date to a time"},
	})
}
