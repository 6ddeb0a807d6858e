package triggers

import (
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/utils"
)

func TestInputTextLimit(t *testing.T) {
	trigger := func(n int) string {
		return `{"type": "msg", "triggered_on": "2018-06-20T11:41:30Z", "flow": {"uuid": "b2b9a0e8-6a3c-4d8f-9a44-6b9f3b1c2d01", "name": "x"}, "event": {"type": "msg_received", "uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5", "created_on": "2018-06-20T11:41:30Z", "msg": {"urn": "tel:+250788000100", "text": "` + strings.Repeat("x", n) + `"}}}`
	}
	if _, err := Read([]byte(trigger(utils.MaxInputTextLength))); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	if _, err := Read([]byte(trigger(utils.MaxInputTextLength + 1))); err == nil || !strings.Contains(err.Error(), "field 'event.msg.text' is longer than the maximum of 10000 characters") {
		t.Errorf("past the limit: %v", err)
	}
}

// TestRepeatedType: a trigger naming its type twice is refused (found by FuzzRead on
// resumes, which read the type the same way).
func TestRepeatedType(t *testing.T) {
	_, err := Read([]byte(`{"type": "manual", "type": "bogus", "triggered_on": "2018-06-20T11:41:30Z", "flow": {"uuid": "b2b9a0e8-6a3c-4d8f-9a44-6b9f3b1c2d01", "name": "x"}}`))
	if err == nil || !strings.Contains(err.Error(), "field 'type' appears more than once") {
		t.Errorf("got %v", err)
	}
}
