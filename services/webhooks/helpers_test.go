package webhooks

import (
	"fmt"
	"testing"
)

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
