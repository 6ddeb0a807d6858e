package definition_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/utils/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// flowJSON builds a small valid flow, letting each case break one part of it.
func flowJSON(t *testing.T, edit func(f map[string]any)) []byte {
	f := map[string]any{
		"uuid": "6f0a9d4b-54c5-4b63-9c4e-1a3f06c0f6a1", "name": "Tiny", "spec_version": "14.4.2",
		"language": "eng", "type": "messaging",
		"nodes": []any{
			map[string]any{
				"uuid":    "b1c1f2a4-3e0a-4b57-93a6-9c0d5f2e8a11",
				"actions": []any{map[string]any{"uuid": "0d2c6f4e-7f6b-4a51-8b0a-2b1f2c3d4e5f", "type": "send_msg", "text": "Hello"}},
				"router": map[string]any{
					"type": "switch", "operand": "@input.text",
					"wait":                  map[string]any{"type": "msg"},
					"categories":            []any{map[string]any{"uuid": "9a7e3c1d-1b2c-4d5e-8f90-a1b2c3d4e5f6", "name": "All", "exit_uuid": "c3d4e5f6-a7b8-4c9d-8e0f-112233445566"}},
					"default_category_uuid": "9a7e3c1d-1b2c-4d5e-8f90-a1b2c3d4e5f6",
				},
				"exits": []any{map[string]any{"uuid": "c3d4e5f6-a7b8-4c9d-8e0f-112233445566"}},
			},
		},
	}
	if edit != nil {
		edit(f)
	}
	b, err := json.Marshal(f)
	require.NoError(t, err)
	return b
}

func node0(f map[string]any) map[string]any { return f["nodes"].([]any)[0].(map[string]any) }

func TestReadFlowRefusals(t *testing.T) {
	tcs := []struct {
		name string
		edit func(f map[string]any)
		want string
	}{
		{"valid", nil, ""},
		{"bad uuid", func(f map[string]any) { f["uuid"] = "nope" }, "field 'uuid' is not a valid UUID: 'nope'"},
		{"no name", func(f map[string]any) { f["name"] = " " }, "field 'name' is required"},
		{"long name", func(f map[string]any) { f["name"] = strings.Repeat("x", 65) }, "field 'name' must be less than or equal to 64"},
		{"no language", func(f map[string]any) { delete(f, "language") }, "field 'language' is required"},
		{"base language", func(f map[string]any) { f["language"] = "base" }, "field 'language' has invalid value 'base'"},
		{"bad type", func(f map[string]any) { f["type"] = "telepathy" }, "field 'type' has invalid value 'telepathy'"},
		{"duplicate action", func(f map[string]any) {
			n := node0(f)
			n["actions"] = append(n["actions"].([]any), map[string]any{"uuid": "0d2c6f4e-7f6b-4a51-8b0a-2b1f2c3d4e5f", "type": "send_msg", "text": "Again"})
		}, "action UUID 0d2c6f4e-7f6b-4a51-8b0a-2b1f2c3d4e5f isn't unique"},
		{"duplicate exit", func(f map[string]any) {
			n := node0(f)
			n["exits"] = append(n["exits"].([]any), map[string]any{"uuid": "c3d4e5f6-a7b8-4c9d-8e0f-112233445566"})
		}, "exit UUID c3d4e5f6-a7b8-4c9d-8e0f-112233445566 isn't unique"},
		{"null node", func(f map[string]any) { f["nodes"] = append(f["nodes"].([]any), nil) }, "field 'nodes[1]' is null"},
		{"no exits", func(f map[string]any) { node0(f)["exits"] = []any{} }, "field 'exits' must have a minimum of 1 item"},
		{"null exit", func(f map[string]any) { node0(f)["exits"] = append(node0(f)["exits"].([]any), nil) }, "field 'exits[1]' is null"},
		{"unknown destination", func(f map[string]any) {
			node0(f)["exits"].([]any)[0].(map[string]any)["destination_uuid"] = "7e1d5c2b-0a9f-4e8d-b7c6-5a4b3c2d1e0f"
		}, "7e1d5c2b-0a9f-4e8d-b7c6-5a4b3c2d1e0f"},
		{"unknown action", func(f map[string]any) { node0(f)["actions"].([]any)[0].(map[string]any)["type"] = "teleport" }, "unknown action type: 'teleport'"},
		{"action not for voice", func(f map[string]any) { f["type"] = "messaging_background" }, "messaging_background"},
		{"bad language", func(f map[string]any) { f["localization"] = map[string]any{"vvv": map[string]any{}} }, "vvv"},
		{"too many nodes", func(f map[string]any) {
			nodes := make([]any, definition.MaxNodes+1)
			for i := range nodes {
				nodes[i] = node0(f)
			}
			f["nodes"] = nodes
		}, "1000"},
		{"newer spec", func(f map[string]any) { f["spec_version"] = "99.0.0" }, "99.0.0"},
	}
	for _, tc := range tcs {
		t.Run(tc.name, func(t *testing.T) {
			_, err := definition.ReadFlow(flowJSON(t, tc.edit))
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestReadFlowKeepsParts(t *testing.T) {
	f, err := definition.ReadFlow(flowJSON(t, func(f map[string]any) {
		f["localization"] = map[string]any{"spa": map[string]any{
			"0d2c6f4e-7f6b-4a51-8b0a-2b1f2c3d4e5f": map[string]any{"text": []any{"Hola"}, "_ui": map[string]any{"auto": true}},
		}}
	}))
	require.NoError(t, err)
	assert.Equal(t, "Tiny", f.Name)
	require.Len(t, f.Nodes, 1)
	assert.Equal(t, "send_msg", f.Nodes[0].Actions[0].Type())
	texts, ok := f.Localization.Texts("spa", "0d2c6f4e-7f6b-4a51-8b0a-2b1f2c3d4e5f", "text")
	assert.True(t, ok)
	assert.Equal(t, []string{"Hola"}, texts)
	assert.NotNil(t, f.Node("b1c1f2a4-3e0a-4b57-93a6-9c0d5f2e8a11"))
}

// TestReadRecordedFlows reads every flow of the recorded sessions, migrating older ones.
func TestReadRecordedFlows(t *testing.T) {
	dir := testutil.ConformancePath(t, "runner")
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	read := 0
	for _, path := range files {
		if strings.Count(filepath.Base(path), ".") > 1 {
			continue // a test file, not an assets file
		}
		src, err := static.LoadSource(path)
		require.NoError(t, err, path)
		for _, fa := range src.Flows() {
			_, err := definition.ReadFlow(fa.Definition)
			assert.NoError(t, err, fmt.Sprintf("%s: %s", filepath.Base(path), fa.Name))
			read++
		}
	}
	assert.Greater(t, read, 30)
}
