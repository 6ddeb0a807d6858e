package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestCLI runs command lines through run(), as main does, checking exit codes and output.
func TestCLI(t *testing.T) {
	flowsDir := filepath.Join("..", "..", "testdata", "flows")
	twoQ := filepath.Join(flowsDir, "two_questions.json")
	tcs := []struct {
		name     string
		args     []string
		stdin    string
		code     int
		stdout   []string // substrings that must appear on stdout
		stderr   []string // substrings that must appear on stderr
		noStdout []string // substrings that must not appear on stdout
	}{
		{name: "no args", args: nil, code: 2, stderr: []string{"usage: flowrunner COMMAND"}},
		{name: "help", args: []string{"-h"}, code: 0, stderr: []string{"usage: flowrunner COMMAND", "test [-update]"}},
		{name: "unknown command", args: []string{"frobnicate"}, code: 2, stderr: []string{`unknown command "frobnicate"`}},
		{name: "test help", args: []string{"test", "-h"}, code: 0, stderr: []string{"usage: flowrunner test"}},
		{name: "test no paths", args: []string{"test"}, code: 2, stderr: []string{"usage: flowrunner test"}},
		{name: "test missing path", args: []string{"test", "nope/nothing"}, code: 2, stderr: []string{"nope/nothing"}},
		{name: "test folder", args: []string{"test", flowsDir}, code: 0, stdout: []string{"PASS ", "two_questions.test.json", " passed, 0 failed"}},
		{name: "test assets file", args: []string{"test", "-v", twoQ}, code: 0, stdout: []string{"sprints", "1 passed, 0 failed"}},
		{name: "run help", args: []string{"run", "-h"}, code: 0, stderr: []string{"usage: flowrunner run", "/timeout"}},
		{name: "run missing file", args: []string{"run", "nope.json"}, code: 2, stderr: []string{"nope.json"}},
		{name: "run unknown flow", args: []string{"run", twoQ, "Three Questions"}, code: 2, stderr: []string{"no flow with UUID or name 'Three Questions'"}},
		{
			name: "run piped", args: []string{"run", twoQ}, stdin: "papaya\n4\n", code: 0,
			stdout:   []string{"<- Hello Alex!", "[ Mango | Papaya ]", "> papaya", "result Fruit", "(Papaya)", "4 x Papaya", "-- session completed"},
			noStdout: []string{"\x1b["},
		},
		{
			name: "bare form with flags after", args: []string{twoQ, "-lang", "spa"}, stdin: "/quit\n", code: 0,
			stdout: []string{"<- Hola Alex!", "-- session waiting"},
		},
		{
			name: "run message trigger and commands", args: []string{"run", "-msg", "hello", twoQ}, stdin: "/bogus\n/timeout\n/expire\n", code: 0,
			stdout: []string{"-> hello", "unknown command /bogus", "No Response", "-- session"},
		},
		{name: "run bad lang", args: []string{"run", "-lang", "xx_yy", twoQ}, code: 2, stderr: []string{"'xx_yy'"}},
		{
			name: "run json", args: []string{"run", "-json", twoQ}, stdin: "", code: 0,
			stdout: []string{`"type":"run_started"`, `"type":"msg_wait"`}, noStdout: []string{"<- "},
		},
		{
			name: "run repro to stdout", args: []string{"run", "-repro", "-", twoQ}, stdin: "mango\n", code: 0,
			stdout: []string{`"trigger": {`, `"resumes": [`, `"text": "mango"`}, noStdout: []string{"<- Hello"},
			stderr: []string{"<- Hello Alex!"},
		},
		{name: "check no-response pattern", args: []string{"check", twoQ}, code: 0, stdout: []string{"(Two Questions): ok"}},
		{name: "check unreadable", args: []string{"check", "nope.json"}, code: 2, stderr: []string{"nope.json"}},
		{name: "replay", args: []string{"replay", twoQ, filepath.Join(flowsDir, "two_questions.test.json")}, code: 0, stdout: []string{`"outputs"`}},
		{name: "migrate current", args: []string{"migrate", twoQ}, code: 0, stdout: []string{`"spec_version": "14.4.2"`, `"name": "Two Questions"`}},
		{name: "migrate down refused", args: []string{"migrate", "-to", "13.0", twoQ}, code: 1, stderr: []string{"can't migrate flow of spec version 14.4.2 down to 13.0.0"}},
		{name: "migrate bad version", args: []string{"migrate", "-to", "x", twoQ}, code: 2, stderr: []string{`invalid spec version "x"`}},
		{name: "migrate help", args: []string{"migrate", "-h"}, code: 0, stderr: []string{"usage: flowrunner migrate"}},
		{name: "actions", args: []string{"actions"}, code: 0, stdout: []string{"send_msg"}},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, strings.NewReader(tc.stdin), &stdout, &stderr)
			assert.Equal(t, tc.code, code, "stdout: %s\nstderr: %s", stdout.String(), stderr.String())
			for _, s := range tc.stdout {
				assert.Contains(t, stdout.String(), s)
			}
			for _, s := range tc.noStdout {
				assert.NotContains(t, stdout.String(), s)
			}
			for _, s := range tc.stderr {
				assert.Contains(t, stderr.String(), s)
			}
			assert.NotContains(t, stderr.String(), "goroutine", "no stack traces")
		})
	}
}

// TestTestCommandShowsDiff edits a recorded expectation and checks that `flowrunner test`
// fails with a diff naming the sprint and the changed line, and that -update repairs it.
func TestTestCommandShowsDiff(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join("..", "..", "testdata", "flows")
	for _, name := range []string{"two_questions.json", "two_questions.test.json"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		assert.NoError(t, err)
		assert.NoError(t, os.WriteFile(filepath.Join(dir, name), data, 0o644))
	}
	// record with the engine as it is, then edit one expectation
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 0, run([]string{"test", "-update", dir}, nil, &stdout, &stderr))
	testPath := filepath.Join(dir, "two_questions.test.json")
	data, err := os.ReadFile(testPath)
	assert.NoError(t, err)
	data = bytes.Replace(data, []byte("How many would you like?"), []byte("How many do you want?"), 1)
	assert.NoError(t, os.WriteFile(testPath, data, 0o644))

	stdout.Reset()
	code := run([]string{"test", dir}, nil, &stdout, &stderr)
	assert.Equal(t, 1, code)
	out := stdout.String()
	assert.Contains(t, out, "FAIL ")
	assert.Contains(t, out, "sprint 1 differs:")
	assert.Contains(t, out, `-        "text": "Mango, good choice. How many do you want?",`)
	assert.Contains(t, out, `+        "text": "Mango, good choice. How many would you like?",`)
	assert.True(t, strings.HasSuffix(out, "0 passed, 1 failed\n"))

	stdout.Reset()
	assert.Equal(t, 0, run([]string{"test", "-update", dir}, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "UPDATED ")
	stdout.Reset()
	assert.Equal(t, 0, run([]string{"test", dir}, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "PASS ")
	assert.True(t, strings.HasSuffix(stdout.String(), "\n1 passed, 0 failed\n"))
}
