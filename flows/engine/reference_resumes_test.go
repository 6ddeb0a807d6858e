package engine_test

import (
	"context"

	"encoding/json"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services/servicestest"
)

// resumeCase is one case of reference/resumes: a wait put into the resume tester flow,
// the resume it gets, and what follows.
type resumeCase struct {
	Description   string          `json:"description"`
	FlowUUID      string          `json:"flow_uuid"`
	Wait          json.RawMessage `json:"wait"`
	Resume        json.RawMessage `json:"resume"`
	Events        []any           `json:"events"`
	ResumeError   string          `json:"resume_error"`
	RunStatus     string          `json:"run_status"`
	SessionStatus string          `json:"session_status"`
}

// TestReferenceResumes starts the resume tester flow with the case's wait, resumes it with
// the case's resume and checks the events and statuses, or the refusal.
func TestReferenceResumes(t *testing.T) {
	assetsJSON, cases := readReferenceCases[resumeCase](t, "resumes")
	for _, nc := range cases {
		name, c := nc.name, nc.c
		var wait any
		json.Unmarshal(c.Wait, &wait)
		flowName := ""
		modified := withFlowChanged(assetsJSON, c.FlowUUID, func(flow map[string]any) {
			flowName = flow["name"].(string)
			firstNode(flow)["router"].(map[string]any)["wait"] = wait
		})
		src, err := static.ReadSource(modified)
		if err != nil {
			t.Fatal(err)
		}
		eng, _, _ := referenceEngine(servicestest.Config{}, nil)
		contact := readDefaultContact(t, src)
		trig, _ := triggers.Read([]byte(`{"type": "manual", "flow": {"uuid": "` + c.FlowUUID + `", "name": "` + flowName + `"}, "triggered_on": "2000-01-01T00:00:00Z"}`))
		var call *flows.Call
		if strings.Contains(flowName, "Voice") {
			call = &flows.Call{UUID: "01978a2f-ad9a-7f2e-ad44-6e7547078cec", URN: "tel:+12065551212"}
		}
		settings := envs.DefaultSettings()
		settings.DefaultCountry_ = "US"
		session, _, err := eng.NewSession(context.Background(), engine.NewAssets(src.Collection()), settings, contact, trig, call)
		if err != nil {
			t.Fatalf("%s: %s", name, err)
		}
		resume, err := resumes.Read(c.Resume)
		if err != nil {
			t.Fatalf("%s: %s", name, err)
		}
		sprint, err := session.Resume(context.Background(), resume)
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
