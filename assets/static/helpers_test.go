package static_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/utils"
)

func assetsUUID(s string) utils.UUID { return utils.UUID(s) }

// tiny assertion helpers (the module does not carry testify's yaml dependency)
type checker struct{}

var assert, require checker

func msg(args []any) string {
	if len(args) == 0 {
		return ""
	}
	if f, ok := args[0].(string); ok {
		return fmt.Sprintf(f, args[1:]...)
	}
	return fmt.Sprint(args...)
}

func (checker) NoError(t *testing.T, err error, args ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v %s", err, msg(args))
	}
}

func (checker) Error(t *testing.T, err error, args ...any) bool {
	t.Helper()
	if err == nil {
		t.Errorf("expected error %s", msg(args))
		return false
	}
	return true
}

func (checker) Equal(t *testing.T, want, got any, args ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("want %#v, got %#v %s", want, got, msg(args))
	}
}

func (checker) NotNil(t *testing.T, v any, args ...any) {
	t.Helper()
	if v == nil || (reflect.ValueOf(v).Kind() == reflect.Pointer && reflect.ValueOf(v).IsNil()) {
		t.Fatalf("unexpected nil %s", msg(args))
	}
}

func (checker) Nil(t *testing.T, v any, args ...any) {
	t.Helper()
	if v != nil && !(reflect.ValueOf(v).Kind() == reflect.Pointer && reflect.ValueOf(v).IsNil()) {
		t.Errorf("expected nil, got %#v %s", v, msg(args))
	}
}

func (checker) NotEmpty(t *testing.T, v any, args ...any) {
	t.Helper()
	if reflect.ValueOf(v).IsZero() {
		t.Errorf("unexpected empty value %s", msg(args))
	}
}

func (checker) True(t *testing.T, v bool, args ...any) {
	t.Helper()
	if !v {
		t.Errorf("expected true %s", msg(args))
	}
}

func (checker) Len(t *testing.T, v any, n int, args ...any) {
	t.Helper()
	if l := reflect.ValueOf(v).Len(); l != n {
		t.Errorf("want length %d, got %d %s", n, l, msg(args))
	}
}

func (checker) Greater(t *testing.T, a, b int, args ...any) {
	t.Helper()
	if a <= b {
		t.Errorf("want %d > %d %s", a, b, msg(args))
	}
}

func (checker) Contains(t *testing.T, s, sub string, args ...any) {
	t.Helper()
	if !strings.Contains(s, sub) {
		t.Errorf("%q does not contain %q %s", s, sub, msg(args))
	}
}
