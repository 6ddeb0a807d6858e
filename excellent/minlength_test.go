package excellent

import "testing"

func TestMinLength(t *testing.T) {
	tests := map[string]int{
		"hello":                        5,
		"hi @contact.name":             3,
		`@(repeat("x", 1000000))`:      1000000,
		`@(repeat("ab", 3) & "c")`:     7,
		`@(("a" & "b"))`:               2,
		`@(repeat("x", 2000000))`:      0, // fails: longer than MaxTextLength
		`@(repeat("x", contact.name))`: 0,
		`@(upper("abc"))`:              0,
		`@(repeat("x", 1.5))`:          0,
		`@(`:                           2,
	}
	for tpl, want := range tests {
		if got := MinLength(tpl); got != want {
			t.Errorf("MinLength(%q) = %d, want %d", tpl, got, want)
		}
	}
}
