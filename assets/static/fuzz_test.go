package static_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/assets/static"
)

// FuzzReadSource reads fuzzed assets files: nothing panics, and what reads gives a
// collection whose lookups work.
func FuzzReadSource(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "flows", "*.json"))
	for _, path := range files {
		if filepath.Ext(path[:len(path)-len(".json")]) != "" {
			continue // a test file
		}
		if data, err := os.ReadFile(path); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"flows": [], "groups": [{"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "G", "query": "age > 1"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		src, err := static.ReadSource(data)
		if err != nil {
			return
		}
		c := src.Collection()
		for _, ch := range c.Channels.All() {
			c.Channels.Get(ch.UUID)
		}
	})
}
