package types_test

import (
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/excellent/types"
)

func TestReadXValue(t *testing.T) {
	tcs := []struct{ json, render, debug string }{
		{`{"foo": "bar", "n": 1.50, "list": [1, true, null, "x"]}`, "{foo: bar, list: [1, true, , x], n: 1.5}", ""},
		{`[1,2,3,4]`, "[1, 2, 3, 4]", ""},
		{`"a string"`, "a string", `XText("a string")`},
		{`12345678901234567890.123`, "12345678901234567890.123", ""},
		{`true`, "true", ""},
		{`null`, "", "nil"},
	}
	for _, tc := range tcs {
		v := types.ReadXValue([]byte(tc.json))
		if types.IsXError(v) {
			t.Errorf("%s: unexpected error %s", tc.json, v.Render())
			continue
		}
		if types.Render(v) != tc.render {
			t.Errorf("%s: expected %q, got %q", tc.json, tc.render, types.Render(v))
		}
		if tc.debug != "" && types.String(v) != tc.debug {
			t.Errorf("%s: expected %s, got %s", tc.json, tc.debug, types.String(v))
		}
	}
	for _, bad := range []string{"invalid json", "", `{"a": }`, `[1] [2]`} {
		v := types.ReadXValue([]byte(bad))
		if e, ok := types.AsXError(v); !ok || !strings.HasPrefix(e.Error(), "unable to parse JSON") {
			t.Errorf("%q: expected a JSON error, got %s", bad, types.String(v))
		}
	}
}
