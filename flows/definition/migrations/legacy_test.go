package migrations

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/utils"
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
	data, err := os.ReadFile(filepath.Join(sharedDir(t), "reference", "legacy", name))
	must(t, err, name)
	var cases []T
	must(t, json.Unmarshal(data, &cases), name)
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
