package types_test

import (
	"testing"

	"github.com/rivuletflows/rivulet/excellent/types"
)

// TestXLazyValue checks that lazy properties are computed once, only when read, and that
// every way of reading an object sees the computed value (nil included).
func TestXLazyValue(t *testing.T) {
	tcs := []struct {
		name  string
		read  func(o types.XObject) string
		want  string
		calls int
	}{
		{"unread", func(o types.XObject) string { return "" }, "", 0},
		{"other property", func(o types.XObject) string { v, _ := o.Get("plain"); return types.Render(v) }, "x", 0},
		{"get twice", func(o types.XObject) string {
			o.Get("name")
			v, _ := o.Get("name")
			return types.Render(v)
		}, "Bob", 1},
		{"get any case", func(o types.XObject) string { v, _ := o.Get("NAME"); return types.Render(v) }, "Bob", 1},
		{"nil value", func(o types.XObject) string {
			v, ok := o.Get("none")
			if v != nil || !ok {
				return "not nil"
			}
			return "nil"
		}, "nil", 1},
		{"render", func(o types.XObject) string { return o.Render() }, "{name: Bob, none: , plain: x}", 2},
		{"json", func(o types.XObject) string { b, _ := o.MarshalJSON(); return string(b) }, `{"name":"Bob","none":null,"plain":"x"}`, 2},
		{"equals", func(o types.XObject) string {
			other := types.NewXObject(map[string]types.XValue{"name": types.NewXText("Bob"), "none": nil, "plain": types.NewXText("x")})
			if o.Equals(other) {
				return "equal"
			}
			return "different"
		}, "equal", 2},
	}
	for _, tc := range tcs {
		calls := 0
		o := types.NewXObject(map[string]types.XValue{
			"name":  types.NewXLazyValue(func() types.XValue { calls++; return types.NewXText("Bob") }),
			"none":  types.NewXLazyValue(func() types.XValue { calls++; return nil }),
			"plain": types.NewXText("x"),
		})
		if got := tc.read(o); got != tc.want {
			t.Errorf("%s: expected %q, got %q", tc.name, tc.want, got)
		}
		if calls != tc.calls {
			t.Errorf("%s: expected %d computations, got %d", tc.name, tc.calls, calls)
		}
	}
}
