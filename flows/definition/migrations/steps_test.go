package migrations

import (
	"encoding/json"
	"os"
	"testing"
)

type stepCase struct {
	Step        string         `json:"step"`
	Description string         `json:"description"`
	Before      map[string]any `json:"before"`
	After       map[string]any `json:"after"`
}

// TestOwnStepCases runs testdata/steps.json: our own before/after flows for every step,
// covering what the reference cases leave out.
func TestOwnStepCases(t *testing.T) {
	data, err := os.ReadFile("testdata/steps.json")
	must(t, err, "read testdata")
	var cases []stepCase
	must(t, json.Unmarshal(data, &cases), "parse testdata")

	steps := Steps()
	covered := map[Version]bool{}
	for _, tc := range cases {
		v, err := ParseVersion(tc.Step)
		must(t, err, tc.Description)
		covered[v] = true
		prev := Version{13, 0, 0}
		for i, s := range steps {
			if s.Version == v && i > 0 {
				prev = steps[i-1].Version
			}
		}
		t.Run(tc.Step+"/"+tc.Description, func(t *testing.T) {
			tc.Before["spec_version"] = prev.String()
			tc.After["spec_version"] = v.String()
			before, _ := json.Marshal(tc.Before)
			after, _ := json.Marshal(tc.After)

			f, err := ReadFlow(before)
			must(t, err, "read")
			f, err = stepFor(t, v).Apply(f, testConfig("11111111-1111-4111-8111-111111111111"))
			must(t, err, "apply")
			out, _ := json.Marshal(f)
			assertJSONEqual(t, after, out, tc.Description)
		})
	}
	for _, s := range steps {
		if !covered[s.Version] {
			t.Errorf("no own test case for step %s", s.Version)
		}
	}
}

func TestStepsAreOrderedAndEndAtCurrent(t *testing.T) {
	steps := Steps()
	for i := 1; i < len(steps); i++ {
		if !steps[i-1].Version.Less(steps[i].Version) {
			t.Errorf("step %s comes after %s", steps[i].Version, steps[i-1].Version)
		}
	}
	if last := steps[len(steps)-1].Version; last != CurrentVersion {
		t.Errorf("last step is %s, current version is %s", last, CurrentVersion)
	}
}

func TestMigrateWholeChain(t *testing.T) {
	flow := `{
		"uuid": "76f0a02f-3b75-4b86-9064-e9195e1b3a02", "name": "Chain", "spec_version": "13.0.0",
		"language": "base", "type": "messaging", "expire_after_minutes": 99999,
		"localization": {"und": {"a1": {"text": ["x"]}}, "fra": {"a1": {"text": ["@webhook.greeting"]}}},
		"nodes": [
			{"uuid": "n1", "actions": [{"uuid": "a1", "type": "send_msg", "text": "@webhook.greeting", "all_urns": true,
				"templating": {"template": {"uuid": "tpl", "name": "hi"}, "variables": ["@contact.name"]}}],
			 "exits": [{"uuid": "e1", "destination_uuid": "n2"}]},
			{"uuid": "n2", "actions": [{"uuid": "a2", "type": "call_webhook", "url": "http://x.com", "method": "GET", "result_name": "Call"}],
			 "router": {"type": "switch", "operand": "@results.call.category",
				"cases": [{"uuid": "k1", "type": "has_only_text", "arguments": ["Success"], "category_uuid": "c1"}],
				"categories": [{"uuid": "c1", "name": "Success", "exit_uuid": "e2"}, {"uuid": "c2", "name": "Failure", "exit_uuid": "e3"}],
				"default_category_uuid": "c2"},
			 "exits": [{"uuid": "e2"}, {"uuid": "e3"}]}
		],
		"_ui": {"nodes": {}}
	}`
	expected := `{
		"uuid": "76f0a02f-3b75-4b86-9064-e9195e1b3a02", "name": "Chain", "spec_version": "14.4.2",
		"language": "und", "type": "messaging", "expire_after_minutes": 20160,
		"localization": {"fra": {"a1": {"text": ["@webhook.json.greeting"]}}},
		"nodes": [
			{"uuid": "n1", "actions": [{"uuid": "a1", "type": "send_msg", "text": "@webhook.json.greeting",
				"template": {"uuid": "tpl", "name": "hi"}, "template_variables": ["@contact.name"]}],
			 "exits": [{"uuid": "e1", "destination_uuid": "n2"}]},
			{"uuid": "n2", "actions": [{"uuid": "a2", "type": "call_webhook", "url": "http://x.com", "method": "GET", "result_name": "Call"}],
			 "router": {"type": "switch", "operand": "@(default(webhook.status, 0))",
				"cases": [{"uuid": "k1", "type": "has_number_between", "arguments": ["200", "299"], "category_uuid": "c1"}],
				"categories": [{"uuid": "c1", "name": "Success", "exit_uuid": "e2"}, {"uuid": "c2", "name": "Failure", "exit_uuid": "e3"}],
				"default_category_uuid": "c2"},
			 "exits": [{"uuid": "e2"}, {"uuid": "e3"}]}
		],
		"_ui": {"nodes": {}}
	}`
	out, err := MigrateToVersionWith([]byte(flow), nil, testConfig())
	must(t, err, "migrate")
	assertJSONEqual(t, []byte(expected), out, "13.0.0 -> current")

	// stopping half way stamps the requested version
	mid := Version{13, 2, 0}
	out, err = MigrateToVersion([]byte(flow), &mid)
	must(t, err, "migrate to 13.2.0")
	f, err := ReadFlow(out)
	must(t, err, "read")
	if f["spec_version"] != "13.2.0" || f["language"] != "und" {
		t.Errorf("unexpected flow after migrating to 13.2.0: %s", out)
	}
}

