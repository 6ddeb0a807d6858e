package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browserSkip says why the browser test can't run here (nothing when it can): it needs
// node, Chromium and web/editor's packages with playwright-core (npm ci --prefix
// web/editor; .ci/run installs them, Debian's chromium too).
func browserSkip() string {
	if _, err := exec.LookPath("node"); err != nil {
		return "node is not installed"
	}
	if _, err := os.Stat(chromiumPath()); err != nil {
		return "Chromium is not at " + chromiumPath() + " (apt-get install chromium, or set CHROMIUM)"
	}
	if _, err := os.Stat(filepath.Join(editorDir, "node_modules", "playwright-core", "package.json")); err != nil {
		return "playwright-core is not installed in " + editorDir + " (npm ci --prefix web/editor)"
	}
	return ""
}

func chromiumPath() string {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// browserStep is one step web/editor/browser/editor_check.js reports.
type browserStep struct {
	Name     string `json:"name"`
	Rendered int    `json:"rendered"`
	Status   int    `json:"status"`
	Before   int    `json:"before"`
	After    int    `json:"after"`
	Reply    string `json:"reply"`
	Text     string `json:"text"`
	Shot     string `json:"shot"`
}

// TestEditorInBrowser opens the editor on two_questions.json in headless Chromium, as a
// person would: logs in with the token, sees the nodes, adds a node by dragging from an
// exit and saves it, then converses with the flow in the simulator to its end. The
// screenshots of each step go to RIVULET_EDITOR_SHOTS (a temporary folder by default).
func TestEditorInBrowser(t *testing.T) {
	editorInstalled(t)
	if why := browserSkip(); why != "" {
		t.Skipf("no browser test: %s", why)
	}
	h, _ := newEditorHarness(t, editorDir)
	uploadTwoQuestions(t, h)

	shots := os.Getenv("RIVULET_EDITOR_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if abs, err := filepath.Abs(shots); err == nil {
		shots = abs
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))
	nodes := []string{"37c59faf-a98a-4f39-964c-7524a460fd11", "b4fd87f4-bd5b-49f2-aee5-0c4b661a07d4", "008d0d54-a2d0-46a0-83d7-80d12f52f807"}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", filepath.Join("browser", "editor_check.js"))
	cmd.Dir = editorDir
	cmd.Env = append(os.Environ(),
		"EDITOR_URL="+h.base+"/editor/flow/"+twoQuestionsUUID,
		"EDITOR_TOKEN="+h.token,
		"EDITOR_NODES="+strings.Join(nodes, ","),
		// the last node's exit leads nowhere: a node dragged from it is added after it
		"EDITOR_EXIT=008d0d54-a2d0-46a0-83d7-80d12f52f807:bba3ed79-fe12-41fa-9267-d3778e1c6b47",
		"EDITOR_REPLIES=mango|3|see you",
		"EDITOR_SHOTS="+shots,
		"EDITOR_PROFILE="+t.TempDir(),
		"CHROMIUM="+chromiumPath(),
	)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var res struct {
		OK          bool          `json:"ok"`
		Error       string        `json:"error"`
		LaunchError string        `json:"launchError"`
		Steps       []browserStep `json:"steps"`
		Console     []string      `json:"console"`
	}
	require.NoError(t, json.Unmarshal([]byte(lines[len(lines)-1]), &res), "browser script said: %s\n%s", stdout.String(), stderr.String())
	if res.LaunchError != "" {
		t.Skipf("no browser test: Chromium at %s doesn't start here: %s", chromiumPath(), strings.SplitN(res.LaunchError, "\n", 2)[0])
	}
	t.Logf("screenshots in %s; browser console errors: %q", shots, res.Console)
	require.True(t, res.OK, "browser script failed (%v): %s\n%s", runErr, res.Error, stderr.String())
	steps := map[string]browserStep{}
	for _, s := range res.Steps {
		steps[s.Name] = s
		if s.Shot != "" {
			assert.FileExists(t, s.Shot)
		}
	}

	// the three nodes rendered, a fourth added and saved as revision 2
	assert.GreaterOrEqual(t, steps["loaded"].Rendered, len(nodes))
	saved := steps["saved"]
	assert.Equal(t, 200, saved.Status)
	assert.Equal(t, saved.Before+1, saved.After, "one exit more on the canvas")
	revs := h.ok("GET", "/flows/"+twoQuestionsUUID+"/revisions", nil)["revisions"].([]any)
	require.GreaterOrEqual(t, len(revs), 2, "the save stored a revision")
	latest := revs[0].(map[string]any)
	assert.Equal(t, float64(len(revs)), latest["revision"])
	def := latest["definition"].(map[string]any)
	assert.Len(t, def["nodes"], 4, "the new node reads back")
	assert.Len(t, get(def, "_ui", "nodes"), 4, "with its place on the canvas")
	var dest any
	for _, n := range def["nodes"].([]any) {
		if get(n, "uuid") == nodes[2] {
			dest = get(n, "exits", 0, "destination_uuid")
		}
	}
	assert.NotEmpty(t, dest, "the dragged exit leads to the new node")
	assert.NotContains(t, nodes, dest)

	// the simulator conversation, on Rivulet, to the end
	assert.Contains(t, steps["sim-start"].Text, "Hello ! What is your favourite fruit? (mango/papaya)")
	assert.Contains(t, steps["sim-start"].Text, "Waiting for reply")
	assert.Contains(t, steps["sim-reply-1"].Text, `Set result "Fruit" to "mango"`)
	assert.Contains(t, steps["sim-reply-1"].Text, "Mango, good choice. How many would you like?")
	assert.Contains(t, steps["sim-reply-2"].Text, `Set result "Quantity" to "3"`)
	assert.Contains(t, steps["sim-reply-2"].Text, `Set contact "Order Size" to "3"`)
	assert.Contains(t, steps["sim-reply-2"].Text, "Thanks! 3 x Mango = 6 coins.")
	end := steps["sim-end"].Text
	assert.Contains(t, end, "see you")
	assert.Contains(t, end, `Set result "Result 1" to "see you"`, "the node added in the browser runs in the simulator")
	assert.Contains(t, end, `Exited flow "Two Questions"`)
	assert.NotContains(t, end, "Server error")

	// the revisions tab lists both revisions, by the workspace
	assert.Equal(t, 200, steps["revisions"].Status)
	assert.Contains(t, steps["revisions"].Text, "Acme")
	assert.Contains(t, steps["revisions"].Text, "current")
	assert.Contains(t, steps["login"].Shot, "00-login")
}
