package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// brokenOnPurpose is a valid flow with every kind of issue check reports.
const brokenOnPurpose = `{
  "flows": [{
    "uuid": "0d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5", "name": "Careless", "spec_version": "14.4.2",
    "language": "eng", "type": "messaging", "revision": 1, "expire_after_minutes": 60,
    "nodes": [
      {
        "uuid": "11111111-1111-4111-8111-111111111111",
        "actions": [
          {"uuid": "21111111-1111-4111-8111-111111111111", "type": "add_contact_groups", "groups": [{"uuid": "31111111-1111-4111-8111-111111111111", "name": "Ghosts"}]},
          {"uuid": "21111111-1111-4111-8111-111111111112", "type": "send_msg", "text": "You said @results.color and @(upper(contact.name) +)"}
        ],
        "router": {
          "type": "switch", "wait": {"type": "msg"}, "result_name": "Answer", "operand": "@input.text",
          "cases": [{"uuid": "41111111-1111-4111-8111-111111111111", "type": "has_text", "category_uuid": "51111111-1111-4111-8111-111111111111"}],
          "categories": [
            {"uuid": "51111111-1111-4111-8111-111111111111", "name": "Text", "exit_uuid": "61111111-1111-4111-8111-111111111111"},
            {"uuid": "51111111-1111-4111-8111-111111111112", "name": "Other", "exit_uuid": "61111111-1111-4111-8111-111111111112"}
          ],
          "default_category_uuid": "51111111-1111-4111-8111-111111111112"
        },
        "exits": [
          {"uuid": "61111111-1111-4111-8111-111111111111", "destination_uuid": "11111111-1111-4111-8111-111111111112"},
          {"uuid": "61111111-1111-4111-8111-111111111112"}
        ]
      },
      {
        "uuid": "11111111-1111-4111-8111-111111111112",
        "actions": [{"uuid": "21111111-1111-4111-8111-111111111113", "type": "send_msg", "text": "Thanks, @results.answer"}],
        "exits": [{"uuid": "61111111-1111-4111-8111-111111111113"}]
      },
      {
        "uuid": "11111111-1111-4111-8111-111111111113",
        "actions": [{"uuid": "21111111-1111-4111-8111-111111111114", "type": "send_msg", "text": "Nobody gets here"}],
        "exits": [{"uuid": "61111111-1111-4111-8111-111111111114"}]
      }
    ]
  }]
}`

func TestCheckReportsIssues(t *testing.T) {
	path := filepath.Join(t.TempDir(), "careless.json")
	require.NoError(t, os.WriteFile(path, []byte(brokenOnPurpose), 0o644))

	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run([]string{"check", path}, nil, &stdout, &stderr))
	out := stdout.String()
	for _, want := range []string{
		"Careless): 5 issues",
		"error missing_dependency: group '31111111-1111-4111-8111-111111111111' is not in the assets file",
		"error template_error: template \"You said @results.color and @(upper(contact.name) +)\" doesn't parse",
		"warning result_never_set: result 'color' is used but never set in this flow",
		"warning unreachable_node: no exit leads to this node (node 11111111-1111-4111-8111-111111111113)",
		"warning exit_leads_nowhere: category 'Other' ends the flow while the node's other categories continue",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "result 'answer'")

	stdout.Reset()
	assert.Equal(t, 1, run([]string{"check", "-json", path}, nil, &stdout, &stderr))
	var report struct {
		Flows []checkedFlow `json:"flows"`
	}
	require.NoError(t, json.Unmarshal(stdout.Bytes(), &report))
	require.Len(t, report.Flows, 1)
	assert.True(t, report.Flows[0].Valid)
	assert.Len(t, report.Flows[0].Issues, 5)
	is := report.Flows[0].Issues[0]
	assert.Equal(t, "missing_dependency", is.Rule)
	assert.Equal(t, "error", is.Severity)
	assert.Contains(t, is.Fix, "add the asset")
}

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	invalid := filepath.Join(dir, "invalid.json")
	require.NoError(t, os.WriteFile(invalid, []byte(`{"flows": [{"uuid": "0d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5", "name": "X", "spec_version": "14.4.2", "language": "eng", "type": "messaging", "nodes": [{"uuid": "11111111-1111-4111-8111-111111111111", "actions": [], "exits": []}]}]}`), 0o644))
	garbage := filepath.Join(dir, "garbage.json")
	require.NoError(t, os.WriteFile(garbage, []byte(`{"flows": [`), 0o644))
	clean := filepath.Join("..", "..", "testdata", "flows", "voice.json")

	tcs := []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"check", clean}, 0, "Farmers Hotline): ok"},
		{[]string{"check", invalid}, 1, "field 'exits' must have a minimum of 1 item"},
		{[]string{"check", garbage}, 2, ""},
		{[]string{"check", "-json", clean}, 0, `"issues": []`},
		{[]string{"check"}, 2, ""},
	}
	for _, tc := range tcs {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, tc.code, run(tc.args, nil, &stdout, &stderr), "%v: %s %s", tc.args, stdout.String(), stderr.String())
		assert.Contains(t, stdout.String(), tc.out)
	}
}

