package resumes

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

// FuzzRead reads fuzzed resumes: nothing panics, and a resume that reads writes JSON that
// reads again.
func FuzzRead(f *testing.F) {
	for _, s := range testutil.GoldenParts(f, filepath.Join("..", "..", "testdata", "flows"), "resumes") {
		f.Add(s)
	}
	for _, d := range Docs() {
		f.Add([]byte(d.Example))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Read(data)
		if err != nil {
			return
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("read but can't write: %v", err)
		}
		if _, err := Read(out); err != nil {
			t.Fatalf("writes %.200q, which doesn't read: %v", out, err)
		}
	})
}
