package functions_test

import (
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/excellent/types"
)

func TestControlFunctions(t *testing.T) {
	now := types.NewXDateTime(time.Date(2018, 4, 11, 18, 24, 30, 123456000, time.UTC))
	checkCalls(t, fnTestEnv(), []callCase{
		{"if", []types.XValue{types.XBooleanTrue, vText("foo"), vText("bar")}, "foo"},
		{"if", []types.XValue{vText(""), vText("foo"), vText("bar")}, "bar"},
		{"if", []types.XValue{vText("false"), vText("foo"), vText("bar")}, "bar"},
		{"if", []types.XValue{vErr, vText("foo"), vText("bar")}, "ERROR: boom"},
		{"if", []types.XValue{types.XBooleanTrue, vText("foo")}, "ERROR: need 3 argument(s), got 2"},
		{"and", []types.XValue{types.XBooleanTrue}, "true"},
		{"and", []types.XValue{types.XBooleanTrue, types.XBooleanFalse, types.XBooleanTrue}, "false"},
		{"and", []types.XValue{types.XBooleanFalse, vErr}, "ERROR: boom"},
		{"and", nil, "ERROR: need at least 1 argument(s), got 0"},
		{"or", []types.XValue{types.XBooleanTrue}, "true"},
		{"or", []types.XValue{types.XBooleanFalse, vText("")}, "false"},
		{"or", []types.XValue{types.XBooleanFalse, vText("x")}, "true"},
		{"or", []types.XValue{vErr}, "ERROR: boom"},
		{"is_error", []types.XValue{vErr}, "true"},
		{"is_error", []types.XValue{vText("hello")}, "false"},
		{"is_error", []types.XValue{nil}, "false"},
		{"format", []types.XValue{vNum("1234.5670")}, "1,234.567"},
		{"format", []types.XValue{now}, "11-04-2018 13:24"},
		{"format", []types.XValue{vDate(2019, 4, 11)}, "11-04-2019"},
		{"format", []types.XValue{vTime(16, 30, 45)}, "16:30"},
		{"format", []types.XValue{vText("hi")}, "hi"},
		{"format", []types.XValue{vErr}, "ERROR: boom"},
		{"legacy_add", []types.XValue{vNum("1"), vText("2")}, "3"},
		{"legacy_add", []types.XValue{vText("2017-01-15"), vNum("2")}, "2017-01-17T00:00:00.000000-05:00"},
		{"legacy_add", []types.XValue{vNum("-1"), vDate(2017, 1, 15)}, "2017-01-14T00:00:00.000000-05:00"},
		{"legacy_add", []types.XValue{now, vNum("0.5")}, "2018-04-12T06:24:30.123456Z"},
		{"legacy_add", []types.XValue{now, now}, "ERROR: can't add two datetimes"},
		{"legacy_add", []types.XValue{vText("x"), vNum("1")}, `ERROR: unable to convert "x" to a number`},
		{"legacy_add", []types.XValue{vErr, vNum("1")}, "ERROR: boom"},
		{"prompt", []types.XValue{vText("categorize"), vArr(vText("Positive"), vText("Negative"))}, "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: [Positive, Negative]"},
		{"prompt", []types.XValue{vText("xx")}, "ERROR: no prompt named 'xx'"},
		{"prompt", []types.XValue{vErr}, "ERROR: boom"},
	})
}
