package migrations

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// legacyReferenceUUIDs are the first UUIDs of the seeded generator the legacy reference
// cases were recorded with, in the order the conversion asks for them.
var legacyReferenceUUIDs = []utils.UUID{
	"1b2083ab-a0cb-48da-924e-9de1a11831b3",
	"ad9bdcfa-5604-4542-98c7-1f0d5859f77e",
	"b26fcae1-abb6-49f8-95cf-9fca95f1c30a",
	"5a66dd9c-356e-4287-92ed-42cbd11a03fd",
	"59ad8481-1332-4457-b20c-e3cb6203e029",
}

func legacyTestConfig() *Config {
	return &Config{UUIDs: &listGenerator{uuids: legacyReferenceUUIDs}, BaseMediaURL: "https://myfiles.com"}
}

// readLegacyReference reads one of the files of reference/legacy into cases of type T.
func readLegacyReference[T any](t *testing.T, name string) []T {
	t.Helper()
	var cases []T
	testutil.ReadJSON(t, testutil.ConformancePath(t, "reference", "legacy", name), &cases)
	if len(cases) == 0 {
		t.Fatalf("no cases in %s", name)
	}
	return cases
}

func marshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err, "marshal")
	return b
}

// decodeObject reads JSON into generic values the way ReadFlow does.
func decodeObject(t *testing.T, data []byte) map[string]any {
	t.Helper()
	f, err := ReadFlow(data)
	must(t, err, "decode")
	return f
}

func orEmptyObject(raw json.RawMessage) []byte {
	if len(raw) == 0 {
		return []byte(`{}`)
	}
	return raw
}

func TestLegacyReferenceActions(t *testing.T) {
	cases := readLegacyReference[struct {
		Description          string          `json:"description"`
		LegacyAction         json.RawMessage `json:"legacy_action"`
		ExpectedAction       json.RawMessage `json:"expected_action"`
		ExpectedLocalization json.RawMessage `json:"expected_localization"`
	}](t, "actions.json")

	passed := 0
	for i, tc := range cases {
		ok := t.Run(tc.Description, func(t *testing.T) {
			c := newLegacyConverter(legacyTestConfig(), "eng")
			action, err := c.convertAction(decodeObject(t, tc.LegacyAction))
			must(t, err, "convert")
			assertJSONEqual(t, tc.ExpectedAction, marshal(t, action), "action")
			assertJSONEqual(t, orEmptyObject(tc.ExpectedLocalization), marshal(t, c.localizationJSON()), "localization")
		})
		if ok {
			passed++
		} else {
			t.Logf("actions.json case %d failed", i)
		}
	}
	t.Logf("actions.json: %d/%d", passed, len(cases))
}

func TestLegacyReferenceRuleSets(t *testing.T) {
	cases := readLegacyReference[struct {
		Description          string          `json:"description"`
		LegacyRuleSet        json.RawMessage `json:"legacy_ruleset"`
		ExpectedNode         json.RawMessage `json:"expected_node"`
		ExpectedLocalization json.RawMessage `json:"expected_localization"`
		ExpectedUI           json.RawMessage `json:"expected_ui"`
	}](t, "rulesets.json")

	passed := 0
	for _, tc := range cases {
		ok := t.Run(tc.Description, func(t *testing.T) {
			c := newLegacyConverter(legacyTestConfig(), "eng")
			n, err := c.convertRuleSet(decodeObject(t, tc.LegacyRuleSet), nil)
			must(t, err, "convert")
			assertJSONEqual(t, tc.ExpectedNode, marshal(t, n.node), "node")
			assertJSONEqual(t, orEmptyObject(tc.ExpectedLocalization), marshal(t, c.localizationJSON()), "localization")
			assertJSONEqual(t, tc.ExpectedUI, marshal(t, n.ui), "ui")
		})
		if ok {
			passed++
		}
	}
	t.Logf("rulesets.json: %d/%d", passed, len(cases))
}

