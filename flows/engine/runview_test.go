package engine

import (
	"strings"
	"testing"
)

// TestPathUnder checks the in-place comparison against the joined-text definition.
func TestPathUnder(t *testing.T) {
	paths := [][]string{
		{"contact", "id"}, {"Contact", "ID"}, {"contact", "id", "x"}, {"contact", "idx"},
		{"contact"}, {"contact", ""}, {"contact", "id.x"}, {"contact.id"}, {"contact", "i"},
		{"legacy_extra"}, {"LEGACY_EXTRA", "foo"}, {"legacy_extras"}, {"child", "run", "status"},
		{"child", "run"}, {"contact", "tickets", "0"}, {"contact", "\u212Ad"}, {"contact", "İd"},
		{"contact", "é"}, {}, {"fields", "id"},
	}
	for _, p := range paths {
		for _, d := range deprecatedPaths {
			joined := strings.ToLower(strings.Join(p, "."))
			want := joined == d.path || strings.HasPrefix(joined, d.path+".")
			if got := pathUnder(p, d.path); got != want {
				t.Errorf("pathUnder(%q, %q): expected %v, got %v", p, d.path, want, got)
			}
		}
	}
}

// TestRunContext checks the root context object behaves as an ordinary object of its parts.
func TestRunContext(t *testing.T) {
	run := newWriterTestSession(t).runs[0]
	ctx := run.context()
	whole := ctx.(*runContext).whole()

	keys := ctx.Properties()
	if strings.Join(keys, ",") != strings.Join(whole.Properties(), ",") || len(keys) != ctx.Count() {
		t.Errorf("properties %v differ from the whole object's %v", keys, whole.Properties())
	}
	for i := 1; i < len(keys); i++ {
		if keys[i-1] >= keys[i] {
			t.Errorf("properties not sorted: %v", keys)
		}
	}
	tcs := []struct {
		key   string
		found bool
	}{{"contact", true}, {"CONTACT", true}, {"Results", true}, {"legacy_extra", true}, {"nope", false}, {"__default__", false}}
	for _, tc := range tcs {
		v, found := ctx.Get(tc.key)
		w, wfound := whole.Get(tc.key)
		if found != tc.found || wfound != tc.found {
			t.Errorf("Get(%q): expected found=%v, got %v (whole object %v)", tc.key, tc.found, found, wfound)
		}
		if found && v != nil && w != nil && v.Render() != w.Render() {
			t.Errorf("Get(%q): %q differs from the whole object's %q", tc.key, v.Render(), w.Render())
		}
	}
	if ctx.HasDefault() || ctx.Default() != nil || !ctx.Truthy() || ctx.Describe() != "object" {
		t.Errorf("root context should be a truthy object without default")
	}
	got, err := ctx.MarshalJSON()
	want, werr := whole.MarshalJSON()
	if err != nil || werr != nil || string(got) != string(want) || ctx.Render() != whole.Render() || !ctx.Equals(whole) {
		t.Errorf("root context JSON/render differ from the whole object's:\n%s\n%s", got, want)
	}
}
