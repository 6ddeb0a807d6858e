package functions_test

import (
	"testing"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/shopspring/decimal"
)

func TestNumberFunctions(t *testing.T) {
	checkCalls(t, fnTestEnv(), []callCase{
		{"abs", []types.XValue{vNum("10.5")}, "10.5"},
		{"abs", []types.XValue{vNum("-10.5")}, "10.5"},
		{"abs", []types.XValue{vText("foo")}, `ERROR: unable to convert "foo" to a number`},
		{"max", []types.XValue{vNum("1"), vNum("2")}, "2"},
		{"max", []types.XValue{vNum("1"), vNum("-1"), vText("10")}, "10"},
		{"max", []types.XValue{vNum("1"), vNum("10"), vText("foo")}, "ERROR"},
		{"max", nil, "ERROR: need at least 1 argument(s), got 0"},
		{"min", []types.XValue{vNum("2"), vNum("2"), vNum("-10")}, "-10"},
		{"min", []types.XValue{vNum("1"), vNum("2"), vText("foo")}, "ERROR"},
		{"mean", []types.XValue{vNum("1"), vNum("2"), vNum("6")}, "3"},
		{"mean", []types.XValue{vNum("1"), vNum("2")}, "1.5"},
		{"mean", []types.XValue{vNum("1"), vText("x")}, "ERROR"},
		{"mod", []types.XValue{vNum("5"), vNum("2")}, "1"},
		{"mod", []types.XValue{vNum("4"), vNum("2")}, "0"},
		{"mod", []types.XValue{vNum("-5"), vNum("3")}, "-2"},
		{"mod", []types.XValue{vNum("5"), vNum("0")}, "ERROR: division by zero"},
		{"mod", []types.XValue{vNum("5"), vText("foo")}, "ERROR"},
		{"round", []types.XValue{vNum("12")}, "12"},
		{"round", []types.XValue{vNum("12.5")}, "13"},
		{"round", []types.XValue{vNum("-12.5")}, "-13"},
		{"round", []types.XValue{vNum("12.141"), vNum("2")}, "12.14"},
		{"round", []types.XValue{vNum("12.146"), vNum("-1")}, "10"},
		{"round", []types.XValue{vText("notnum"), vNum("2")}, "ERROR"},
		{"round", []types.XValue{vNum("1"), vNum("20")}, "ERROR: can't round to more than 9 decimal places"},
		{"round_up", []types.XValue{vNum("12")}, "12"},
		{"round_up", []types.XValue{vNum("12.141")}, "13"},
		{"round_up", []types.XValue{vNum("12.141"), vNum("2")}, "12.15"},
		{"round_up", []types.XValue{vNum("-12.5")}, "-12"},
		{"round_up", []types.XValue{vText("foo")}, "ERROR"},
		{"round_down", []types.XValue{vNum("12.6")}, "12"},
		{"round_down", []types.XValue{vNum("12.146"), vNum("2")}, "12.14"},
		{"round_down", []types.XValue{vNum("-12.1")}, "-13"},
		{"round_down", []types.XValue{vText("foo")}, "ERROR"},
		{"percent", []types.XValue{vNum("1.2")}, "120%"},
		{"percent", []types.XValue{vNum("0.54234")}, "54%"},
		{"percent", []types.XValue{vNum("123.45")}, "12,345%"},
		{"percent", []types.XValue{vText("foo")}, "ERROR"},
		{"sum", []types.XValue{vArr(vNum("1"), vNum("2"), vText("3"))}, "6"},
		{"sum", []types.XValue{vArr()}, "0"},
		{"sum", []types.XValue{nil}, "0"},
		{"sum", []types.XValue{vArr(vNum("1"), vText("x"))}, "ERROR"},
		{"sum", []types.XValue{vNum("3")}, "ERROR: unable to convert 3 to an array"},
		{"format_number", []types.XValue{vNum("1234")}, "1,234"},
		{"format_number", []types.XValue{vNum("1234.5670")}, "1,234.567"},
		{"format_number", []types.XValue{vNum("1234.5670"), vNum("2"), types.XBooleanTrue}, "1,234.57"},
		{"format_number", []types.XValue{vNum("31337"), vNum("2")}, "31,337.00"},
		{"format_number", []types.XValue{vNum("1234.5678"), vNum("0"), types.XBooleanFalse}, "1235"},
		{"format_number", []types.XValue{vNum("-1234567.891"), vNum("1")}, "-1,234,567.9"},
		{"format_number", []types.XValue{vNum("1"), vNum("10")}, "ERROR: must take 0-9 number of places, got 10"},
		{"format_number", []types.XValue{vText("foo"), vNum("2"), types.XBooleanFalse}, "ERROR"},
	})

	s := envs.DefaultSettings()
	s.NumberFormat_ = &envs.NumberFormat{DecimalSymbol: ",", DigitGroupingSymbol: "."}
	euro := envs.NewEnv(s, nil, utils.NewSeededRandom(1), nil)
	checkCalls(t, euro, []callCase{
		{"format_number", []types.XValue{vNum("1234.5")}, "1.234,5"},
		{"percent", []types.XValue{vNum("12.3456")}, "1.235%"},
	})
}

func TestRandomFunctions(t *testing.T) {
	env := fnTestEnv()
	for i := 0; i < 50; i++ {
		r, err := decimal.NewFromString(callFn(t, env, "rand"))
		if err != nil || r.IsNegative() || r.GreaterThanOrEqual(decimal.NewFromInt(1)) {
			t.Fatalf("rand() out of [0, 1): %s", r)
		}
		n, err := decimal.NewFromString(callFn(t, env, "rand_between", vNum("1"), vNum("10")))
		if err != nil || n.LessThan(decimal.NewFromInt(1)) || n.GreaterThan(decimal.NewFromInt(10)) || !n.IsInteger() {
			t.Fatalf("rand_between(1, 10) out of range: %s", n)
		}
	}
	// the same seed gives the same sequence
	a, b := fnTestEnv(), fnTestEnv()
	if callFn(t, a, "rand") != callFn(t, b, "rand") {
		t.Error("rand() differs between two environments with the same seed")
	}
	checkCalls(t, env, []callCase{
		{"rand_between", []types.XValue{vNum("5"), vNum("5")}, "5"},
		{"rand_between", []types.XValue{vNum("5"), vNum("1")}, "ERROR: max 1 is less than min 5"},
		{"rand_between", []types.XValue{vText("a"), vNum("1")}, "ERROR"},
		{"rand", []types.XValue{vNum("1")}, "ERROR: need 0 argument(s), got 1"},
	})
}
