package triggers

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

// checkRead fails when Read differs from its encoding/json path: another trigger, another
// error, or one reading what the other refuses. It reports whether decodeFast took data.
func checkRead(t *testing.T, data []byte) bool {
	t.Helper()
	fast, errFast := read(data, true)
	slow, errSlow := read(data, false)
	if (errFast == nil) != (errSlow == nil) || (errFast != nil && errFast.Error() != errSlow.Error()) {
		t.Errorf("read %.300q: fast error %v, encoding/json error %v", data, errFast, errSlow)
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("read %.300q differently:\nfast %+v\nslow %+v", data, fast, slow)
	}
	var tr Trigger
	return decodeFast(data, &tr)
}

var oddTriggers = []string{
	``, `null`, `[]`, `{}`, `{"type": "manual"}`, `{"type": "nope", "flow": {}}`, `{"type": 5}`, `{"type": "man\u0075al", "flow": {}}`,
	`{"type": "manual", "type": "msg", "flow": {}}`, `{"Type": "manual", "flow": {}}`, `{"type": "manual", "flow": null}`,
	`{"type": "manual", "flow": {"uuid": "a", "name": "b", "revision": 1}}`, `{"type": "manual", "flow": {"uuid": "a\u0062", "name": "\u00e9"}}`,
	`{"type": "manual", "flow": {"uuid": "a", "uuid": "b"}}`, `{"type": "manual", "flow": {}, "triggered_on": "soon"}`,
	`{"type": "manual", "flow": {}, "triggered_on": null}`, `{"type": "manual", "flow": {}, "params": [1]}`, `{"type": "manual", "flow": {}, "params": null}`,
	`{"type": "manual", "flow": {}, "params": {"a": [1, {"b": "<c>"}]}, "batch": true, "origin": "ui", "user": {"uuid": "u", "name": "n"}}`,
	`{"type": "manual", "flow": {}, "batch": 1}`, `{"type": "manual", "flow": {}} x`, `{"type": "manual", "flow": {},}`, `{"type": "manual", "flow": {}, "other": 1}`,
	`{"type": "msg", "flow": {}, "event": {"type": "msg_received", "msg": {"text": "hi"}}, "keyword_match": {"type": "first_word", "keyword": "hi"}}`,
	`{"type": "msg", "flow": {}, "keyword_match": {"type": "", "keyword": "hi"}}`, `{"type": "msg", "flow": {}, "keyword_match": {"kind": "x"}}`,
	`{"type": "flow_action", "flow": {}}`, `{"type": "flow_action", "flow": {}, "run_summary": {}}`, `{"type": "channel", "flow": {}, "event": null}`,
	`{"type": "campaign", "flow": {}, "event": {"type": "campaign_fired"}}`, `{"type": "campaign", "flow": {}, "event": {"type": "other"}}`,
	`{"type": "ticket", "flow": {}, "ticket": {"uuid": "t"}, "contact": {}, "environment": {}, "call": {}}`, ` {"type":"manual","flow":{"uuid":"a","name":"b"},"triggered_on":"2000-01-01T00:00:00Z"} `,
}

func TestReadFastOddShapes(t *testing.T) {
	for _, s := range oddTriggers {
		checkRead(t, []byte(s))
	}
}

// TestReadFastRecorded reads every trigger of the recorded tests, as written and as the
// recorded sessions store it, both ways.
func TestReadFastRecorded(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	var files []string
	for _, pattern := range []string{filepath.Join(dir, "runner", "*.json"), filepath.Join(dir, "realworld", "runner", "*.json"),
		filepath.Join("..", "..", "testdata", "flows", "*.json")} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	total, fast := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tc struct {
			Trigger json.RawMessage `json:"trigger"`
			Outputs []struct {
				Session struct {
					Trigger json.RawMessage `json:"trigger"`
				} `json:"session"`
			} `json:"outputs"`
		}
		if json.Unmarshal(data, &tc) != nil || len(tc.Trigger) == 0 {
			continue
		}
		triggers := []json.RawMessage{tc.Trigger}
		for _, o := range tc.Outputs {
			if len(o.Session.Trigger) > 0 {
				triggers = append(triggers, o.Session.Trigger)
			}
		}
		for _, tr := range triggers {
			total++
			if checkRead(t, tr) {
				fast++
			}
		}
	}
	for _, d := range Docs() {
		total++
		if checkRead(t, []byte(d.Example)) {
			fast++
		}
	}
	if fast < total*9/10 {
		t.Errorf("only %d of %d recorded triggers read by the fast path", fast, total)
	}
	t.Logf("%d of %d recorded triggers read by the fast path", fast, total)
}

func FuzzReadFast(f *testing.F) {
	for _, s := range oddTriggers {
		f.Add([]byte(s))
	}
	for _, d := range Docs() {
		f.Add([]byte(d.Example))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, data) })
}

func BenchmarkRead(b *testing.B) {
	data := []byte(`{
    "type": "manual",
    "flow": {"uuid": "adc9b075-268b-4636-9ef4-3f71aef9f997", "name": "Stopper"},
    "triggered_on": "2022-02-04T19:43:50.217940873Z",
    "params": {}, "batch": true, "origin": "ui",
    "user": {"uuid": "0c78ef47-7d56-44d8-8f57-96e0f30e8f44", "name": "Bob"}
}`)
	for _, fast := range []bool{true, false} {
		name := "fast"
		if !fast {
			name = "encoding_json"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := read(data, fast); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
