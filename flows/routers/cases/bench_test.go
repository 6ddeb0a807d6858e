package cases_test

import (
	"testing"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows/routers/cases"
)

// benchCaseTests times each case test of a family on a typical matching operand, after
// checking that it gives the expected outcome. Routers call these once per case per
// message, so they sit on the hot path of every sprint that waits for input.
func benchCaseTests(b *testing.B, env envs.Environment, tcs []caseTest) {
	for _, tc := range tcs {
		fn, ok := cases.Lookup(tc.test)
		if !ok {
			b.Fatalf("%s is not registered", tc.test)
		}
		if got := outcome(fn.Call(env, tc.args)); got != tc.want {
			b.Fatalf("%s%v: want %q, got %q", tc.test, tc.args, tc.want, got)
		}
		b.Run(tc.test, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				fn.Call(env, tc.args)
			}
		})
	}
}

func BenchmarkTextTests(b *testing.B) {
	benchCaseTests(b, newTestEnv(b, "", envs.CollationDefault), []caseTest{
		{"has_text", []types.XValue{xt("  hi  ")}, "match:hi"},
		{"has_only_text", []types.XValue{xt("foo"), xt("foo")}, "match:foo"},
		{"has_beginning", []types.XValue{xt("The Quick Brown"), xt("the quick")}, "match:The Quick"},
		{"has_all_words", []types.XValue{xt("the quick brown FOX"), xt("the fox")}, "match:the FOX"},
		{"has_any_word", []types.XValue{xt("The Quick Brown Fox"), xt("fox quick")}, "match:Quick Fox"},
		{"has_phrase", []types.XValue{xt("the quick brown fox"), xt("brown fox")}, "match:brown fox"},
		{"has_only_phrase", []types.XValue{xt("Brown Fox"), xt("brown fox")}, "match:Brown Fox"},
		{"has_pattern", []types.XValue{xt("Buy cheese please"), xt(`buy (\w+)`)}, "match:Buy cheese extra:{0: Buy cheese, 1: cheese}"},
	})
}

func BenchmarkNumberTests(b *testing.B) {
	benchCaseTests(b, newTestEnv(b, "", envs.CollationDefault), []caseTest{
		{"has_number", []types.XValue{xt("the number is 42")}, "match:42"},
		{"has_number_between", []types.XValue{xt("the number is 42"), xn("40"), xn("44")}, "match:42"},
		{"has_number_lt", []types.XValue{xt("the number is 42"), xn("44")}, "match:42"},
		{"has_number_eq", []types.XValue{xt("42"), xn("42")}, "match:42"},
		{"has_number_gte", []types.XValue{xt("42.0"), xn("42")}, "match:42"},
	})
}

func BenchmarkDateTests(b *testing.B) {
	benchCaseTests(b, newTestEnv(b, "", envs.CollationDefault), []caseTest{
		{"has_date", []types.XValue{xt("the date is 15/01/2017")}, "match:2017-01-15T13:24:30.123456-05:00"},
		{"has_date_lt", []types.XValue{xt("the date is 15/01/2017"), xt("2017-06-01")}, "match:2017-01-15T13:24:30.123456-05:00"},
		{"has_date_eq", []types.XValue{xt("the date is 15/01/2017 15:00"), xt("2017-01-15")}, "match:2017-01-15T15:00:00.000000-05:00"},
		{"has_time", []types.XValue{xt("the time is 10:30")}, "match:10:30:00.000000"},
	})
}

func BenchmarkLocationTests(b *testing.B) {
	benchCaseTests(b, newTestEnv(b, testHierarchy, envs.CollationDefault), []caseTest{
		{"has_state", []types.XValue{xt("I live in kigari")}, "match:Rwanda > Kigali City"},
		{"has_district", []types.XValue{xt("I live in Gasabo"), xt("Kigali")}, "match:Rwanda > Kigali City > Gasabo"},
		{"has_ward", []types.XValue{xt("Gisozi"), xt("Kigali"), xt("Gasabo")}, "match:Rwanda > Kigali City > Gasabo > Gisozi"},
	})
}

func BenchmarkMiscTests(b *testing.B) {
	groups := types.NewXArray(types.NewXObject(map[string]types.XValue{
		"uuid": xt("b7cf0d83-f1c9-411c-96fd-c511a4cfa86d"), "name": xt("Testers"),
	}))
	benchCaseTests(b, newTestEnv(b, "", envs.CollationDefault), []caseTest{
		{"has_error", []types.XValue{types.NewXErrorf("boom")}, "match:boom"},
		{"has_value", []types.XValue{xt("hello")}, "match:hello"},
		{"has_group", []types.XValue{groups, xt("b7cf0d83-f1c9-411c-96fd-c511a4cfa86d")}, "match:{name: Testers, uuid: b7cf0d83-f1c9-411c-96fd-c511a4cfa86d}"},
		{"has_email", []types.XValue{xt("my email is foo@bar.com")}, "match:foo@bar.com"},
		{"has_phone", []types.XValue{xt("my number is 0788 383 383"), xt("RW")}, "match:+250788383383"},
	})
}
