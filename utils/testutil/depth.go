package testutil

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

// Million is the nesting depth of the hostile inputs every recursive reader is tried with.
const Million = 1_000_000

// Nested returns open repeated n times, then middle, then close repeated n times:
// Nested("(", "1", ")", 3) is "(((1)))".
func Nested(open, middle, close string, n int) string {
	var b strings.Builder
	b.Grow(n*(len(open)+len(close)) + len(middle))
	for i := 0; i < n; i++ {
		b.WriteString(open)
	}
	b.WriteString(middle)
	for i := 0; i < n; i++ {
		b.WriteString(close)
	}
	return b.String()
}

// Bounded runs f, failing the test when it takes longer than d or allocates more than
// maxBytes in total: how a test shows that hostile input is refused cheaply.
func Bounded(t testing.TB, name string, d time.Duration, maxBytes uint64, f func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	f()
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if elapsed > d {
		t.Errorf("%s took %s, more than %s", name, elapsed, d)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > maxBytes {
		t.Errorf("%s allocated %d bytes, more than %d", name, alloc, maxBytes)
	}
}
