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
		"missing_dependency: group '31111111-1111-4111-8111-111111111111' is not in the assets file",
		"template_error: template \"You said @results.color and @(upper(contact.name) +)\" doesn't parse",
		"result_never_set: result 'color' is used but never set in this flow",
		"unreachable_node: no exit leads to this node (node 11111111-1111-4111-8111-111111111113)",
		"exit_leads_nowhere: category 'Other' ends the flow while the node's other categories continue",
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
	assert.Equal(t, "missing_dependency", report.Flows[0].Issues[0].Type)
}

func TestCheckExitCodes(t *testing.T) {
	dir := t.TempDir()
	invalid := filepath.Join(dir, "invalid.json")
	require.NoError(t, os.WriteFile(invalid, []byte(`{"flows": [{"uuid": "0d1e2f30-4a5b-4c6d-8e9f-a0b1c2d3e4f5", "name": "X", "spec_version": "14.4.2", "type": "messaging", "nodes": [{"uuid": "11111111-1111-4111-8111-111111111111", "actions": [], "exits": []}]}]}`), 0o644))
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
