package contactql

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

// TestMillionLevels: a smart group query nested a million levels deep is refused with a
// named error, quickly and in bounded memory.
func TestMillionLevels(t *testing.T) {
	q := testutil.Nested("(", "age > 1", ")", testutil.Million)
	testutil.Bounded(t, "million", 2*time.Second, 50<<20, func() {
		_, err := Parse(q)
		if !errors.Is(err, ErrTooLong) {
			t.Errorf("want ErrTooLong, got %v", err)
		}
	})
	// as deep as fits in the length limit
	q = testutil.Nested("(", "a", ")", MaxQueryLength/2-1)
	testutil.Bounded(t, "longest", 2*time.Second, 50<<20, func() {
		_, err := Parse(q)
		if !errors.Is(err, ErrTooDeep) {
			t.Errorf("want ErrTooDeep, got %v", err)
		}
	})
}

// TestLimits: MaxDepth levels and MaxQueryLength bytes are read, one more is refused.
func TestLimits(t *testing.T) {
	if MaxDepth != 100 || MaxQueryLength != 10_000 {
		t.Fatalf("limits changed: depth %d, length %d (docs/security.md lists 100 and 10000)", MaxDepth, MaxQueryLength)
	}
	if _, err := Parse(testutil.Nested("(", "age > 1", ")", MaxDepth)); err != nil {
		t.Errorf("at the depth limit: %v", err)
	}
	if _, err := Parse(testutil.Nested("(", "age > 1", ")", MaxDepth+1)); !errors.Is(err, ErrTooDeep) {
		t.Errorf("past the depth limit: %v", err)
	}
	long := "name ~ " + strings.Repeat("a", MaxQueryLength-len("name ~ "))
	if _, err := Parse(long); err != nil {
		t.Errorf("at the length limit: %v", err)
	}
	if _, err := Parse(long + "a"); !errors.Is(err, ErrTooLong) {
		t.Errorf("past the length limit: %v", err)
	}
}
