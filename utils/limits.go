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

// MaxInputAttachments is how many attachments the message a trigger or a resume carries
// may have, and MaxInputAttachmentLength the longest one in characters (content type and
// URL, the length send_msg allows its own): channels deliver a handful of media at most,
// and each is copied into events, results and @input.
const (
	MaxInputAttachments      = 10
	MaxInputAttachmentLength = 2048
)

// CheckInputAttachments returns an error naming the field (field[i] for one attachment)
// when there are more than MaxInputAttachments or one is longer than
// MaxInputAttachmentLength.
func CheckInputAttachments(field string, attachments []string) error {
	if len(attachments) > MaxInputAttachments {
		return fmt.Errorf("field '%s' has %d attachments, more than the maximum of %d", field, len(attachments), MaxInputAttachments)
	}
	for i, a := range attachments {
		if err := CheckInputAttachment(fmt.Sprintf("%s[%d]", field, i), a); err != nil {
			return err
		}
	}
	return nil
}

// CheckInputAttachment returns an error naming field when the attachment is longer than
// MaxInputAttachmentLength.
func CheckInputAttachment(field, attachment string) error {
	if len(attachment) > MaxInputAttachmentLength && utf8.RuneCountInString(attachment) > MaxInputAttachmentLength {
		return fmt.Errorf("field '%s' is longer than the maximum of %d characters", field, MaxInputAttachmentLength)
	}
	return nil
}
