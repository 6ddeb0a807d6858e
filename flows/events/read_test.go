package events_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// recordedSprints reads the events of every sprint recorded in the test files matching
// pattern: {"outputs": [{"events": [...]}, ...]}.
func recordedSprints(t *testing.T, pattern string) map[string][]json.RawMessage {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	sprints := map[string][]json.RawMessage{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tc struct {
			Outputs []struct {
				Events []json.RawMessage `json:"events"`
			} `json:"outputs"`
		}
		if err := json.Unmarshal(data, &tc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for i, out := range tc.Outputs {
			sprints[filepath.Base(f)+"#"+string(rune('0'+i))] = out.Events
		}
	}
	return sprints
}

// sameJSON compares two JSON texts as values (numbers as written).
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	decode := func(data []byte) any {
		d := json.NewDecoder(bytes.NewReader(data))
		d.UseNumber()
		var v any
		if err := d.Decode(&v); err != nil {
			t.Fatalf("invalid JSON %s: %v", data, err)
		}
		return v
	}
	return reflect.DeepEqual(decode(a), decode(b))
}

// checkRoundTrip reads every recorded event into its type and writes it back: the JSON
// must be the same value, and the event's type, UUID and time those of the JSON.
func checkRoundTrip(t *testing.T, sprints map[string][]json.RawMessage) int {
	t.Helper()
	n := 0
	for name, evs := range sprints {
		raw, _ := json.Marshal(evs)
		list, err := events.ReadList(raw)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for i, e := range list {
			n++
			var head struct {
				Type string `json:"type"`
				UUID string `json:"uuid"`
			}
			_ = json.Unmarshal(evs[i], &head)
			if e.Type() != head.Type || string(e.UUID()) != head.UUID || e.CreatedOn().IsZero() {
				t.Errorf("%s: events[%d] read as %s %s %s, want %s %s", name, i, e.Type(), e.UUID(), e.CreatedOn(), head.Type, head.UUID)
			}
			back, err := json.Marshal(e)
			if err != nil {
				t.Errorf("%s: events[%d] (%s): %v", name, i, head.Type, err)
				continue
			}
			if !sameJSON(t, evs[i], back) {
				t.Errorf("%s: events[%d] (%s) does not round-trip:\n read %s\nwrote %s", name, i, head.Type, evs[i], back)
			}
		}
	}
	return n
}

func TestRoundTripRecordedSprints(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	sprints := recordedSprints(t, filepath.Join(dir, "runner", "*.test.json"))
	if len(sprints) < 30 {
		t.Fatalf("only %d recorded sprints found", len(sprints))
	}
	if n := checkRoundTrip(t, sprints); n < 100 {
		t.Errorf("only %d events read", n)
	}
}

func TestRoundTripGoldenSprints(t *testing.T) {
	sprints := recordedSprints(t, filepath.Join("..", "..", "testdata", "flows", "*.test*.json"))
	if len(sprints) < 10 {
		t.Fatalf("only %d golden sprints found", len(sprints))
	}
	if n := checkRoundTrip(t, sprints); n < 50 {
		t.Errorf("only %d events read", n)
	}
}

func TestEveryTypeReads(t *testing.T) {
	types := events.Types()
	if len(types) < 28 {
		t.Fatalf("%d event types registered", len(types))
	}
	for _, typ := range types {
		e, err := events.Read([]byte(`{"type": "` + typ + `", "uuid": "0197b2a6-4d5e-7c3b-8a2f-1e0d9c8b7a61", "created_on": "2025-05-04T12:30:45.123456789Z"}`))
		if err != nil {
			t.Errorf("%s: %v", typ, err)
			continue
		}
		if e.Type() != typ {
			t.Errorf("%s read as %s", typ, e.Type())
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct{ json, err string }{
		{`{"uuid": "x"}`, "field 'type' is required"},
		{`{"type": ""}`, "field 'type' is required"},
		{`{"type": "msg_teleported"}`, "unknown event type: 'msg_teleported'"},
		{`{"type": "failure", "text": 12}`, "unable to read failure event:"},
		{`[1]`, "field 'type' is required"},
	}
	for _, tc := range tests {
		_, err := events.Read([]byte(tc.json))
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Read(%s): got %v, want %q", tc.json, err, tc.err)
		}
	}
	if _, err := events.ReadList([]byte(`[{"type": "failure", "text": "x"}, {"type": "nope"}]`)); err == nil || !strings.Contains(err.Error(), "events[1]: unknown event type: 'nope'") {
		t.Errorf("ReadList: got %v", err)
	}
	if list, err := events.ReadList([]byte(`[]`)); err != nil || len(list) != 0 {
		t.Errorf("ReadList([]): %v, %v", list, err)
	}
}
