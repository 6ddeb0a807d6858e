package functions_test

import (
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/excellent/types"
)

func TestJSONFunctions(t *testing.T) {
	dt := types.NewXDateTime(time.Date(1979, 7, 18, 10, 30, 45, 123456000, time.UTC))
	obj := types.NewXObject(map[string]types.XValue{"foo": vNum("1"), "bar": vText("x")})
	checkCalls(t, fnTestEnv(), []callCase{
		{"json", []types.XValue{vText("string")}, `"string"`},
		{"json", []types.XValue{vText(`a "quoted" <b> & c`)}, `"a \"quoted\" <b> & c"`},
		{"json", []types.XValue{vNum("10")}, "10"},
		{"json", []types.XValue{vNum("1234.5678")}, "1234.5678"},
		{"json", []types.XValue{nil}, "null"},
		{"json", []types.XValue{types.XBooleanTrue}, "true"},
		{"json", []types.XValue{vArr(vNum("1"), vText("x"), types.XBooleanTrue)}, `[1,"x",true]`},
		{"json", []types.XValue{obj}, `{"bar":"x","foo":1}`},
		{"json", []types.XValue{dt}, `"1979-07-18T10:30:45.123456Z"`},
		{"json", []types.XValue{vDate(2019, 4, 11)}, `"2019-04-11"`},
		{"json", []types.XValue{vTime(16, 30, 45)}, `"16:30:45.000000"`},
		{"json", []types.XValue{builtin(t, "abs")}, "null"},
		{"json", []types.XValue{vErr}, "ERROR: boom"},
		{"parse_json", []types.XValue{vText(`{"foo": "bar", "n": [1, 2.50]}`)}, "{foo: bar, n: [1, 2.5]}"},
		{"parse_json", []types.XValue{vText("[1,2,3,4]")}, "[1, 2, 3, 4]"},
		{"parse_json", []types.XValue{vText(`"text"`)}, "text"},
		{"parse_json", []types.XValue{vText("invalid json")}, "ERROR"},
		{"parse_json", []types.XValue{vErr}, "ERROR: boom"},
	})

	// parsed values keep their types, so lookups and arithmetic work on them
	parsed := callValue(t, "parse_json", vText(`{"foo": {"bar": 2}}`))
	foo, _ := parsed.(types.XObject).Get("foo")
	bar, _ := foo.(types.XObject).Get("bar")
	if n, ok := bar.(types.XNumber); !ok || n.Render() != "2" {
		t.Errorf("parse_json nested number: %s", types.String(bar))
	}
}

// callValue calls a function in the test environment and returns its raw result.
func callValue(t *testing.T, name string, args ...types.XValue) types.XValue {
	t.Helper()
	return builtin(t, name).(types.XFunction).Call(fnTestEnv(), args)
}
