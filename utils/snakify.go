package utils

import (
	"strings"
	"unicode"
)

// Snakify turns a result name into its key, as the established engine keys results:
// letters, digits and underscores are kept (lower cased), each run of other characters
// becomes one underscore, and none is added at either end.
//
//	Snakify("Favorite Color") // "favorite_color"
//	Snakify("_Foo Bar")       // "_foo_bar"
func Snakify(name string) string {
	var b strings.Builder
	pendingSep := false
	for _, r := range strings.TrimSpace(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' {
			if pendingSep && b.Len() > 0 {
				b.WriteByte('_')
			}
			pendingSep = false
			b.WriteRune(unicode.ToLower(r))
		} else {
			pendingSep = true
		}
	}
	return b.String()
}
