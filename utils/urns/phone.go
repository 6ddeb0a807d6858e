package urns

import (
	"errors"
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"github.com/rivuletflows/rivulet/utils"
)

// ErrNotNumber is returned by ParseNumber for text that cannot be a phone number; the dial
// wait reports it as is ("not a possible number").
var ErrNotNumber = errors.New("not a possible number")

var (
	nonTelChars   = regexp.MustCompile(`[^0-9a-z+]`)
	digitsAndPlus = regexp.MustCompile(`^\+?[0-9]+$`)
	// phoneCandidate finds runs of text that may be a phone number inside a sentence.
	phoneCandidate = regexp.MustCompile(`\+?\(?[0-9][0-9\s\-\.\(\)/]*[0-9]`)
	shortCode      = regexp.MustCompile(`^[0-9]{3,6}$`)
)

// ParseNumber reads a phone number typed by a person or stored in a field and returns it in
// E164, e.g. "(206) 555-1212" with country US gives "+12065551212". Numbers of 11 digits or
// more without a + are tried as international numbers too. With allowShort, a 3 to 6
// digit short code is returned as its digits.
func ParseNumber(raw, country string, allowShort bool) (string, error) {
	cleaned := strings.TrimSpace(raw)
	digits := nonTelChars.ReplaceAllString(strings.ToLower(cleaned), "")
	if allowShort && shortCode.MatchString(digits) {
		return digits, nil
	}
	if e164, ok := parseE164(cleaned, country, true); ok {
		return e164, nil
	}
	return "", ErrNotNumber
}

// FindNumber returns the first phone number found in free text, in E164, or "" when the
// text holds none. It backs the has_phone case test.
func FindNumber(text, country string) string {
	for _, cand := range phoneCandidate.FindAllString(text, -1) {
		if len(nonTelChars.ReplaceAllString(cand, "")) < 5 {
			continue
		}
		if e164, ok := parseE164(cand, country, false); ok {
			return e164
		}
	}
	return ""
}

// parseE164 tries the number in the default country, then as international. It accepts a
// valid number, or a possible one when lenient.
func parseE164(number, country string, lenient bool) (string, bool) {
	country = strings.ToUpper(country)
	local, localErr := phonenumbers.Parse(number, country)
	if localErr == nil && phonenumbers.IsValidNumber(local) {
		return phonenumbers.Format(local, phonenumbers.E164), true
	}
	digits := nonTelChars.ReplaceAllString(number, "")
	if !strings.HasPrefix(digits, "+") && len(digits) >= 11 {
		intl, err := phonenumbers.Parse("+"+digits, "")
		if err == nil && phonenumbers.IsValidNumber(intl) {
			return phonenumbers.Format(intl, phonenumbers.E164), true
		}
	}
	if localErr == nil && phonenumbers.IsPossibleNumber(local) && (lenient || country != "" || strings.HasPrefix(digits, "+")) {
		return phonenumbers.Format(local, phonenumbers.E164), true
	}
	return "", false
}

// normalizeNumber is the tel path in canonical form: E164 when it reads as a phone number,
// else lower case with spaces and punctuation removed (an alphanumeric sender id).
func normalizeNumber(path, country string) string {
	trimmed := strings.TrimSpace(path)
	cleaned := nonTelChars.ReplaceAllString(strings.ToLower(trimmed), "")
	if cleaned == "" {
		return trimmed
	}
	if !digitsAndPlus.MatchString(cleaned) {
		return cleaned
	}
	if e164, ok := parseE164(cleaned, country, true); ok {
		return e164
	}
	return cleaned
}

// FormatCacheSize bounds the numbers whose national format is remembered (twice this many
// at most, see utils.Cache): flows format the contact's number in their messages sprint
// after sprint, and parsing it costs more than the rest of such a template.
const FormatCacheSize = 10000

var formatted = utils.NewCache[string](FormatCacheSize)

// formatNumber writes an E164 number in its country's national format; a path that is not
// an international number is returned as is.
func formatNumber(path string) string { return formatted.Get(path, parseAndFormat) }

// FormatCacheLen tells how many formatted numbers are remembered, for tests of the bound.
func FormatCacheLen() int { return formatted.Len() }

func parseAndFormat(path string) string {
	parsed, err := phonenumbers.Parse(path, "")
	if err != nil {
		return path
	}
	return phonenumbers.Format(parsed, phonenumbers.NATIONAL)
}