func TestMigrateErrors(t *testing.T) {
	future := Version{15, 0, 0}
	past := Version{13, 1, 0}
	tests := []struct {
		name string
		flow string
		to   *Version
		err  string
	}{
		{"newer flow", `{"spec_version": "14.5.0", "nodes": []}`, nil,
			"flow spec version 14.5.0 is newer than the newest supported version 14.4.2"},
		{"newer target", `{"spec_version": "13.0.0", "nodes": []}`, &future,
			"can't migrate to version 15.0.0: newest supported version is 14.4.2"},
		{"downgrade", `{"spec_version": "14.0.0", "nodes": []}`, &past,
			"can't migrate flow of spec version 14.0.0 down to 13.1.0"},
		{"legacy unknown action", `{"version": "11.12", "flow_type": "M", "action_sets": [{"uuid": "a1", "actions": [{"type": "dance", "uuid": "x1"}]}]}`, nil,
			"unable to read legacy flow: action_sets[0] (a1): action[0] (x1): unknown action type 'dance'"},
		{"legacy unknown rule test", `{"version": 10, "flow_type": "M", "rule_sets": [{"uuid": "r1", "rules": [{"uuid": "u1", "test": {"type": "sing"}}]}]}`, nil,
			"unable to read legacy flow: rule_sets[0] (r1): rule[0] (u1): unknown rule test type 'sing'"},
		{"legacy newer than legacy", `{"version": "11.13", "flow_type": "M"}`, nil,
			"unable to read legacy flow: legacy flow version 11.13 is newer than the newest legacy version 11.12"},
		{"no version", `{"nodes": []}`, nil, "flow is missing field 'spec_version'"},
		{"bad version", `{"spec_version": "13.x", "nodes": []}`, nil,
			`field 'spec_version': invalid spec version "13.x"`},
		{"version not a string", `{"spec_version": 13, "nodes": []}`, nil,
			"field 'spec_version' must be a string, got a number"},
		{"not an object", `[1, 2]`, nil, "unable to read flow: expected a JSON object, got an array"},
		{"trailing data", `{"spec_version": "14.4.2"} {}`, nil,
			"unable to read flow: unexpected data after the flow object"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := MigrateToVersion([]byte(tc.flow), tc.to)
			if err == nil || err.Error() != tc.err {
				t.Errorf("expected error %q, got %v", tc.err, err)
			}
		})
	}
}

func TestCurrentFlowIsUnchanged(t *testing.T) {
	flow := []byte(`{"spec_version": "14.4.2",   "nodes": [], "x": 1.50}`)
	out, err := MigrateToVersion(flow, nil)
	must(t, err, "migrate")
	if string(out) != string(flow) {
		t.Errorf("expected the same bytes, got %s", out)
	}
}

func TestNumbersKeepTheirText(t *testing.T) {
	out, err := MigrateToVersion([]byte(`{"spec_version": "14.4.1", "nodes": [], "n": 1.50, "big": 12345678901234567890}`), nil)
	must(t, err, "migrate")
	f, err := ReadFlow(out)
	must(t, err, "read")
	if f["n"].(json.Number) != "1.50" || f["big"].(json.Number) != "12345678901234567890" {
		t.Errorf("numbers changed: %s", out)
	}
}
