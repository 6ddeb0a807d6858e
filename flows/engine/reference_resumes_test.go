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
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// TestReferenceResumes starts the resume tester flow with the case's wait, resumes it with
// the case's resume and checks the events and statuses, or the refusal.
func TestReferenceResumes(t *testing.T) {
	dir := testutil.ConformancePath(t, "reference", "resumes")
	assetsJSON, err := os.ReadFile(filepath.Join(dir, "_assets.json"))
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
			Description   string          `json:"description"`
			FlowUUID      string          `json:"flow_uuid"`
			Wait          json.RawMessage `json:"wait"`
			Resume        json.RawMessage `json:"resume"`
			Events        []any           `json:"events"`
			ResumeError   string          `json:"resume_error"`
			RunStatus     string          `json:"run_status"`
			SessionStatus string          `json:"session_status"`
		}
		if err := json.Unmarshal(data, &cases); err != nil {
			t.Fatalf("%s: %s", f, err)
		}
		for i, c := range cases {
			name := strings.TrimSuffix(filepath.Base(f), ".json") + "/" + itoa(i)
			var assetsAny map[string]any
			json.Unmarshal(assetsJSON, &assetsAny)
			var wait any
			json.Unmarshal(c.Wait, &wait)
			flowName := ""
			for _, fl := range assetsAny["flows"].([]any) {
				fm := fl.(map[string]any)
				if fm["uuid"] == c.FlowUUID {
					flowName = fm["name"].(string)
					node := fm["nodes"].([]any)[0].(map[string]any)
					node["router"].(map[string]any)["wait"] = wait
				}
			}
			modified, _ := json.Marshal(assetsAny)
			src, err := static.ReadSource(modified)
			if err != nil {
				t.Fatal(err)
			}
			clock := utils.NewSequentialClock(utils.ReplayStart, 1e9)
			uuids := utils.NewSeededV7Generator(clock, 123456)
			eng := engine.New(engine.Options{Clock: clock, UUIDs: uuids, Random: utils.NewSeededRandom(123456),
				Services: services.NewTest(services.TestConfig{Clock: clock, UUIDs: uuids})})
			contact, err := flows.ReadContact(src.Collection(), []byte(defaultContact), nil)
			if err != nil {
				t.Fatal(err)
			}
			trig, _ := triggers.Read([]byte(`{"type": "manual", "flow": {"uuid": "` + c.FlowUUID + `", "name": "` + flowName + `"}, "triggered_on": "2000-01-01T00:00:00Z"}`))
			var call *flows.Call
			if strings.Contains(flowName, "Voice") {
				call = &flows.Call{UUID: "01978a2f-ad9a-7f2e-ad44-6e7547078cec", URN: "tel:+12065551212"}
			}
			settings := envs.DefaultSettings()
			settings.DefaultCountry_ = "US"
			session, _, err := eng.NewSession(engine.NewAssets(src.Collection()), settings, contact, trig, call)
			if err != nil {
				t.Fatalf("%s: %s", name, err)
			}
			resume, err := resumes.Read(c.Resume)
			if err != nil {
				t.Fatalf("%s: %s", name, err)
			}
			sprint, err := session.Resume(resume)
			if c.ResumeError != "" {
				if err == nil || err.Error() != c.ResumeError {
					t.Errorf("%s (%s): want resume error %q, got %v", name, c.Description, c.ResumeError, err)
				}
			} else if err != nil {
				t.Errorf("%s (%s): %s", name, c.Description, err)
				continue
			} else {
				var types []string
				for _, e := range sprint.Events {
					if e.Type() != "run_ended" {
						types = append(types, e.Type())
					}
				}
				var want []string
				for _, e := range c.Events {
					want = append(want, e.(map[string]any)["type"].(string))
				}
				if strings.Join(types, ",") != strings.Join(want, ",") {
					t.Errorf("%s (%s): events want %v, got %v", name, c.Description, want, types)
				}
			}
			if got := string(session.Runs()[0].Status()); got != c.RunStatus {
				t.Errorf("%s (%s): run status want %s, got %s", name, c.Description, c.RunStatus, got)
			}
			if got := string(session.Status()); got != c.SessionStatus {
				t.Errorf("%s (%s): session status want %s, got %s", name, c.Description, c.SessionStatus, got)
			}
		}
	}
}
