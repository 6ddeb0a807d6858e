package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	binaryOnce sync.Once
	binaryPath string
	binaryErr  error
)

// TestMain removes the binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if binaryPath != "" {
		os.RemoveAll(filepath.Dir(binaryPath))
	}
	os.Exit(code)
}

// flowrunnerBinary builds the command once per test run, so that exit statuses and the
// split of stdout and stderr are checked as a user sees them.
func flowrunnerBinary(t *testing.T) string {
	t.Helper()
	binaryOnce.Do(func() {
		dir, err := os.MkdirTemp("", "flowrunner-bin")
		if err != nil {
			binaryErr = err
			return
		}
		binaryPath = filepath.Join(dir, "flowrunner")
		out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput()
		if err != nil {
			binaryErr = errors.New(string(out))
		}
	})
	require.NoError(t, binaryErr)
	return binaryPath
}

// execResult is what a run of the binary printed and its exit status.
type execResult struct {
	code           int
	stdout, stderr string
}

func runBinary(t *testing.T, stdin string, args ...string) execResult {
	t.Helper()
	cmd := exec.Command(flowrunnerBinary(t), args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		code = exitErr.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return execResult{code, stdout.String(), stderr.String()}
}

// writeFile writes a file in dir and returns its path.
func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// TestBinaryExitCodesAndMessages drives the built command through the defects authors
// met: exit statuses, what goes to stderr, and messages free of Go type names.
func TestBinaryExitCodesAndMessages(t *testing.T) {
	dir := t.TempDir()
	flowsDir := filepath.Join("..", "..", "testdata", "flows")
	twoQ := filepath.Join(flowsDir, "two_questions.json")
	twoQTest := filepath.Join(flowsDir, "two_questions.test.json")
	data, err := os.ReadFile(twoQ)
	require.NoError(t, err)
	badType := writeFile(t, dir, "badtype.json", strings.Replace(string(data), `"type": "send_msg"`, `"type": "send_mgs"`, 1))
	badTypeTest := writeFile(t, dir, "badtype.test.json", mustRead(t, twoQTest))
	fails := filepath.Join("testdata", "fails.json")

	tcs := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		stdout   string
		stderr   string
		noStdout string
	}{
		{name: "run unreadable flow", args: []string{"run", badType}, code: 2,
			stderr: "flowrunner: unable to read flow 'Two Questions': unable to read nodes[0]: unable to read actions[0]: unknown action type: 'send_mgs'"},
		{name: "run failed session", args: []string{"run", fails}, code: 1,
			stdout: "failure: Unable to find flow 'Missing'", stderr: "flowrunner: the session failed: Unable to find flow 'Missing'"},
		{name: "run completed", args: []string{"run", twoQ}, stdin: "mango\n2\n", code: 0, stdout: "-- session completed"},
		{name: "run missing file", args: []string{"run", filepath.Join(dir, "nope.json")}, code: 2, stderr: "nope.json"},
		{name: "run bad contact", args: []string{"run", "-contact", writeFile(t, dir, "contact.json", `{"uuid": 5}`), twoQ}, code: 2,
			stderr: "flowrunner: unable to read contact: field 'uuid'"},
		{name: "run long reply", args: []string{"run", twoQ}, stdin: strings.Repeat("x", MaxTemplateLineBytes+10) + "\n", code: 1,
			stderr: "flowrunner: a line of input is longer than 1048576 bytes (1 MiB), the most one line may hold"},
		{name: "replay failed start", args: []string{"replay", badType, twoQTest}, code: 1,
			stderr: "flowrunner: the session failed in sprint 0, so resumes[0] can't be applied: unable to load flow 'Two Questions'"},
		{name: "replay swapped", args: []string{"replay", twoQTest, twoQ}, code: 2,
			stderr: "the arguments are the wrong way round: " + twoQTest + " is a test (it has a trigger)"},
		{name: "replay bad test", args: []string{"replay", twoQ, writeFile(t, dir, "t.json", `{"trigger": {}, "resumes": {}}`)}, code: 2,
			stderr: "field 'resumes' must be an array, not an object"},
		{name: "replay no trigger", args: []string{"replay", twoQ, writeFile(t, dir, "t2.json", `{"resumes": []}`)}, code: 2,
			stderr: "field 'trigger' is required"},
		{name: "test broken flow", args: []string{"test", badTypeTest}, code: 1,
			stdout: "the session failed in sprint 0, so resumes[0] can't be applied: unable to load flow 'Two Questions'"},
		{name: "bench broken flow", args: []string{"bench", "-n", "1", badType, twoQTest}, code: 1, stderr: "the session failed in sprint 0"},
		{name: "bench swapped", args: []string{"bench", twoQTest, twoQ}, code: 2, stderr: "the wrong way round"},
		{name: "check plural", args: []string{"check", filepath.Join(flowsDir, "subflows.json")}, code: 1, stdout: ": 1 issue\n"},
		{name: "check null", args: []string{"check", writeFile(t, dir, "null.json", "null")}, code: 2, stderr: "must be a JSON object"},
		{name: "check no flows", args: []string{"check", writeFile(t, dir, "empty.json", "{}")}, code: 1, stderr: "has no flows to check"},
		{name: "check Go types", args: []string{"check", writeFile(t, dir, "arr.json", `{"flows": [{"uuid": 5}]}`)}, code: 2,
			stderr: "flows[0]: field 'uuid' must be a string, not a number"},
		{name: "replay bad trigger", args: []string{"replay", twoQ, writeFile(t, dir, "t3.json", `{"trigger": {"type": "manual", "flow": 5}}`)}, code: 2,
			stderr: "flowrunner: unable to read trigger: field 'flow' must be an object, not a number\n"},
		{name: "replay bad environment", args: []string{"replay", twoQ, writeFile(t, dir, "t4.json", `{"trigger": {"type": "manual", "flow": {"uuid": "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd", "name": "x"}, "triggered_on": "2020-01-01T00:00:00Z"}, "environment": {"timezone": 5}}`)}, code: 2,
			stderr: "flowrunner: unable to read environment: field 'timezone' must be a string, not a number\n"},
		{name: "replay bad call", args: []string{"replay", twoQ, writeFile(t, dir, "t5.json", `{"trigger": {"type": "manual", "flow": {"uuid": "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd", "name": "x"}, "triggered_on": "2020-01-01T00:00:00Z"}, "call": 5}`)}, code: 2,
			stderr: "flowrunner: unable to read call: must be an object, not a number\n"},
		{name: "check bad nodes", args: []string{"check", writeFile(t, dir, "nodes.json", `{"flows": [{"uuid": "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd", "name": "x", "spec_version": "14.4.2", "nodes": 5}]}`)}, code: 1,
			stdout: "invalid_flow: unable to read flow: field 'nodes' must be an array, not a number"},
		{name: "migrate bad JSON", args: []string{"migrate", writeFile(t, dir, "garbage.json", `{"flows": [`)}, code: 2,
			stderr: "garbage.json: invalid JSON at byte 11: unexpected end of JSON input"},
		{name: "version", args: []string{"version"}, code: 0, stdout: "flowrunner "},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: `unknown command "frobnicate"`},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			res := runBinary(t, tc.stdin, tc.args...)
			assert.Equal(t, tc.code, res.code, "stdout: %s\nstderr: %s", res.stdout, res.stderr)
			assert.Contains(t, res.stdout, tc.stdout)
			assert.Contains(t, res.stderr, tc.stderr)
			for _, goish := range []string{"main.", "static.", "json.RawMessage", "Go value", "Go struct", "goroutine", "json: cannot", "json: unknown"} {
				assert.NotContains(t, res.stderr, goish)
				assert.NotContains(t, res.stdout, goish)
			}
			assert.NotContains(t, res.stderr, "unable to read contact: unable to read contact")
		})
	}
}

