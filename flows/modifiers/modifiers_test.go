package modifiers_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
	"github.com/rivuletflows/rivulet/utils/testutil"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// normalize decodes JSON into generic values, dropping event identity and writing times
// in one form so they compare semantically.
func normalize(t *testing.T, data []byte, dropIdentity bool) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("bad JSON %s: %v", data, err)
	}
	var walk func(v any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			if dropIdentity {
				delete(x, "uuid")
				delete(x, "created_on")
			}
			for k, e := range x {
				x[k] = walk(e)
			}
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		case string:
			if tm, err := time.Parse(time.RFC3339Nano, x); err == nil {
				return tm.UTC().Format(time.RFC3339Nano)
			}
		}
		return v
	}
	return walk(v)
}

func TestReferenceCases(t *testing.T) {
	dir := testutil.ConformancePath(t, "reference", "modifiers")
	src, err := static.LoadSource(filepath.Join(dir, "_assets.json"))
	if err != nil {
		t.Fatal(err)
	}
	sa := src.Collection()
	settings := envs.DefaultSettings()
	settings.DefaultCountry_ = "US"
	env := envs.NewEnv(settings, nil, nil, nil)
	ctx := &modifiers.Context{
		Env: env, Assets: sa, MaxFieldChars: 256,
		URNTaken: func(u urns.URN) bool { return strings.Contains(strings.ToLower(string(u)), "taken") },
	}

	n := 0
	defer func() {
		if n < 40 {
			t.Errorf("only %d cases run", n)
		}
	}()
	// the modifier families implemented here (ticket modifiers are the engine's)
	for _, file := range []string{"affinity", "channel", "field", "groups", "language", "name", "seen", "status", "timezone", "urns"} {
		var cases []struct {
			Description   string          `json:"description"`
			ContactBefore json.RawMessage `json:"contact_before"`
			Modifier      json.RawMessage `json:"modifier"`
			ContactAfter  json.RawMessage `json:"contact_after"`
			Events        json.RawMessage `json:"events"`
		}
		testutil.ReadJSON(t, filepath.Join(dir, file+".json"), &cases)
		for _, tc := range cases {
			name := file + "/" + tc.Description
			n++
			contact, err := flows.ReadContact(sa, tc.ContactBefore, nil)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			mod, err := modifiers.Read(tc.Modifier, sa)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			var logged []events.Event
			modifiers.Apply(ctx, contact, mod, func(e events.Event) { logged = append(logged, e) })

			gotEvents, _ := json.Marshal(logged)
			if logged == nil {
				gotEvents = []byte("[]")
			}
			if want, got := normalize(t, tc.Events, true), normalize(t, gotEvents, true); !reflect.DeepEqual(want, got) {
				t.Errorf("%s: events\nwant %s\ngot  %s", name, tc.Events, gotEvents)
			}
			gotContact, _ := json.Marshal(contact)
			if want, got := normalize(t, tc.ContactAfter, false), normalize(t, gotContact, false); !reflect.DeepEqual(want, got) {
				t.Errorf("%s: contact\nwant %s\ngot  %s", name, tc.ContactAfter, gotContact)
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	src, err := static.LoadSource(testutil.ConformancePath(t, "reference", "modifiers", "_assets.json"))
	if err != nil {
		t.Fatal(err)
	}
	sa := src.Collection()
	tcs := []struct{ json, err string }{
		{`{"type": "nope"}`, "field 'type' has invalid value 'nope'"},
		{`{"type": "status", "status": "zombie"}`, "field 'status' has invalid value 'zombie'"},
		{`{"type": "timezone", "timezone": "Mars/Base"}`, "field 'timezone' has invalid value 'Mars/Base'"},
		{`{"type": "field", "field": {"key": "score", "name": "Score"}, "value": "1"}`, "missing field dependency 'score'"},
		{`{"type": "groups", "groups": [{"uuid": "33382939-babf-4982-9395-8793feb4e7c6", "name": "Climbers"}], "modification": "add"}`, "missing group dependency '33382939-babf-4982-9395-8793feb4e7c6'"},
		{`{"type": "groups", "groups": [], "modification": "toggle"}`, "field 'modification' has invalid value 'toggle'"},
		{`{"type": "urns", "urns": [], "modification": "merge"}`, "field 'modification' has invalid value 'merge'"},
		{`{"type": "language", "language": "french"}`, "field 'language' has invalid value 'french'"},
		{`{"type": "affinity", "urn": "xyz", "channel": null}`, "field 'urn' has invalid value 'xyz'"},
		{`{"type": "channel", "channel": {"uuid": "33382939-babf-4982-9395-8793feb4e7c6", "name": "My Phone"}}`, "missing channel dependency '33382939-babf-4982-9395-8793feb4e7c6'"},
	}
	for _, tc := range tcs {
		_, err := modifiers.Read([]byte(tc.json), sa)
		if err == nil {
			t.Errorf("%s: expected error", tc.json)
		} else if !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %q does not contain %q", tc.json, err, tc.err)
		}
	}
}
