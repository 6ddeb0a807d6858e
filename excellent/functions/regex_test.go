package functions_test

import (
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// TestRegexLimits: a pattern of MaxPatternLength bytes compiles and one byte more is
// refused; matching whose work (compiled size × input length) is within MaxWorkPerCall
// runs and past it fails before running; the hostile case (the longest pattern against a
// megabyte) ends at once.
func TestRegexLimits(t *testing.T) {
	if functions.MaxPatternLength != 2000 || functions.MaxWorkPerCall != 1_000_000 || functions.RegexCacheSize != 1000 {
		t.Fatalf("limits changed: pattern %d, work %d, cache %d (docs/security.md lists 2000, 1000000, 1000)",
			functions.MaxPatternLength, functions.MaxWorkPerCall, functions.RegexCacheSize)
	}
	env := textTestEnv(false)
	if _, err := functions.CompileUserRegex(strings.Repeat("a", functions.MaxPatternLength)); err != nil {
		t.Errorf("at the length limit: %v", err)
	}
	if _, err := functions.CompileUserRegex(strings.Repeat("a", functions.MaxPatternLength+1)); err == nil || !strings.Contains(err.Error(), "longer than the maximum of 2000 bytes") {
		t.Errorf("past the length limit: %v", err)
	}

	re, err := functions.CompileUserRegex("abc")
	if err != nil {
		t.Fatal(err)
	}
	// find the longest input within the work limit by doubling, then check its neighbour
	n := 1
	for {
		if _, err := re.FindSubmatch(env, strings.Repeat("x", n*2)); err != nil {
			break
		}
		n *= 2
	}
	lo, hi := n, n*2 // lo passes, hi fails
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if _, err := re.FindSubmatch(env, strings.Repeat("x", mid)); err != nil {
			hi = mid
		} else {
			lo = mid
		}
	}
	_, err = re.FindSubmatch(env, strings.Repeat("x", hi))
	if err == nil || !strings.Contains(err.Error(), "maximum of 1000000 steps") {
		t.Errorf("just past the work limit: %v", err)
	}
	if lo < 10_000 || lo > functions.MaxWorkPerCall {
		t.Errorf("a three letter pattern may search %d bytes", lo)
	}

	big, err := functions.CompileUserRegex(strings.Repeat("(a|b)", functions.MaxPatternLength/5))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = big.FindSubmatch(env, strings.Repeat("ab", 500_000))
	if err == nil {
		t.Errorf("the longest pattern against a megabyte ran")
	}
	// unbounded, this match takes tens of seconds; refused, it takes microseconds, so a
	// bound of seconds tells the two apart even on a loaded machine
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("refusing took %s", d)
	}
}

// TestRegexCompiledOnce: the same pattern comes back from the cache.
func TestRegexCompiledOnce(t *testing.T) {
	a, _ := functions.CompileUserRegex(`buy (\w+)`)
	b, _ := functions.CompileUserRegex(`buy (\w+)`)
	if a == nil || a != b {
		t.Errorf("the pattern was compiled twice")
	}
	if _, err := functions.CompileUserRegex("[["); err == nil || !strings.Contains(err.Error(), "'[[' is not a valid regular expression") {
		t.Errorf("invalid pattern: %v", err)
	}
	res, ok := functions.Lookup("regex_match")
	if !ok {
		t.Fatal("no regex_match")
	}
	if out := res.Call(textTestEnv(false), []types.XValue{xt("sda34dfddg67"), xt(`\d+`)}); types.Render(out) != "34" {
		t.Errorf("regex_match: %v", out)
	}
}
