package migrations_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/definition/migrations"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// TestLegacyRunnerFlows reads the flows of the runner cases recorded from legacy exports:
// each must convert, migrate to the current version and read as a valid flow.
func TestLegacyRunnerFlows(t *testing.T) {
	dir := testutil.ConformancePath(t, "runner")
	files, _ := filepath.Glob(filepath.Join(dir, "legacy_*.json"))
	more, _ := filepath.Glob(filepath.Join(dir, "webhook_migrated*.json"))
	files = append(files, more...)
	if len(files) == 0 {
		t.Fatalf("no legacy flows in %s", dir)
	}
	read := 0
	for _, file := range files {
		if filepath.Ext(filepath.Base(file[:len(file)-len(".json")])) == ".test" {
			continue // recorded sessions, not assets
		}
		var assets struct {
			Flows []json.RawMessage `json:"flows"`
		}
		testutil.ReadJSON(t, file, &assets)
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
