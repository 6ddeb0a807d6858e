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
