package functions_test

import (
	"testing"

	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// builtin returns a registered function as a value, for foreach and filter.
func builtin(t *testing.T, name string) types.XValue {
	fn, ok := functions.Lookup(name)
	if !ok {
		t.Fatalf("function %s is not registered", name)
	}
	return fn
}

func TestArrayFunctions(t *testing.T) {
	abc := vArr(vText("a"), vText("b"), vText("c"))
	obj := types.NewXObject(map[string]types.XValue{"foo": vNum("1"), "bar": vText("x")})
	checkCalls(t, fnTestEnv(), []callCase{
		{"array", nil, "[]"},
		{"array", []types.XValue{vNum("1"), vText("x"), types.XBooleanTrue}, "[1, x, true]"},
		{"array", []types.XValue{vNum("1"), vErr}, "ERROR: boom"},
		{"count", []types.XValue{vArr()}, "0"},
		{"count", []types.XValue{abc}, "3"},
		{"count", []types.XValue{obj}, "2"},
		{"count", []types.XValue{vNum("1234")}, "ERROR: value isn't an array or object"},
		{"count", []types.XValue{vText("abc")}, "ERROR"},
		{"count", []types.XValue{vErr}, "ERROR: boom"},
		{"concat", []types.XValue{vArr(vText("a"), vText("b")), vArr(vText("c"), vText("d"))}, "[a, b, c, d]"},
		{"concat", []types.XValue{vArr(), nil}, "[]"},
		{"concat", []types.XValue{vArr(), vText("x")}, "ERROR"},
		{"contains", []types.XValue{abc, vText("a")}, "true"},
		{"contains", []types.XValue{vArr(vNum("1"), vNum("2")), vNum("2.0")}, "true"},
		{"contains", []types.XValue{vArr(vNum("1"), vNum("2"), vNum("3")), vNum("4")}, "false"},
		{"contains", []types.XValue{vArr(vNum("1")), vText("1")}, "false"},
		{"contains", []types.XValue{vText("abc"), vText("a")}, "ERROR"},
		{"contains", []types.XValue{abc, vErr}, "ERROR: boom"},
		{"filter", []types.XValue{vArr(vText("a"), vText(""), vNum("0"), vNum("2")), builtin(t, "boolean")}, "[a, 2]"},
		{"filter", []types.XValue{vArr(vText("a")), builtin(t, "number")}, "ERROR"},
		{"filter", []types.XValue{abc, vText("nope")}, `ERROR: "nope" is not a function`},
		{"foreach", []types.XValue{vArr(vNum("1.234"), vNum("2.345")), builtin(t, "round"), vNum("1")}, "[1.2, 2.3]"},
		{"foreach", []types.XValue{vArr(vNum("-1"), vNum("2")), builtin(t, "abs")}, "[1, 2]"},
		{"foreach", []types.XValue{vArr(vText("x")), builtin(t, "abs")}, "ERROR"},
		{"foreach", []types.XValue{abc}, "ERROR: need at least 2 argument(s), got 1"},
		{"join", []types.XValue{abc, vText(" ")}, "a b c"},
		{"join", []types.XValue{vArr(vNum("1"), types.XBooleanTrue), vText(", ")}, "1, true"},
		{"join", []types.XValue{vArr(), vText(",")}, ""},
		{"join", []types.XValue{vArr(vErr), vText(",")}, "ERROR: boom"},
		{"join", []types.XValue{vText("abc"), vText(",")}, "ERROR"},
		{"reverse", []types.XValue{vArr(vNum("3"), vNum("1"), vNum("2"))}, "[2, 1, 3]"},
		{"reverse", []types.XValue{vArr()}, "[]"},
		{"reverse", []types.XValue{vNum("1")}, "ERROR"},
		{"slice", []types.XValue{abc, vNum("0"), vNum("2")}, "[a, b]"},
		{"slice", []types.XValue{abc, vNum("1"), vNum("3")}, "[b, c]"},
		{"slice", []types.XValue{abc, vNum("0"), vNum("-1")}, "[a, b]"},
		{"slice", []types.XValue{abc, vNum("-2")}, "[b, c]"},
		{"slice", []types.XValue{abc, vNum("1")}, "[b, c]"},
		{"slice", []types.XValue{abc, vNum("10")}, "[]"},
		{"slice", []types.XValue{abc, vNum("-10"), vNum("1")}, "[a]"},
		{"slice", []types.XValue{abc, vNum("2"), vNum("1")}, "[]"},
		{"slice", []types.XValue{abc, vText("x")}, "ERROR"},
		{"sort", []types.XValue{vArr(vNum("3"), vNum("1"), vNum("2"))}, "[1, 2, 3]"},
		{"sort", []types.XValue{vArr(vNum("10"), vNum("9"))}, "[9, 10]"},
		{"sort", []types.XValue{vArr(vText("C"), vText("A"), vText("B"))}, "[A, B, C]"},
		{"sort", []types.XValue{vArr(vDate(2019, 1, 2), vDate(2018, 5, 1))}, "[2018-05-01, 2019-01-02]"},
		{"sort", []types.XValue{vArr(vNum("1"), vText("a"))}, `ERROR: can't compare "a" and 1`},
		{"sort", []types.XValue{vArr()}, "[]"},
		{"unique", []types.XValue{vArr(vNum("1"), vNum("3"), vNum("2"), vNum("3"))}, "[1, 3, 2]"},
		{"unique", []types.XValue{vArr(vText("hi"), vText("there"), vText("hi"))}, "[hi, there]"},
		{"unique", []types.XValue{vArr(vNum("1"), vText("1"))}, "[1, 1]"},
		{"unique", []types.XValue{vText("x")}, "ERROR"},
	})
}

func TestArrayFunctionsDontChangeTheirArguments(t *testing.T) {
	env := fnTestEnv()
	arr := vArr(vNum("3"), vNum("1"), vNum("2"))
	for _, fn := range []string{"sort", "reverse", "unique"} {
		callFn(t, env, fn, arr)
	}
	callFn(t, env, "concat", arr, vArr(vNum("4")))
	if got := types.Render(arr); got != "[3, 1, 2]" {
		t.Errorf("array changed to %s", got)
	}
}
