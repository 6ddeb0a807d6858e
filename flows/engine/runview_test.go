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