func TestLegacyReferenceTests(t *testing.T) {
	cases := readLegacyReference[struct {
		LegacyTest           json.RawMessage `json:"legacy_test"`
		ExpectedCase         json.RawMessage `json:"expected_case"`
		ExpectedLocalization json.RawMessage `json:"expected_localization"`
		ExpectedUI           json.RawMessage `json:"expected_ui"`
	}](t, "tests.json")

	passed := 0
	for _, tc := range cases {
		test := decodeObject(t, tc.LegacyTest)
		ok := t.Run(asString(test["type"]), func(t *testing.T) {
			cfg := legacyTestConfig()
			c := newLegacyConverter(cfg, "eng")
			categoryUUID := cfg.newUUID()
			kase, uiArgs, err := c.convertTest(test, cfg.newUUID(), categoryUUID)
			must(t, err, "convert")
			assertJSONEqual(t, tc.ExpectedCase, marshal(t, kase), "case")
			assertJSONEqual(t, orEmptyObject(tc.ExpectedLocalization), marshal(t, c.localizationJSON()), "localization")
			if len(tc.ExpectedUI) > 0 {
				assertJSONEqual(t, tc.ExpectedUI, marshal(t, map[string]any{"arguments": uiArgs}), "ui")
			} else if uiArgs != nil {
				t.Errorf("unexpected editor arguments %v", uiArgs)
			}
		})
		if ok {
			passed++
		}
	}
	t.Logf("tests.json: %d/%d", passed, len(cases))
}

func TestLegacyReferenceFlows(t *testing.T) {
	cases := readLegacyReference[struct {
		Description string          `json:"description"`
		Legacy      json.RawMessage `json:"legacy"`
		Expected    json.RawMessage `json:"expected"`
	}](t, "flows.json")

	passed := 0
	for _, tc := range cases {
		ok := t.Run(tc.Description, func(t *testing.T) {
			// the conversion to 13.0.0 on its own
			f, err := ConvertLegacy(decodeObject(t, tc.Legacy), legacyTestConfig())
			must(t, err, "convert")
			assertJSONEqual(t, tc.Expected, marshal(t, f), "flow")

			// and through the migration chain, stopping at 13.0.0 and going on to the end
			out, err := MigrateToVersionWith(tc.Legacy, &LegacyVersion, legacyTestConfig())
			must(t, err, "migrate to 13.0.0")
			assertJSONEqual(t, tc.Expected, out, "chain to 13.0.0")
			_, err = MigrateToVersionWith(tc.Legacy, nil, legacyTestConfig())
			must(t, err, "migrate to current")
		})
		if ok {
			passed++
		}
	}
	t.Logf("flows.json: %d/%d", passed, len(cases))
}

// TestOwnLegacyFlows runs testdata/legacy_flows.json: our own legacy flows (voice waits,
// webhooks in actions and rule sets, survey flows, form fields, translated media and quick
// replies) and the 13.0.0 flows they convert to.
func TestOwnLegacyFlows(t *testing.T) {
	data, err := os.ReadFile("testdata/legacy_flows.json")
	must(t, err, "read testdata")
	var cases []struct {
		Description string          `json:"description"`
		Legacy      json.RawMessage `json:"legacy"`
		Expected    json.RawMessage `json:"expected"`
	}
	must(t, json.Unmarshal(data, &cases), "parse testdata")
	for _, tc := range cases {
		t.Run(tc.Description, func(t *testing.T) {
			cfg := &Config{UUIDs: &listGenerator{}, BaseMediaURL: "https://media.example.com"}
			f, err := ConvertLegacy(decodeObject(t, tc.Legacy), cfg)
			must(t, err, "convert")
			assertJSONEqual(t, tc.Expected, marshal(t, f), "flow")

			_, err = MigrateToVersionWith(tc.Legacy, nil, &Config{UUIDs: &listGenerator{}})
			must(t, err, "migrate to current")
		})
	}
}

