package migrations_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/definition/migrations"
)

// TestLegacyRunnerFlows reads the flows of the runner cases recorded from legacy exports:
// each must convert, migrate to the current version and read as a valid flow.
func TestLegacyRunnerFlows(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "shared", "conformance", "runner"))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "legacy_*.json"))
	more, _ := filepath.Glob(filepath.Join(dir, "webhook_migrated*.json"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Skip("../shared/conformance/runner not present")
	}
	read := 0
	for _, file := range files {
		if filepath.Ext(filepath.Base(file[:len(file)-len(".json")])) == ".test" {
			continue // recorded sessions, not assets
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var assets struct {
			Flows []json.RawMessage `json:"flows"`
		}
		if err := json.Unmarshal(data, &assets); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for i, raw := range assets.Flows {
			if _, err := migrations.MigrateToVersion(raw, nil); err != nil {
				t.Errorf("%s flows[%d]: migrate: %v", filepath.Base(file), i, err)
				continue
			}
			if _, err := definition.ReadFlow(raw); err != nil {
				t.Errorf("%s flows[%d]: read: %v", filepath.Base(file), i, err)
				continue
			}
			read++
		}
	}
	t.Logf("read %d flows of %d files", read, len(files))
}
