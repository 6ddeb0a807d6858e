package utils

import (
	"fmt"
	"unicode/utf8"
)

// MaxInputTextLength is the longest text, in characters, of the message a trigger or a
// resume may carry: contacts are not trusted, and the text is matched by case tests and
// copied into results and events.
const MaxInputTextLength = 10_000

// CheckInputText returns an error naming field when text is longer than
// MaxInputTextLength.
func CheckInputText(field, text string) error {
	if len(text) > MaxInputTextLength && utf8.RuneCountInString(text) > MaxInputTextLength {
		return fmt.Errorf("field '%s' is longer than the maximum of %d characters", field, MaxInputTextLength)
	}
	return nil
}
