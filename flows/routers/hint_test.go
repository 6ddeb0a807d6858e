package routers

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestWaitHints checks hints read into their typed form, write back without empty parts,
// and refuse unknown kinds.
func TestWaitHints(t *testing.T) {
	router := func(hint string) string {
		return `{"type": "switch", "operand": "@input.text", "wait": {"type": "msg", "hint": ` + hint + `},
			"categories": [{"uuid": "0eeb44a9-ee61-596f-a716-e19b0af733c9", "name": "All", "exit_uuid": "0391a8be-6184-55a7-aac3-0f4d4ec402a7"}],
			"default_category_uuid": "0eeb44a9-ee61-596f-a716-e19b0af733c9"}`
	}
	tcs := []struct{ hint, written, err string }{
		{`{"type": "digits", "terminated_by": ""}`, `{"type":"digits"}`, ""},
		{`{"type": "digits", "count": 4}`, `{"type":"digits","count":4}`, ""},
		{`{"type": "digits", "terminated_by": "#"}`, `{"type":"digits","terminated_by":"#"}`, ""},
		{`{"type": "image"}`, `{"type":"image"}`, ""},
		{`{"type": "smell"}`, "", "field 'wait.hint.type' must be one of audio, digits, image, location or video, got 'smell'"},
		{`{}`, "", "got ''"},
	}
	for _, tc := range tcs {
		r, err := Read([]byte(router(tc.hint)))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: expected error containing %q, got %v", tc.hint, tc.err, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: unexpected error %s", tc.hint, err)
			continue
		}
		b, _ := json.Marshal(r.Wait.Hint)
		if string(b) != tc.written {
			t.Errorf("%s: expected %s, got %s", tc.hint, tc.written, b)
		}
	}
}
