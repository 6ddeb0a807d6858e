package engine_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services/servicestest"
)

// triggerCase is one case of reference/triggers: a trigger and either the error reading
// it gives or the @trigger context of the session it starts.
type triggerCase struct {
	Description string          `json:"description"`
	Trigger     json.RawMessage `json:"trigger"`
	ReadError   string          `json:"read_error"`
	Context     json.RawMessage `json:"context"`
}

// TestReferenceTriggers reads every reference trigger: bad ones must fail with the recorded
// message, good ones must start a session whose @trigger is the recorded context.
func TestReferenceTriggers(t *testing.T) {
	assetsJSON, cases := readReferenceCases[triggerCase](t, "triggers")
	src, err := static.ReadSource(assetsJSON)
	if err != nil {
		t.Fatal(err)
	}
	for _, nc := range cases {
		name, c := nc.name, nc.c
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
		eng, _, _ := referenceEngine(servicestest.Config{}, nil)
		session, _, err := eng.NewSession(context.Background(), engine.NewAssets(src.Collection()), envs.DefaultSettings(), readDefaultContact(t, src), trig, nil)
		if err != nil {
			t.Errorf("%s: %s", name, err)
			continue
		}
		if len(session.Runs()) == 0 {
			t.Errorf("%s: session has no run", name)
			continue
		}
		var want any
		json.Unmarshal(c.Context, &want)
		w, _ := json.Marshal(want)
		g, _ := json.Marshal(toAny(t, session.Runs()[0].ContextValue("trigger")))
		if string(w) != string(g) {
			t.Errorf("%s (%s): @trigger\n   want %s\n   got  %s", name, c.Description, w, g)
		}
	}
}
