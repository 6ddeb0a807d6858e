package main

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flowFolders are the folders of flows the author commands must work on: the project's own
// and, when it is there, the conformance runner cases.
func flowFolders(t *testing.T) []string {
	folders := []string{filepath.Join("..", "..", "testdata", "flows")}
	shared := filepath.Join("..", "..", "..", "shared", "conformance", "runner")
	if _, err := os.Stat(shared); err == nil {
		folders = append(folders, shared)
	} else {
		t.Logf("skipping %s: %s", shared, err)
	}
	return folders
}

// assetsFiles lists the assets files of a folder (the JSON files that are not tests).
func assetsFiles(t *testing.T, dir string) []string {
	matches, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	var out []string
	for _, m := range matches {
		if _, isTest := asTest(m); !isTest {
			out = append(out, m)
		}
	}
	return out
}

// flowNames lists the UUIDs of the flows of an assets file.
func flowUUIDs(t *testing.T, path string) []string {
	src, err := loadSource(path)
	require.NoError(t, err)
	var out []string
	for _, f := range src.Flows() {
		out = append(out, string(f.UUID))
	}
	return out
}

// wellFormedXML reports whether s reads as XML from start to end.
func wellFormedXML(s string) error {
	dec := xml.NewDecoder(strings.NewReader(s))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// TestGraphEveryFlow draws every flow of testdata/ and of the conformance runner cases in
// each format, and each test's path over its flow.
func TestGraphEveryFlow(t *testing.T) {
	dot, _ := exec.LookPath("dot") // Graphviz, when installed, must read every DOT file
	if dot == "" {
		t.Log("Graphviz (dot) not installed: DOT output is checked for its start only")
	}
	for _, dir := range flowFolders(t) {
		for _, assetsPath := range assetsFiles(t, dir) {
			for _, uuid := range flowUUIDs(t, assetsPath) {
				for _, format := range []string{"svg", "dot", "mermaid"} {
					var stdout, stderr bytes.Buffer
					code := run([]string{"graph", "-format", format, assetsPath, uuid}, nil, &stdout, &stderr)
					if !assert.Equal(t, 0, code, "%s %s %s: %s", assetsPath, uuid, format, stderr.String()) {
						continue
					}
					switch format {
					case "svg":
						assert.NoError(t, wellFormedXML(stdout.String()), "%s %s", assetsPath, uuid)
					case "dot":
						assert.True(t, strings.HasPrefix(stdout.String(), "digraph "), assetsPath)
						if dot != "" {
							cmd := exec.Command(dot, "-Tsvg", "-o", os.DevNull)
							cmd.Stdin = strings.NewReader(stdout.String())
							out, err := cmd.CombinedOutput()
							assert.NoError(t, err, "%s %s: Graphviz refuses the DOT: %s", assetsPath, uuid, out)
						}
					case "mermaid":
						assert.Contains(t, stdout.String(), "flowchart TD\n", assetsPath)
					}
				}
			}
		}
		tests, err := findTests([]string{dir})
		require.NoError(t, err)
		for _, gt := range tests {
			var stdout, stderr bytes.Buffer
			code := run([]string{"graph", "-session", gt.Path, gt.Assets}, nil, &stdout, &stderr)
			if assert.Equal(t, 0, code, "%s: %s", gt.Path, stderr.String()) {
				assert.NoError(t, wellFormedXML(stdout.String()), gt.Path)
			}
		}
	}
}

// TestGraphLayoutNoOverlaps checks on every flow that boxes don't overlap and that arrows
// going down the layers go down.
func TestGraphLayoutNoOverlaps(t *testing.T) {
	for _, dir := range flowFolders(t) {
		for _, assetsPath := range assetsFiles(t, dir) {
			src, err := loadSource(assetsPath)
			require.NoError(t, err)
			sa := newAssets(src)
			for _, f := range src.Flows() {
				flow, err := sa.Flow(f.UUID)
				if err != nil {
					continue // flows that don't read are drawn by nobody; check reports them
				}
				g := newFlowGraph(flow, nil)
				lay := layout(g)
				for i, a := range g.Nodes {
					for _, b := range g.Nodes[i+1:] {
						overlap := a.x < b.x+b.w && b.x < a.x+a.w && a.y < b.y+b.h && b.y < a.y+a.h
						assert.False(t, overlap, "%s %s: %s and %s overlap", assetsPath, f.Name, a.UUID, b.UUID)
					}
					assert.GreaterOrEqual(t, a.x, 0.0)
					assert.LessOrEqual(t, a.x+a.w, lay.width)
					assert.LessOrEqual(t, a.y+a.h, lay.height)
				}
				for _, e := range lay.edges {
					if !e.back {
						assert.Less(t, e.from.y, e.to.y, "%s %s: forward arrow goes down", assetsPath, f.Name)
					}
				}
			}
		}
	}
}
