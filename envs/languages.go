package envs

import (
	"fmt"

	"golang.org/x/text/language"
)

// ParseLanguage checks that s is a known ISO 639-3 language code, e.g. "eng" or "kin".
// Well-formed but unassigned codes such as "vvv" are refused. The code table is the one in
// golang.org/x/text, which the validator dependency already brings in.
func ParseLanguage(s string) (Language, error) {
	if len(s) != 3 {
		return NilLanguage, fmt.Errorf("'%s' is not a valid language code", s)
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return NilLanguage, fmt.Errorf("'%s' is not a valid language code", s)
		}
	}
	if _, err := language.ParseBase(s); err != nil {
		return NilLanguage, fmt.Errorf("'%s' is not a valid language code", s)
	}
	return Language(s), nil
}
