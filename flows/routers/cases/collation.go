package cases

import (
	"strings"
	"unicode"

	"github.com/rivuletflows/rivulet/envs"
)

// Input collation decides when two pieces of typed input count as the same. Every
// collation ignores case for the word and phrase tests; on top of that "confusables" treats
// look-alike letters from other scripts (Cyrillic а, Greek ο, ...) as their Latin twins and
// "arabic_variants" treats the variant forms of Arabic letters (أ إ آ, ى ی, ک, ة) and
// diacritics as the plain letters.

// confusables maps look-alike characters to the Latin letters people mean by them.
var confusables = map[rune]rune{
	// Cyrillic
	'а': 'a', 'в': 'b', 'е': 'e', 'ё': 'e', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o', 'р': 'p',
	'с': 'c', 'т': 't', 'у': 'y', 'х': 'x', 'і': 'i', 'ј': 'j', 'ѕ': 's', 'ԁ': 'd', 'ԛ': 'q',
	'ԝ': 'w', 'ӏ': 'l', 'һ': 'h',
	// Greek
	'α': 'a', 'β': 'b', 'ε': 'e', 'η': 'n', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p',
	'τ': 't', 'υ': 'u', 'χ': 'x', 'γ': 'y',
	// Latin look-alikes and digits used as letters are left alone: "0" is not "o".
	'ı': 'i', 'ℓ': 'l', 'ɡ': 'g', 'ɑ': 'a',
}

// arabicVariants maps variant Arabic letters to the plain letter.
var arabicVariants = map[rune]rune{
	'أ': 'ا', 'إ': 'ا', 'آ': 'ا', 'ٱ': 'ا', 'ٲ': 'ا', 'ٳ': 'ا',
	'ى': 'ي', 'ی': 'ي', 'ئ': 'ي', 'ې': 'ي', 'ۍ': 'ي',
	'ک': 'ك', 'ڪ': 'ك', 'گ': 'ك',
	'ة': 'ه', 'ۀ': 'ه', 'ہ': 'ه', 'ە': 'ه', 'ھ': 'ه',
	'ؤ': 'و', 'ۆ': 'و', 'ۇ': 'و',
}

// isArabicMark reports diacritics and the tatweel, which arabic_variants ignores.
func isArabicMark(r rune) bool {
	return (r >= 0x064B && r <= 0x065F) || r == 0x0670 || r == 0x0640 || (r >= 0x06D6 && r <= 0x06ED)
}

// collate returns the key text is compared by under the environment's collation; with
// fold the key is also case-insensitive.
func collate(env envs.Environment, s string, fold bool) string {
	if fold {
		s = strings.ToLower(s)
	}
	var collation envs.Collation
	if env != nil {
		collation = env.InputCollation()
	}
	switch collation {
	case envs.CollationConfusables:
		return strings.Map(func(r rune) rune {
			if m, ok := confusables[unicode.ToLower(r)]; ok {
				if unicode.IsUpper(r) && !fold {
					return unicode.ToUpper(m)
				}
				return m
			}
			return r
		}, s)
	case envs.CollationArabicVariants:
		return strings.Map(func(r rune) rune {
			if isArabicMark(r) {
				return -1
			}
			if m, ok := arabicVariants[r]; ok {
				return m
			}
			return r
		}, s)
	}
	return s
}

// sameText reports whether two texts are equal under the collation, ignoring case when
// fold is set.
func sameText(env envs.Environment, a, b string, fold bool) bool {
	if !fold && a == b {
		return true
	}
	return collate(env, a, fold) == collate(env, b, fold)
}
