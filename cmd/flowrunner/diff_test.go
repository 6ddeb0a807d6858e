package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUnifiedDiff(t *testing.T) {
	tcs := []struct {
		name string
		a, b string
		want string
	}{
		{"equal", "a\nb\n", "a\nb\n", ""},
		{"changed line", "a\nb\nc\n", "a\nB\nc\n", "--- A\n+++ B\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"},
		{"added at end", "a\n", "a\nb\n", "--- A\n+++ B\n@@ -1,1 +1,2 @@\n a\n+b\n"},
		{"removed at start", "x\na\n", "a\n", "--- A\n+++ B\n@@ -1,2 +1,1 @@\n-x\n a\n"},
		{"from nothing", "", "a\n", "--- A\n+++ B\n@@ -0,0 +1,1 @@\n+a\n"},
		{"to nothing", "a\n", "", "--- A\n+++ B\n@@ -1,1 +0,0 @@\n-a\n"},
		{
			"two hunks far apart",
			"1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n",
			"X\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nY\n",
			"--- A\n+++ B\n@@ -1,4 +1,4 @@\n-1\n+X\n 2\n 3\n 4\n@@ -9,4 +9,4 @@\n 9\n 10\n 11\n-12\n+Y\n",
		},
		{
			"close changes share a hunk",
			"1\n2\n3\n4\n5\n",
			"X\n2\n3\n4\nY\n",
			"--- A\n+++ B\n@@ -1,5 +1,5 @@\n-1\n+X\n 2\n 3\n 4\n-5\n+Y\n",
		},
		{
			"interleaved keeps common lines",
			"a\nb\nc\nd\n",
			"a\nc\nd\ne\n",
			"--- A\n+++ B\n@@ -1,4 +1,4 @@\n a\n-b\n c\n d\n+e\n",
		},
	}
	for _, tc := range tcs {
		assert.Equal(t, tc.want, unifiedDiff("A", "B", tc.a, tc.b), tc.name)
	}
}

func TestUnifiedDiffLargeMiddle(t *testing.T) {
	// past the table limit the changed middle is shown whole, still as a valid diff
	a := strings.Repeat("a\n", 3000)
	b := strings.Repeat("b\n", 3000)
	d := unifiedDiff("A", "B", a, b)
	assert.True(t, strings.HasPrefix(d, "--- A\n+++ B\n@@ -1,3000 +1,3000 @@\n-a\n"))
	assert.Equal(t, 3000, strings.Count(d, "\n+b"))
}
