package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGraphGolden compares the drawings of the two questions flow, bare and with its
// test's path, with the files under testdata/graph (`go test -run GraphGolden -update`
// writes them again; look at the SVGs before committing them).
func TestGraphGolden(t *testing.T) {
	flowsDir := filepath.Join("..", "..", "testdata", "flows")
	assetsPath := filepath.Join(flowsDir, "two_questions.json")
	testPath := filepath.Join(flowsDir, "two_questions.test.json")
	for _, tc := range []struct {
		golden string
		args   []string
	}{
		{"two_questions.svg", []string{"graph", assetsPath}},
		{"two_questions.dot", []string{"graph", "-format", "dot", assetsPath}},
		{"two_questions.mmd", []string{"graph", "-format", "mermaid", assetsPath}},
		{"two_questions.path.svg", []string{"graph", "-session", testPath, assetsPath}},
		{"two_questions.path.dot", []string{"graph", "-format", "dot", "-session", testPath, assetsPath}},
		{"two_questions.path.mmd", []string{"graph", "-format", "mermaid", "-session", testPath, assetsPath}},
		{"../../../../docs/examples/greeting.path.svg", []string{"graph", "-session", filepath.Join("..", "..", "docs", "examples", "greeting.test.json"), filepath.Join("..", "..", "docs", "examples", "greeting.json")}},
		{"router_cases.path.svg", []string{"graph", "-session", filepath.Join(flowsDir, "router_cases.test_words.json"), filepath.Join(flowsDir, "router_cases.json")}},
	} {
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run(tc.args, nil, &stdout, &stderr), stderr.String())
		path := filepath.Join("testdata", "graph", tc.golden)
		if *updateGolden {
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, stdout.Bytes(), 0o644))
			continue
		}
		want, err := os.ReadFile(path)
		require.NoError(t, err, "run with -update to write it")
		assert.Equal(t, string(want), stdout.String(), tc.golden)
	}
}

// TestGraphPath checks what the path over the two questions flow says: visits and counts
// of the categories taken, and the ones not taken left plain.
func TestGraphPath(t *testing.T) {
	flowsDir := filepath.Join("..", "..", "testdata", "flows")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"graph", "-format", "dot", "-session", filepath.Join(flowsDir, "two_questions.test.json"),
		filepath.Join(flowsDir, "two_questions.json")}, nil, &stdout, &stderr))
	out := stdout.String()
	for _, want := range []string{
		`n0 -> n1 [label="Mango ×1", color="#ea580c"`,
		`n0 -> n1 [label="Papaya"];`,
		`n1 -> n1 [label="Other ×1", color="#ea580c"`,
		`visited ×2`,
		`n0 -> end0 [label="No Response"];`,
	} {
		assert.Contains(t, out, want)
	}
}

func TestGraphErrors(t *testing.T) {
	dir := t.TempDir()
	flowsDir := filepath.Join("..", "..", "testdata", "flows")
	twoQ := filepath.Join(flowsDir, "two_questions.json")
	session := filepath.Join(dir, "session.json")
	require.NoError(t, os.WriteFile(session, []byte(`{"runs": [{"flow": {"uuid": "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd"}, "path": [{"node_uuid": "37c59faf-a98a-4f39-964c-7524a460fd11"}]}]}`), 0o644))
	neither := filepath.Join(dir, "neither.json")
	require.NoError(t, os.WriteFile(neither, []byte(`{"contact": {}}`), 0o644))
	out := filepath.Join(dir, "out.svg")

	tcs := []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{[]string{"graph", "-format", "png", twoQ}, 2, "", "flag -format must be svg, dot or mermaid, not 'png'"},
		{[]string{"graph", twoQ, "Nope"}, 2, "", "no flow with UUID or name 'Nope'"},
		{[]string{"graph", filepath.Join(dir, "missing.json")}, 2, "", "missing.json"},
		{[]string{"graph", "-session", neither, twoQ}, 2, "", "is neither a test (it has no trigger) nor a session (it has no runs)"},
		{[]string{"graph", "-format", "dot", "-session", session, twoQ}, 0, "visited ×1", ""},
		{[]string{"graph", "-o", out, twoQ, "Two Questions"}, 0, "", ""},
		{[]string{"graph"}, 2, "", "usage: flowrunner graph"},
	}
	for _, tc := range tcs {
		var stdout, stderr bytes.Buffer
		assert.Equal(t, tc.code, run(tc.args, nil, &stdout, &stderr), "%v: %s", tc.args, stderr.String())
		assert.Contains(t, stdout.String(), tc.stdout, "%v", tc.args)
		assert.Contains(t, stderr.String(), tc.stderr, "%v", tc.args)
	}
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "<svg "))
}
