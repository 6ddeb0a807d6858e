package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// loopFlowAssets is an assets file with one flow whose only node runs n send_msg of text
// and then goes back to itself, optionally through a wait.
func loopFlowAssets(t *testing.T, n int, text string, wait bool) string {
	var actions []any
	for i := 0; i < n; i++ {
		actions = append(actions, map[string]any{"uuid": fmt.Sprintf("3a8e7f0e-5b2d-4d8e-8a1f-%012d", i), "type": "send_msg", "text": text})
	}
	node := map[string]any{"uuid": "2f1c7b1e-0a7e-4c1f-9a55-6c0f2c2b9a01", "actions": actions,
		"exits": []any{map[string]any{"uuid": "6d1b0c3b-8e5a-4ab1-9d4c-af4e5b6c7d01", "destination_uuid": "2f1c7b1e-0a7e-4c1f-9a55-6c0f2c2b9a01"}}}
	if wait {
		node["router"] = map[string]any{"type": "switch", "operand": "@input.text", "wait": map[string]any{"type": "msg"},
			"categories":            []any{map[string]any{"uuid": "5c0a9b2a-7d4f-4fa0-8c3b-9e3d4a5b6c01", "name": "All", "exit_uuid": "6d1b0c3b-8e5a-4ab1-9d4c-af4e5b6c7d01"}},
			"default_category_uuid": "5c0a9b2a-7d4f-4fa0-8c3b-9e3d4a5b6c01"}
	}
	data, _ := json.Marshal(map[string]any{"flows": []any{map[string]any{
		"uuid": "1d5d9e3c-7a63-4e5b-9c1e-0c1a3b0c8f01", "name": "Loop", "spec_version": "14.4.2", "language": "eng",
		"type": "messaging", "revision": 1, "expire_after_minutes": 60, "localization": map[string]any{}, "nodes": []any{node}}}})
	path := filepath.Join(t.TempDir(), "loop.json")
	assert.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// TestCheckFindsCertainLimits: check reports the 11 KB flow (100 send_msg of a
// megabyte in a node looping to itself) and a loop without a wait; a loop through a wait
// is fine.
func TestCheckFindsCertainLimits(t *testing.T) {
	hostile := loopFlowAssets(t, 100, `@(repeat("x", 1000000))`, false)
	info, _ := os.Stat(hostile)
	assert.Less(t, info.Size(), int64(12_000), "the hostile flow is small")

	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run([]string{"check", hostile}, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "exceeds_sprint_limit")
	assert.Contains(t, stdout.String(), "every sprint evaluates at least 100000000 bytes of text by step 1 here, more than the maximum of 8388608")

	stdout.Reset()
	assert.Equal(t, 1, run([]string{"check", loopFlowAssets(t, 1, "hi", false)}, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "the flow loops here without waiting: every sprint reaches the maximum number of steps (100)")

	// 10 messages of 8389 bytes a step pass 8 MiB at the last step, 100
	stdout.Reset()
	assert.Equal(t, 1, run([]string{"check", loopFlowAssets(t, 10, `@(repeat("x", 8389))`, false)}, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "8389000 bytes of text by step 100 here")
	// 21 messages a step pass the events limit at step 96
	stdout.Reset()
	assert.Equal(t, 1, run([]string{"check", loopFlowAssets(t, 21, "hi", false)}, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "every sprint logs more than the maximum of 2000 events by step 96 here")

	stdout.Reset()
	run([]string{"check", loopFlowAssets(t, 1, `@(repeat("x", 1000))`, true)}, nil, &stdout, &stderr)
	assert.False(t, strings.Contains(stdout.String(), "exceeds_sprint_limit"), stdout.String())
}