// runtimeFailures is a flow that reads but fails when it runs: a misspelled function, a
// function and a case test with the wrong number of arguments, a router with no default
// category. It silences unreachable_node on its last node only.
const runtimeFailures = `{
  "flows": [{
    "uuid": "0d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f6", "name": "Runtime", "spec_version": "14.4.2",
    "language": "eng", "type": "messaging", "revision": 1, "expire_after_minutes": 60,
    "_check": {"ignore": ["unreachable_node:11111111-1111-4111-8111-111111111113", "no_such_rule"]},
    "nodes": [
      {
        "uuid": "11111111-1111-4111-8111-111111111111",
        "actions": [
          {"uuid": "21111111-1111-4111-8111-111111111112", "type": "send_msg", "text": "Hi @(uper(contact.name)), @(upper(contact.name, 2)) @(foreach(array(1), (upper) => upper(1)))"}
        ],
        "router": {
          "type": "switch", "wait": {"type": "msg"}, "result_name": "Answer", "operand": "@input.text",
          "cases": [
            {"uuid": "41111111-1111-4111-8111-111111111111", "type": "has_number_between", "arguments": ["1"], "category_uuid": "51111111-1111-4111-8111-111111111111"},
            {"uuid": "41111111-1111-4111-8111-111111111112", "type": "has_text", "arguments": ["x"], "category_uuid": "51111111-1111-4111-8111-111111111111"}
          ],
          "categories": [
            {"uuid": "51111111-1111-4111-8111-111111111111", "name": "Number", "exit_uuid": "61111111-1111-4111-8111-111111111111"}
          ]
        },
        "exits": [
          {"uuid": "61111111-1111-4111-8111-111111111111", "destination_uuid": "11111111-1111-4111-8111-111111111112"}
        ]
      },
      {
        "uuid": "11111111-1111-4111-8111-111111111112",
        "actions": [{"uuid": "21111111-1111-4111-8111-111111111113", "type": "send_msg", "text": "Thanks"}],
        "exits": [{"uuid": "61111111-1111-4111-8111-111111111113"}]
      },
      {
        "uuid": "11111111-1111-4111-8111-111111111113",
        "actions": [{"uuid": "21111111-1111-4111-8111-111111111114", "type": "send_msg", "text": "Nobody gets here"}],
        "exits": [{"uuid": "61111111-1111-4111-8111-111111111114"}]
      }
    ]
  }]
}`