// TestBinaryHelpExitsZero checks that -h and --help exit 0 for every command.
func TestBinaryHelpExitsZero(t *testing.T) {
	for _, c := range commands() {
		for _, h := range []string{"-h", "--help"} {
			res := runBinary(t, "", c.name, h)
			assert.Equal(t, 0, res.code, "%s %s: %s", c.name, h, res.stderr)
			assert.Contains(t, res.stderr, "usage: flowrunner "+c.name, "%s %s", c.name, h)
		}
	}
}

// TestBinaryReproReads records a conversation with -repro, to a file and to stdout, and
// checks that both read as tests that replay.
func TestBinaryReproReads(t *testing.T) {
	dir := t.TempDir()
	assetsPath := writeFile(t, dir, "two_questions.json", mustRead(t, filepath.Join("..", "..", "testdata", "flows", "two_questions.json")))

	testPath := filepath.Join(dir, "two_questions.test.json")
	res := runBinary(t, "mango\n3\n", "run", "-repro", testPath, assetsPath)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stdout, "<- Thanks! 3 x Mango")
	res = runBinary(t, "", "test", "-update", testPath)
	require.Equal(t, 0, res.code, res.stdout)
	res = runBinary(t, "", "test", testPath)
	assert.Equal(t, 0, res.code, res.stdout)
	assert.Contains(t, res.stdout, "1 passed, 0 failed")

	res = runBinary(t, "papaya\n", "run", "-repro", "-", assetsPath)
	require.Equal(t, 0, res.code, res.stderr)
	assert.Contains(t, res.stderr, "<- Papaya, good choice.")
	var tc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &tc), "stdout holds only the test")
	assert.Contains(t, string(tc["resumes"]), `"text": "papaya"`)
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(data)
}
