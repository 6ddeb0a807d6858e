package engine_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// TestReferenceTriggers reads every reference trigger: bad ones must fail with the recorded
// message, good ones must start a session whose @trigger is the recorded context.
func TestReferenceTriggers(t *testing.T) {
	dir := testutil.ConformancePath(t, "reference", "triggers")
	assetsJSON, err := os.ReadFile(filepath.Join(dir, "_assets.json"))
	if err != nil {
		t.Fatal(err)
	}
	src, err := static.ReadSource(assetsJSON)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "_") {
			continue
		}
		data, _ := os.ReadFile(f)
		var cases []struct {
			Description string          `json:"description"`
			Trigger     json.RawMessage `json:"trigger"`
			ReadError   string          `json:"read_error"`
			Context     json.RawMessage `json:"context"`
		}
		if err := json.Unmarshal(data, &cases); err != nil {
			t.Fatalf("%s: %s", f, err)
		}
		for i, c := range cases {
			name := strings.TrimSuffix(filepath.Base(f), ".json") + "/" + itoa(i)
			trig, err := triggers.Read(c.Trigger)
			if c.ReadError != "" {
				if err == nil || err.Error() != c.ReadError {
					t.Errorf("%s (%s): want read error %q, got %v", name, c.Description, c.ReadError, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s (%s): unexpected read error %s", name, c.Description, err)
				continue
			}
			clock := utils.NewSequentialClock(utils.ReplayStart, 1e9)
			uuids := utils.NewSeededV7Generator(clock, 123456)
			eng := engine.New(engine.Options{Clock: clock, UUIDs: uuids, Random: utils.NewSeededRandom(123456),
				Services: services.NewTest(services.TestConfig{Clock: clock, UUIDs: uuids})})
			contact, err := flows.ReadContact(src.Collection(), []byte(defaultContact), nil)
			if err != nil {
				t.Fatal(err)
			}
			session, _, err := eng.NewSession(engine.NewAssets(src.Collection()), envs.DefaultSettings(), contact, trig, nil)
			if err != nil {
				t.Errorf("%s: %s", name, err)
				continue
			}
			if len(session.Runs()) == 0 {
				t.Errorf("%s: session has no run", name)
				continue
			}
			got, _ := json.Marshal(session.Runs()[0].ContextValue("trigger"))
			var wantAny, gotAny any
			json.Unmarshal(c.Context, &wantAny)
			json.Unmarshal(got, &gotAny)
			w, _ := json.Marshal(wantAny)
			g, _ := json.Marshal(gotAny)
			if string(w) != string(g) {
				t.Errorf("%s (%s): @trigger\n   want %s\n   got  %s", name, c.Description, w, g)
			}
		}
	}
}
