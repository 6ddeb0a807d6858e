package resumes

import (
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/utils"
)

func TestInputTextLimit(t *testing.T) {
	resume := func(n int) string {
		return `{"type": "msg", "resumed_on": "2018-06-20T11:41:30Z", "event": {"type": "msg_received", "uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5", "created_on": "2018-06-20T11:41:30Z", "msg": {"urn": "tel:+250788000100", "text": "` + strings.Repeat("x", n) + `"}}}`
	}
	if _, err := Read([]byte(resume(utils.MaxInputTextLength))); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	if _, err := Read([]byte(resume(utils.MaxInputTextLength + 1))); err == nil || !strings.Contains(err.Error(), "field 'event.msg.text' is longer than the maximum of 10000 characters") {
		t.Errorf("past the limit: %v", err)
	}
}
