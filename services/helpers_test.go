package services

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// sharedDir finds ../shared/conformance from the package directory, or skips.
func sharedDir(t testing.TB) string {
	dir, _ := os.Getwd()
	for i := 0; i < 5; i++ {
		candidate := filepath.Join(dir, "..", "shared", "conformance")
		if st, err := os.Stat(candidate); err == nil && st.IsDir() {
			return candidate
		}
		dir = filepath.Dir(dir)
	}
	t.Skip("shared conformance data not found")
	return ""
}

// check fails the test (without stopping it) when got differs from want.
func check[T comparable](t testing.TB, want, got T, what string, args ...any) {
	t.Helper()
	if want != got {
		t.Errorf("%s:\nwant %#v\n got %#v", fmt.Sprintf(what, args...), want, got)
	}
}

// must stops the test on an unexpected error.
func must(t testing.TB, err error, what string, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", fmt.Sprintf(what, args...), err)
	}
}
