package utils

import "testing"

// TestSnakify checks result names become the keys the established engine gives them.
func TestSnakify(t *testing.T) {
	tcs := []struct{ name, key string }{
		{"Favorite Color", "favorite_color"},
		{"  Favorite   Color!  ", "favorite_color"},
		{"_Foo Bar", "_foo_bar"},
		{"foo_bar", "foo_bar"},
		{"Foo_ Bar", "foo__bar"},
		{"hello-world", "hello_world"},
		{"hi😀😃there", "hi_there"},
		{"Año Nuevo 2", "año_nuevo_2"},
		{"", ""},
	}
	for _, tc := range tcs {
		if got := Snakify(tc.name); got != tc.key {
			t.Errorf("Snakify(%q): expected %q, got %q", tc.name, tc.key, got)
		}
	}
}
