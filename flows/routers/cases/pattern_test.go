package cases_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows/routers/cases"
)

// TestHasPatternBounded: has_pattern with the longest pattern against a megabyte of input,
// the hostile case that once took 50 s, is refused at once; ordinary matching works.
func TestHasPatternBounded(t *testing.T) {
	fn, ok := cases.Lookup("has_pattern")
	if !ok {
		t.Fatal("has_pattern is not registered")
	}
	env := newTestEnv(t, "", envs.CollationDefault)
	start := time.Now()
	res := fn.Call(env, []types.XValue{types.NewXText(strings.Repeat("ab", 500_000)), types.NewXText(strings.Repeat("(a|b)", 400))})
	if !types.IsXError(res) || !strings.Contains(types.Render(res), "maximum of 1000000 steps") {
		t.Errorf("want the work error, got %v", res)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s", d)
	}
	res = fn.Call(env, []types.XValue{types.NewXText("Buy cheese please"), types.NewXText(`buy (\w+)`)})
	if !types.Truthy(res) {
		t.Errorf("ordinary match: %v", res)
	}
}