func TestCheckFindsRuntimeFailures(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runtime.json")
	require.NoError(t, os.WriteFile(path, []byte(runtimeFailures), 0o644))

	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run([]string{"check", path}, nil, &stdout, &stderr))
	out := stdout.String()
	for _, want := range []string{
		"(Runtime): 6 issues (1 issue ignored)",
		"warning unknown_rule: the flow's _check.ignore names 'no_such_rule', which is not a rule",
		"error unknown_function: template \"Hi @(uper(contact.name)), @(upper(contact.name, 2)) @(foreach(array(1), (upper) => upper(1)))\" calls uper(), which is not a function: did you mean upper()?",
		"error wrong_argument_count: template \"Hi @(uper(contact.name)), @(upper(contact.name, 2)) @(foreach(array(1), (upper) => upper(1)))\" calls upper() with 2 arguments, but it takes 1 argument",
		"error wrong_argument_count: case has_number_between takes 2 arguments after the operand, but has 1",
		"error wrong_argument_count: case has_text takes 0 arguments after the operand, but has 1",
		"warning no_default_category: the router has 2 cases and no default category",
		"    fix: check the spelling against docs/reference/functions.md",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "unreachable_node", "silenced by the flow")
	assert.NotContains(t, out, "calls upper() with 1", "a lambda parameter is not the function")

	// silenced from the command line, by rule or by rule and node
	stdout.Reset()
	assert.Equal(t, 1, run([]string{"check", "-ignore", "wrong_argument_count,unknown_function", "-ignore", "no_default_category:11111111-1111-4111-8111-111111111111", path}, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "(Runtime): 1 issue (6 issues ignored)")

	stdout.Reset()
	stderr.Reset()
	assert.Equal(t, 2, run([]string{"check", "-ignore", "bogus", path}, nil, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "flowrunner: flag -ignore: unknown rule 'bogus' (flowrunner check -rules lists them)")
}

func TestCheckRulesAndEmptyFiles(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
		return p
	}
	tcs := []struct {
		args           []string
		code           int
		stdout, stderr string
	}{
		{[]string{"check", "-rules"}, 0, "wrong_argument_count  error", ""},
		{[]string{"check", "-rules", "-json"}, 0, `"name": "no_default_category"`, ""},
		{[]string{"check", write("null.json", "null")}, 2, "", "must be a JSON object"},
		{[]string{"check", write("none.json", `{"flows": []}`)}, 1, "", "none.json has no flows to check"},
		{[]string{"check", write("x.test.json", `{"trigger": {}}`)}, 2, "", "x.test.json is a test file (it has a trigger), not an assets file"},
		{[]string{"check", write("typed.json", `{"flows": {}}`)}, 2, "", "field 'flows' must be an array, not an object"},
	}
	for _, tc := range tcs {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, tc.code, run(tc.args, nil, &stdout, &stderr), "%v: %s %s", tc.args, stdout.String(), stderr.String())
		assert.Contains(t, stdout.String(), tc.stdout, "%v", tc.args)
		assert.Contains(t, stderr.String(), tc.stderr, "%v", tc.args)
		assert.NotContains(t, stderr.String(), "static.", "no Go type names")
	}
}

// TestEveryRuleIsListed checks that each rule an issue can name is in the table that gives
// its severity and fix, and that an unlisted one is still reported rather than lost.
func TestEveryRuleIsListed(t *testing.T) {
	for _, name := range []string{ruleInvalid, ruleMissingDep, ruleBadTemplate, ruleUnknownFunc, ruleArgCount,
		ruleUnsetResult, ruleUnreachable, ruleDeadEndExit, ruleNoDefault, ruleInspectorIssue, ruleUnknownRule, ruleExceedsLimit} {
		r := ruleByName(name)
		if assert.NotNil(t, r, name) {
			assert.NotEmpty(t, r.Fix, name)
			assert.Contains(t, []string{severityError, severityWarning}, r.Severity, name)
		}
	}
	is := newIssue("some_new_rule", "", "something")
	assert.Equal(t, "warning", is.Severity)
	assert.Equal(t, "some_new_rule", is.Rule)
}
