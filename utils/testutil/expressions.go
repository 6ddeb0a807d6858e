package testutil

import (
	"encoding/json"
	"testing"
	"time"
)

// Vector is one case of expressions/vectors.json: a template and either the text it
// evaluates to or Error, for the group ("functions", "tests", "operators", "types"...)
// and function Name the reference engine filed it under.
type Vector struct {
	Group    string `json:"group"`
	Name     string `json:"name"`
	Template string `json:"template"`
	Output   string `json:"output"`
	Error    bool   `json:"error"`
}

// ReadVectors reads expressions/vectors.json, skipping the test where the shared data is
// absent and failing it where the file is empty, since an empty list would pass silently.
func ReadVectors(t testing.TB) []Vector {
	t.Helper()
	var vectors []Vector
	ReadJSON(t, ConformancePath(t, "expressions", "vectors.json"), &vectors)
	if len(vectors) == 0 {
		t.Fatal("no vectors in expressions/vectors.json")
	}
	return vectors
}

// ExpressionSession is the part of expressions/session.json (the session the vectors
// were recorded in) that tests without an engine read; the raw parts are left for the
// packages that own their formats to decode.
type ExpressionSession struct {
	Now         time.Time       `json:"now"`
	Environment json.RawMessage `json:"environment"`
	Assets      json.RawMessage `json:"assets"`
	Contact     json.RawMessage `json:"contact"`

	// Locations are the location hierarchies of the assets, one per country.
	Locations []json.RawMessage `json:"-"`
}

// ReadExpressionSession reads expressions/session.json, skipping the test where the
// shared data is absent.
func ReadExpressionSession(t testing.TB) *ExpressionSession {
	t.Helper()
	path := ConformancePath(t, "expressions", "session.json")
	s := &ExpressionSession{}
	ReadJSON(t, path, s)
	var assets struct {
		Locations []json.RawMessage `json:"locations"`
	}
	if err := json.Unmarshal(s.Assets, &assets); err != nil {
		t.Fatalf("unable to decode the assets of %s: %v", path, err)
	}
	s.Locations = assets.Locations
	return s
}
