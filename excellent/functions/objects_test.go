package functions_test

import (
	"testing"

	"github.com/rivuletflows/rivulet/excellent/types"
)

func TestObjectFunctions(t *testing.T) {
	group := types.NewXObject(map[string]types.XValue{"name": vText("Testers"), "uuid": vText("b7cf0d83")})
	contact := types.NewXObjectWithDefault(vText("Ryan Lewis"), map[string]types.XValue{"name": vText("Ryan Lewis"), "groups": vArr(group)})
	checkCalls(t, fnTestEnv(), []callCase{
		{"object", nil, "{}"},
		{"object", []types.XValue{vText("a"), vNum("123"), vText("b"), vText("hello")}, "{a: 123, b: hello}"},
		{"object", []types.XValue{vText("foo"), vNum("1"), vText("bar"), vText("x")}, "{bar: x, foo: 1}"},
		{"object", []types.XValue{vNum("1"), vText("one")}, "{1: one}"},
		{"object", []types.XValue{vText("a")}, "ERROR: requires an even number of arguments"},
		{"object", []types.XValue{vText("a"), vErr}, "ERROR: boom"},

		{"default", []types.XValue{vText("10"), vText("20")}, "10"},
		{"default", []types.XValue{vText(""), vText("value")}, "value"},
		{"default", []types.XValue{vText("  "), vText("value")}, "  "},
		{"default", []types.XValue{nil, vText("value")}, "value"},
		{"default", []types.XValue{vErr, vText("today")}, "today"},
		{"default", []types.XValue{vArr(), vText("none")}, "none"},
		{"default", []types.XValue{vNum("0"), vText("zero")}, "0"},
		{"default", []types.XValue{types.XBooleanFalse, vText("no")}, "false"},
		{"default", []types.XValue{vText("a")}, "ERROR: need 2 argument(s), got 1"},

		{"extract", []types.XValue{contact, vText("name")}, "Ryan Lewis"},
		{"extract", []types.XValue{group, vText("NAME")}, "Testers"},
		{"extract", []types.XValue{group, vText("missing")}, "ERROR: object has no property 'missing'"},
		{"extract", []types.XValue{vNum("1"), vText("name")}, "ERROR: unable to convert 1 to an object"},
		{"extract_object", []types.XValue{group, vText("name")}, "{name: Testers}"},
		{"extract_object", []types.XValue{group, vText("name"), vText("uuid"), vText("other")}, "{name: Testers, other: , uuid: b7cf0d83}"},
		{"extract_object", []types.XValue{vText("x"), vText("name")}, "ERROR"},

		{"keys", []types.XValue{types.NewXObject(map[string]types.XValue{"c": vText("world"), "a": vNum("123"), "b": vText("hello")})}, "[a, b, c]"},
		{"keys", []types.XValue{contact}, "[groups, name]"},
		{"keys", []types.XValue{nil}, "[]"},
		{"keys", []types.XValue{vNum("10")}, "ERROR: unable to convert 10 to an object"},

		{"foreach_value", []types.XValue{types.NewXObject(map[string]types.XValue{"a": vNum("-1"), "b": vNum("2")}), builtin(t, "abs")}, "{a: 1, b: 2}"},
		{"foreach_value", []types.XValue{types.NewXObject(map[string]types.XValue{"a": vNum("1.25")}), builtin(t, "round"), vNum("1")}, "{a: 1.3}"},
		{"foreach_value", []types.XValue{types.NewXObject(map[string]types.XValue{"a": vText("x")}), builtin(t, "abs")}, "ERROR"},
		{"foreach_value", []types.XValue{vArr(), builtin(t, "abs")}, "ERROR"},
	})
}