func TestLegacyErrors(t *testing.T) {
	tests := []struct {
		name, flow, err string
	}{
		{"unknown action", `{"flow_type": "M", "action_sets": [{"uuid": "a1", "actions": [{"type": "reply", "uuid": "x0", "msg": "hi"}, {"type": "teleport", "uuid": "x1"}]}]}`,
			"action_sets[0] (a1): action[1] (x1): unknown action type 'teleport'"},
		{"action without type", `{"flow_type": "M", "action_sets": [{"uuid": "a1", "actions": [{"uuid": "x1"}]}]}`,
			"action_sets[0] (a1): action[0] (x1): action has no type"},
		{"unknown rule set type", `{"flow_type": "M", "rule_sets": [{"uuid": "r1", "ruleset_type": "wait_smoke", "rules": []}]}`,
			"rule_sets[0] (r1): unknown rule set type 'wait_smoke'"},
		{"unknown rule test", `{"flow_type": "M", "rule_sets": [{"uuid": "r1", "rules": [{"uuid": "u0", "test": {"type": "true"}}, {"uuid": "u1", "test": {"type": "has_vibes"}}]}]}`,
			"rule_sets[0] (r1): rule[1] (u1): unknown rule test type 'has_vibes'"},
		{"unknown webhook status", `{"flow_type": "M", "rule_sets": [{"uuid": "r1", "ruleset_type": "webhook", "rules": [{"uuid": "u1", "test": {"type": "webhook_status", "status": "maybe"}}]}]}`,
			"rule_sets[0] (r1): rule[0] (u1): unknown webhook status 'maybe'"},
		{"unknown flow type", `{"flow_type": "X", "action_sets": []}`, "unknown legacy flow type 'X'"},
		{"missing node uuid", `{"flow_type": "M", "rule_sets": [{"rules": []}]}`, "rule_sets[0]: missing uuid"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ConvertLegacy(decodeObject(t, []byte(tc.flow)), testConfig())
			if err == nil || err.Error() != tc.err {
				t.Errorf("expected error %q, got %v", tc.err, err)
			}
		})
	}
}

func TestMigrateAssets(t *testing.T) {
	legacy := `{"version": "11.12", "flow_type": "M", "base_language": "eng",
		"metadata": {"uuid": "8c5ee1a3-5bb5-4b7e-a5e6-3b6c4a1d1f01", "name": "Old"},
		"action_sets": [{"uuid": "4a5b5c3e-2f6e-4c9e-9d1a-0b8d1f2e3a01", "x": 0, "y": 0, "exit_uuid": "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e01",
			"actions": [{"type": "reply", "uuid": "6d7e8f90-1a2b-4c3d-8e4f-5a6b7c8d9e01", "msg": {"eng": "Hi @contact.first_name"}}]}]}`
	current := `{"uuid": "9e8d7c6b-5a49-4382-9170-6f5e4d3c2b01", "name": "New", "spec_version": "14.4.2", "language": "eng", "type": "messaging", "nodes": []}`

	// an export file: every flow migrated, the rest kept
	out, err := MigrateAssets([]byte(`{"version": "13", "site": "https://example.com", "flows": [`+legacy+`, `+current+`], "campaigns": []}`), nil)
	must(t, err, "migrate export")
	var doc struct {
		Version   string            `json:"version"`
		Site      string            `json:"site"`
		Flows     []json.RawMessage `json:"flows"`
		Campaigns []any             `json:"campaigns"`
	}
	must(t, json.Unmarshal(out, &doc), "read result")
	if doc.Version != "13" || doc.Site != "https://example.com" || doc.Campaigns == nil || len(doc.Flows) != 2 {
		t.Fatalf("export fields not kept: %s", out)
	}
	first := decodeObject(t, doc.Flows[0])
	if first["spec_version"] != CurrentVersion.String() || first["name"] != "Old" {
		t.Errorf("legacy flow not migrated: %s", doc.Flows[0])
	}
	text := asString(nodeActions(Flow(first).nodes()[0])[0]["text"])
	if text != "Hi @contact.first_name" {
		t.Errorf("unexpected text %q", text)
	}
	assertJSONEqual(t, []byte(current), doc.Flows[1], "current flow")

	// a single flow, and a target version
	to := Version{13, 2, 0}
	out, err = MigrateAssets([]byte(legacy), &to)
	must(t, err, "migrate single flow")
	if f := decodeObject(t, out); f["spec_version"] != "13.2.0" {
		t.Errorf("expected spec version 13.2.0, got %v", f["spec_version"])
	}

	// errors name the flow
	_, err = MigrateAssets([]byte(`{"flows": [`+current+`, {"flow_type": "M", "action_sets": [{"uuid": "a1", "actions": [{"type": "zap", "uuid": "z1"}]}]}]}`), nil)
	if err == nil || err.Error() != "unable to migrate flows[1]: unable to read legacy flow: action_sets[0] (a1): action[0] (z1): unknown action type 'zap'" {
		t.Errorf("unexpected error: %v", err)
	}
	if _, err = MigrateAssets([]byte(`{"flows": {}}`), nil); err == nil {
		t.Errorf("expected an error for flows that aren't a list")
	}
}
