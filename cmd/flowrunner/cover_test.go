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

func TestTestCover(t *testing.T) {
	dir := t.TempDir()
	flowsDir := filepath.Join("..", "..", "testdata", "flows")
	twoQ := filepath.Join(flowsDir, "two_questions.json")
	greeting := filepath.Join("..", "..", "docs", "examples", "greeting.json")
	report := filepath.Join(dir, "cover.html")

	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"test", "-cover", twoQ}, nil, &stdout, &stderr), stderr.String())
	assert.Contains(t, stdout.String(), `COVER `+twoQ+` "Two Questions": nodes 3/3, categories 3/6, exits 4/7 (66.7%)`)
	assert.True(t, strings.HasSuffix(stdout.String(), "coverage: nodes 3/3, categories 3/6, exits 4/7 (66.7% of nodes and categories)\n"))

	stdout.Reset()
	require.Equal(t, 0, run([]string{"test", "-cover", "-v", greeting}, nil, &stdout, &stderr))
	for _, want := range []string{
		"nodes 2/3, categories 1/3, exits 2/5 (50.0%)",
		"    category 'No Response' of node a0000000-0000-4000-8000-000000000001 never taken",
		"    node a0000000-0000-4000-8000-000000000003 (send_msg: No worries, we can talk later.) not visited",
	} {
		assert.Contains(t, stdout.String(), want)
	}

	// -cover-min fails under the bar, passes at it
	stdout.Reset()
	stderr.Reset()
	assert.Equal(t, 1, run([]string{"test", "-cover-min", "66.8", twoQ}, nil, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "flowrunner: coverage 66.7% is under -cover-min 66.8%")
	assert.Contains(t, stdout.String(), "1 passed, 0 failed")
	assert.Equal(t, 0, run([]string{"test", "-cover-min", "66", twoQ}, nil, &stdout, &stderr))
	stderr.Reset()
	assert.Equal(t, 2, run([]string{"test", "-cover-min", "101", twoQ}, nil, &stdout, &stderr))
	assert.Contains(t, stderr.String(), "flag -cover-min must be between 0 and 100, not 101")

	// the report marks what wasn't visited
	stdout.Reset()
	require.Equal(t, 0, run([]string{"test", "-cover-report", report, greeting}, nil, &stdout, &stderr))
	data, err := os.ReadFile(report)
	require.NoError(t, err)
	page := string(data)
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>"))
	assert.Contains(t, page, "<li>category &#39;Other&#39; of node a0000000-0000-4000-8000-000000000001 never taken</li>")
	assert.Contains(t, page, `stroke="#dc2626"`, "unvisited things are drawn in red")
	assert.Contains(t, page, ">not visited</text>")
	assert.Equal(t, 1, strings.Count(page, "<svg "))
	assert.NoError(t, wellFormedXML(page[strings.Index(page, "<svg "):strings.Index(page, "</svg>")+len("</svg>")]))
}

// TestTestCoverEveryFlow computes the coverage of the tests of testdata/ and of the
// conformance runner cases: every flow of their assets files gets a line.
func TestTestCoverEveryFlow(t *testing.T) {
	for _, dir := range flowFolders(t) {
		var stdout, stderr bytes.Buffer
		run([]string{"test", "-cover", "-cover-report", filepath.Join(t.TempDir(), "r.html"), dir}, nil, &stdout, &stderr)
		assert.Empty(t, stderr.String())
		tests, err := findTests([]string{dir})
		require.NoError(t, err)
		seen := map[string]bool{}
		for _, gt := range tests {
			if seen[gt.Assets] {
				continue
			}
			seen[gt.Assets] = true
			src, err := loadSource(gt.Assets)
			require.NoError(t, err)
			for _, f := range src.Flows() {
				if _, err := newAssets(src).Flow(f.UUID); err != nil {
					continue
				}
				assert.Contains(t, stdout.String(), "COVER "+gt.Assets+" \""+f.Name+"\": nodes ", gt.Assets)
			}
		}
		assert.Contains(t, stdout.String(), "\ncoverage: nodes ")
	}
}
