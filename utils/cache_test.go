package utils

import "testing"

func TestCache(t *testing.T) {
	c := NewCache[int](2)
	calls := 0
	compute := func(s string) int { calls++; return len(s) }
	for _, k := range []string{"a", "bb", "a", "ccc", "dddd", "a"} {
		if got := c.Get(k, compute); got != len(k) {
			t.Errorf("value of %q: %d", k, got)
		}
	}
	if c.Len() > 4 {
		t.Errorf("the cache holds %d entries, more than twice its size", c.Len())
	}
	if calls != 4 {
		t.Errorf("a and bb computed once each before eviction, then ccc and dddd: %d calls", calls)
	}
}
