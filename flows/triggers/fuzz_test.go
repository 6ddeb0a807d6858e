package triggers

import (
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

// FuzzRead reads fuzzed triggers: nothing panics, and a trigger that reads writes JSON
// that reads again.
func FuzzRead(f *testing.F) {
	for _, s := range testutil.GoldenParts(f, filepath.Join("..", "..", "testdata", "flows"), "trigger") {
		f.Add(s)
	}
	for _, d := range Docs() {
		f.Add([]byte(d.Example))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Read(data)
		if err != nil {
			return
		}
		out, err := tr.MarshalJSON()
		if err != nil {
			t.Fatalf("read but can't write: %v", err)
		}
		if _, err := Read(out); err != nil {
			t.Fatalf("writes %.200q, which doesn't read: %v", out, err)
		}
		tr.EventType()
	})
}
