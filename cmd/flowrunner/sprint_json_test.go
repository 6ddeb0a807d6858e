package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/flows/engine"
)

// recordedTests lists every recorded test with its assets file: the project's own and, when
// they are there, the conformance runner and real-world cases.
func recordedTests(t *testing.T) [][2]string {
	dirs := []string{filepath.Join("..", "..", "testdata", "flows")}
	for _, d := range []string{"runner", filepath.Join("realworld", "runner")} {
		shared := filepath.Join("..", "..", "..", "shared", "conformance", d)
		if _, err := os.Stat(shared); err == nil {
			dirs = append(dirs, shared)
		} else {
			t.Logf("skipping %s: %s", shared, err)
		}
	}
	var out [][2]string
	for _, dir := range dirs {
		tests, err := filepath.Glob(filepath.Join(dir, "*.test*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range tests {
			base := filepath.Base(tp)
			assetsPath := filepath.Join(dir, base[:strings.Index(base, ".test")]+".json")
			if _, err := os.Stat(assetsPath); err == nil {
				out = append(out, [2]string{assetsPath, tp})
			}
		}
	}
	return out
}

// TestSprintJSONMatchesEncodingJSON replays every recorded test with the direct writers
// checked, at each sprint, against encoding/json: events and segments as an Encoder without
// HTML escaping writes them, the session as that Encoder writes its MarshalJSON, and the
// stored session as json.MarshalIndent writes it.
func TestSprintJSONMatchesEncodingJSON(t *testing.T) {
	sprints, stores := 0, 0
	writeSprint = func(session *engine.Session, sprint *engine.Sprint) (*sprintOutput, error) {
		got, err := sprintJSON(session, sprint)
		if err != nil {
			return nil, err
		}
		sprints++
		want := &sprintOutput{Events: []json.RawMessage{}, Segments: []json.RawMessage{}}
		for _, e := range sprint.Events {
			b, err := marshalNoEscape(e)
			if err != nil {
				t.Fatal(err)
			}
			want.Events = append(want.Events, b)
		}
		for _, s := range sprint.Segments {
			b, err := marshalNoEscape(s)
			if err != nil {
				t.Fatal(err)
			}
			want.Segments = append(want.Segments, b)
		}
		if want.Session, err = marshalNoEscape(session); err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(got)
		w, _ := json.Marshal(want)
		if !bytes.Equal(g, w) {
			t.Errorf("sprint written differently:\n got %s\nwant %s", g, w)
		}
		return got, nil
	}
	storeSession = func(session *engine.Session) ([]byte, error) {
		got, err := storedSession(session)
		if err != nil {
			return nil, err
		}
		stores++
		want, err := json.MarshalIndent(session, "", "    ")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("session stored differently:\n got %s\nwant %s", got, want)
		}
		return got, nil
	}
	defer func() { writeSprint, storeSession = sprintJSON, storedSession }()

	for _, c := range recordedTests(t) {
		sa, tc, err := readReplayFiles(c[0], c[1])
		if err != nil {
			t.Fatalf("%s: %v", c[1], err)
		}
		if _, err := replay(sa, tc); err != nil {
			t.Logf("%s: %v", c[1], err) // a test recorded to fail still wrote its sprints
		}
	}
	if sprints < 100 || stores < 50 {
		t.Errorf("only %d sprints and %d stored sessions checked", sprints, stores)
	}
	t.Logf("%d sprints, %d stored sessions", sprints, stores)
}
