package engine

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestReadSessionValidates: a stored session is refused, naming the field, when what it
// says can't be resumed or would be lost on the next write.
func TestReadSessionValidates(t *testing.T) {
	s := newWriterTestSession(t)
	data, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), `"version":1`) {
		t.Fatalf("the stored session has no version marker: %s", data)
	}
	sa := s.assets
	eng := newReplayEngine(nil)
	if _, err := eng.ReadSession(sa, data, s.contact, nil); err != nil {
		t.Fatalf("valid session: %v", err)
	}
	edit := func(f func(m map[string]any)) []byte {
		var m map[string]any
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		out, _ := json.Marshal(m)
		return out
	}
	run0 := func(m map[string]any) map[string]any { return m["runs"].([]any)[0].(map[string]any) }
	tests := []struct {
		name string
		edit func(m map[string]any)
		want string
	}{
		{"no version", func(m map[string]any) { delete(m, "version") }, ""},
		{"newer version", func(m map[string]any) { m["version"] = 2 }, "field 'version' is 2, this engine reads versions up to 1"},
		{"unknown status", func(m map[string]any) { m["status"] = "sleeping" }, "field 'status' has invalid value 'sleeping'"},
		{"no uuid", func(m map[string]any) { delete(m, "uuid") }, "field 'uuid' is not a valid UUID: ''"},
		{"bad type", func(m map[string]any) { m["type"] = "telepathy" }, "field 'type' has invalid value 'telepathy'"},
		{"no trigger", func(m map[string]any) { delete(m, "trigger") }, "field 'trigger' is required"},
		{"negative sprints", func(m map[string]any) { m["sprints"] = -1 }, "field 'sprints' has invalid value -1"},
		{"unknown field", func(m map[string]any) { m["colour"] = "blue" }, `unknown field "colour"`},
		{"unknown run field", func(m map[string]any) { run0(m)["colour"] = "blue" }, `unknown field "colour"`},
		{"unknown run status", func(m map[string]any) { run0(m)["status"] = "dreaming" }, "field 'runs[0].status' has invalid value 'dreaming'"},
		{"dangling parent", func(m map[string]any) { run0(m)["parent_uuid"] = "4f6c8d2a-1b3e-4a5f-9c7d-0e2f4a6b8c01" }, "field 'runs[0].parent_uuid' names no earlier run of the session: '4f6c8d2a-1b3e-4a5f-9c7d-0e2f4a6b8c01'"},
		{"run without uuid", func(m map[string]any) { delete(run0(m), "uuid") }, "field 'runs[0].uuid' is not a valid UUID: ''"},
		{"repeated run", func(m map[string]any) { m["runs"] = append(m["runs"].([]any), run0(m)) }, "field 'runs[1].uuid' repeats run"},
		{"null run", func(m map[string]any) { m["runs"] = append(m["runs"].([]any), nil) }, "field 'runs[1]' is null"},
		{"waiting without a waiting run", func(m map[string]any) { run0(m)["status"] = "completed" }, "field 'status' is waiting but no run is waiting"},
	}
	for _, tc := range tests {
		_, err := eng.ReadSession(sa, edit(tc.edit), s.contact, nil)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: want error containing %q, got %v", tc.name, tc.want, err)
		}
	}
}
