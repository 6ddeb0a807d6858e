package excellent

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/shopspring/decimal"
)

// Tiny functions the tests call, registered under test_ names so they can't collide with
// the built-ins other packages register.
func init() {
	functions.Register("test_upper", func(env envs.Environment, args ...types.XValue) types.XValue {
		if len(args) != 1 {
			return types.NewXErrorf("test_upper takes 1 argument")
		}
		t, xerr := types.ToXText(env, args[0])
		if xerr != nil {
			return xerr
		}
		return types.NewXText(strings.ToUpper(t.Native()))
	})
	functions.Register("test_panic", func(env envs.Environment, args ...types.XValue) types.XValue {
		var items []types.XValue
		return items[len(args)] // a deliberately buggy built-in
	})
	functions.Register("test_array", func(env envs.Environment, args ...types.XValue) types.XValue {
		return types.NewXArray(append([]types.XValue(nil), args...)...)
	})
	functions.Register("test_repeat", func(env envs.Environment, args ...types.XValue) types.XValue {
		if len(args) != 2 {
			return types.NewXErrorf("test_repeat takes 2 arguments")
		}
		t, _ := types.ToXText(env, args[0])
		n, xerr := types.ToInteger(env, args[1])
		if xerr != nil {
			return xerr
		}
		if n < 0 || n > 1000 {
			n = 1000 // a careless built-in still can't blow the budget: callers check length
		}
		return types.NewXText(strings.Repeat(t.Native(), n))
	})
	functions.Register("test_map", func(env envs.Environment, args ...types.XValue) types.XValue {
		if len(args) != 2 {
			return types.NewXErrorf("test_map takes 2 arguments")
		}
		arr, ok := args[0].(types.XArray)
		if !ok {
			return types.NewXErrorf("not an array")
		}
		fn, ok := args[1].(types.XFunction)
		if !ok {
			return types.NewXErrorf("not a function")
		}
		out := make([]types.XValue, arr.Count())
		for i := range out {
			out[i] = fn.Call(env, []types.XValue{arr.Get(i)})
			if types.IsXError(out[i]) {
				return out[i]
			}
		}
		return types.NewXArray(out...)
	})
	functions.Register("test_default", func(env envs.Environment, args ...types.XValue) types.XValue {
		if len(args) != 2 {
			return types.NewXErrorf("test_default takes 2 arguments")
		}
		if types.IsXError(args[0]) || args[0] == nil {
			return args[1]
		}
		return args[0]
	})
}

func testEnv() envs.Environment {
	return envs.NewEnv(envs.DefaultSettings(), utils.FixedClock{T: time.Date(2018, 4, 11, 13, 24, 30, 0, time.UTC)}, utils.NewSeededRandom(1), nil)
}

func num(s string) types.XNumber { return types.NewXNumber(decimal.RequireFromString(s)) }

// testContext is a small run context: a contact with a default, fields, results, input.
func testContext() types.XObject {
	return types.NewXObject(map[string]types.XValue{
		"contact": types.NewXObjectWithDefault(types.NewXText("Ryan Lewis"), map[string]types.XValue{
			"name":     types.NewXText("Ryan Lewis"),
			"language": types.NewXText("eng"),
			"fields": types.NewXObject(map[string]types.XValue{
				"age":   num("23"),
				"unset": nil,
			}),
		}),
		"fields": types.NewXObject(map[string]types.XValue{
			"age":     num("23"),
			"balance": num("1234.5678"),
			"gender":  types.NewXText("Male"),
		}),
		"results": types.NewXObject(map[string]types.XValue{
			"color": types.NewXObjectWithDefault(types.NewXText("red"), map[string]types.XValue{
				"value":    types.NewXText("red"),
				"category": types.NewXText("Red"),
			}),
		}),
		"input": types.NewXObjectWithDefault(types.NewXText("Hi there"), map[string]types.XValue{
			"text": types.NewXText("Hi there"),
		}),
		"list":  types.NewXArray(types.NewXText("a"), types.NewXText("b"), types.NewXText("c")),
		"empty": nil,
	})
}

// check fails the test (without stopping it) when got differs from want.
func check[T comparable](t testing.TB, want, got T, what string, args ...any) {
	t.Helper()
	if want != got {
		t.Errorf("%s: want %#v, got %#v", fmt.Sprintf(what, args...), want, got)
	}
}

// checkStrings compares two string lists.
func checkStrings(t testing.TB, want, got []string, what string, args ...any) {
	t.Helper()
	if strings.Join(want, "\x00") != strings.Join(got, "\x00") || len(want) != len(got) {
		t.Errorf("%s: want %q, got %q", fmt.Sprintf(what, args...), want, got)
	}
}
