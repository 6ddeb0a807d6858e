package utils

import (
	"strings"
	"testing"
)

func TestCheckInputText(t *testing.T) {
	if MaxInputTextLength != 10_000 {
		t.Fatalf("MaxInputTextLength is %d, documented as 10000", MaxInputTextLength)
	}
	if err := CheckInputText("text", strings.Repeat("é", MaxInputTextLength)); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	err := CheckInputText("event.msg.text", strings.Repeat("x", MaxInputTextLength+1))
	if err == nil || err.Error() != "field 'event.msg.text' is longer than the maximum of 10000 characters" {
		t.Errorf("past the limit: %v", err)
	}
}

func TestCheckInputAttachments(t *testing.T) {
	ok := make([]string, MaxInputAttachments)
	for i := range ok {
		ok[i] = "image/jpeg:" + strings.Repeat("é", MaxInputAttachmentLength-11)
	}
	if err := CheckInputAttachments("attachments", ok); err != nil {
		t.Errorf("at the limits: %v", err)
	}
	if err := CheckInputAttachments("attachments", nil); err != nil {
		t.Errorf("none: %v", err)
	}
	err := CheckInputAttachments("attachments", append(ok, "image/jpeg:x"))
	if err == nil || err.Error() != "field 'attachments' has 11 attachments, more than the maximum of 10" {
		t.Errorf("too many: %v", err)
	}
	err = CheckInputAttachments("attachments", []string{"image/jpeg:x", "image/jpeg:" + strings.Repeat("x", MaxInputAttachmentLength)})
	if err == nil || err.Error() != "field 'attachments[1]' is longer than the maximum of 2048 characters" {
		t.Errorf("too long: %v", err)
	}
}
