package definition_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// FuzzReadFlow reads fuzzed flow definitions, current and older specs and the legacy
// export format, all through migration: nothing panics or hangs, and a flow that reads
// has every node it says it has.
func FuzzReadFlow(f *testing.F) {
	for _, s := range testutil.AssetFlows(f, filepath.Join("..", "..", "testdata", "flows")) {
		f.Add(s)
	}
	var legacy []struct {
		Legacy json.RawMessage `json:"legacy"`
	}
	if data, err := os.ReadFile(filepath.Join("migrations", "testdata", "legacy_flows.json")); err == nil && json.Unmarshal(data, &legacy) == nil {
		for _, l := range legacy {
			f.Add([]byte(l.Legacy))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fl, err := definition.ReadFlow(data)
		if err != nil {
			return
		}
		for _, n := range fl.Nodes {
			if fl.Node(n.UUID) != n {
				t.Fatalf("node %s is not found by its UUID", n.UUID)
			}
		}
	})
}
