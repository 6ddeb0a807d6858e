package functions_test

import (
	"testing"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
)

func TestWithArity(t *testing.T) {
	count := func(env envs.Environment, args ...types.XValue) types.XValue {
		return types.NewXNumberFromInt(len(args))
	}
	tests := []struct {
		min, max, got int
		want          string
	}{
		{1, 1, 1, "1"},
		{1, 1, 0, "need 1 argument(s), got 0"},
		{1, 1, 2, "need 1 argument(s), got 2"},
		{2, 2, 1, "need 2 argument(s), got 1"},
		{2, 3, 3, "3"},
		{2, 3, 4, "need 2 to 3 argument(s), got 4"},
		{1, -1, 5, "5"},
		{1, -1, 0, "need at least 1 argument(s), got 0"},
		{0, 0, 0, "0"},
	}
	env := envs.NewEnv(envs.DefaultSettings(), nil, nil, nil)
	for _, tc := range tests {
		args := make([]types.XValue, tc.got)
		for i := range args {
			args[i] = types.NewXText("x")
		}
		res := functions.WithArity(tc.min, tc.max, count)(env, args...)
		var got string
		if e, ok := res.(types.XError); ok {
			got = e.Error()
		} else {
			got = types.Render(res)
		}
		if got != tc.want {
			t.Errorf("WithArity(%d, %d) with %d args: want %q, got %q", tc.min, tc.max, tc.got, tc.want, got)
		}
	}
}

func TestArity(t *testing.T) {
	for _, tc := range []struct {
		name     string
		min, max int
	}{
		{"upper", 1, 1}, {"UPPER", 1, 1}, {"word", 2, 3}, {"foreach", 2, -1}, {"round", 1, 2}, {"now", 0, 0}, {"text", 1, 1},
	} {
		min, max, ok := functions.Arity(tc.name)
		if !ok || min != tc.min || max != tc.max {
			t.Errorf("Arity(%s) = %d, %d, %v, want %d, %d", tc.name, min, max, ok, tc.min, tc.max)
		}
	}
	if _, _, ok := functions.Arity("uper"); ok {
		t.Error("Arity of an unknown function is ok")
	}
	for _, tc := range []struct {
		min, max int
		want     string
	}{{1, 1, "1 argument"}, {2, 2, "2 arguments"}, {2, 3, "2 to 3 arguments"}, {1, -1, "at least 1 argument"}, {0, 0, "0 arguments"}} {
		if got := functions.ArityText(tc.min, tc.max); got != tc.want {
			t.Errorf("ArityText(%d, %d) = %q, want %q", tc.min, tc.max, got, tc.want)
		}
	}
}
