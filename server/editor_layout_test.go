package server

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEditorLayout(t *testing.T) {
	// a split into two branches that meet again, and a node no exit reaches
	def := `{"uuid": "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd", "nodes": [
	 {"uuid": "a0000000-0000-4000-8000-000000000001", "actions": [{"type": "send_msg"}], "router": {"type": "switch", "operand": "@input.text", "wait": {"type": "msg"}, "categories": [{}, {}]},
	  "exits": [{"destination_uuid": "a0000000-0000-4000-8000-000000000002"}, {"destination_uuid": "a0000000-0000-4000-8000-000000000003"}]},
	 {"uuid": "a0000000-0000-4000-8000-000000000002", "actions": [{"type": "call_webhook"}], "router": {"type": "switch", "operand": "@webhook.status", "categories": [{}]}, "exits": [{"destination_uuid": "a0000000-0000-4000-8000-000000000004"}]},
	 {"uuid": "a0000000-0000-4000-8000-000000000003", "actions": [], "router": {"type": "random", "categories": [{}, {}, {}, {}, {}]}, "exits": [{"destination_uuid": "a0000000-0000-4000-8000-000000000004"}]},
	 {"uuid": "a0000000-0000-4000-8000-000000000004", "actions": [{"type": "send_msg"}, {"type": "add_input_labels"}], "exits": [{}]},
	 {"uuid": "a0000000-0000-4000-8000-000000000005", "actions": [{"type": "enter_flow"}], "router": {"type": "switch", "operand": "@child.status", "categories": [{}]}, "exits": [{}]}]}`
	out, err := withLayout(json.RawMessage(def))
	require.NoError(t, err)
	var f struct {
		UI struct {
			Nodes map[string]struct {
				Position struct{ Left, Top int }
				Type     string
			}
		} `json:"_ui"`
	}
	require.NoError(t, json.Unmarshal(out, &f))
	n := f.UI.Nodes
	require.Len(t, n, 5)
	id := func(i int) string { return "a0000000-0000-4000-8000-00000000000" + string(rune('0'+i)) }
	assert.Equal(t, "wait_for_response", n[id(1)].Type)
	assert.Equal(t, "split_by_webhook", n[id(2)].Type)
	assert.Equal(t, "split_by_random", n[id(3)].Type)
	assert.Equal(t, "execute_actions", n[id(4)].Type)
	assert.Equal(t, "split_by_subflow", n[id(5)].Type)
	// rows by distance from the start; the two branches side by side, not overlapping
	assert.Less(t, n[id(1)].Position.Top, n[id(2)].Position.Top)
	assert.Equal(t, n[id(2)].Position.Top, n[id(3)].Position.Top)
	assert.GreaterOrEqual(t, n[id(3)].Position.Left-n[id(2)].Position.Left, 300)
	assert.Less(t, n[id(3)].Position.Top, n[id(4)].Position.Top)
	assert.Less(t, n[id(4)].Position.Top, n[id(5)].Position.Top, "an unreached node goes below the rest")

	// nodes already placed keep their place; only the others are placed, below them
	var m map[string]any
	require.NoError(t, json.Unmarshal(out, &m))
	ui := m["_ui"].(map[string]any)["nodes"].(map[string]any)
	delete(ui, id(4))
	ui[id(1)].(map[string]any)["position"] = map[string]any{"left": 500, "top": 900}
	again, _ := json.Marshal(m)
	out, err = withLayout(again)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(out, &f))
	assert.Equal(t, 500, f.UI.Nodes[id(1)].Position.Left)
	assert.Equal(t, 900, f.UI.Nodes[id(1)].Position.Top)
	assert.Greater(t, f.UI.Nodes[id(4)].Position.Top, 900)

	// a laid-out flow comes back as it was
	same, err := withLayout(out)
	require.NoError(t, err)
	assert.JSONEq(t, string(out), string(same))
}

func TestEditorLayoutOddUI(t *testing.T) {
	// a _ui the editor didn't write (wrong types) is replaced where it can't be read
	for _, ui := range []string{`{"nodes": {"a0000000-0000-4000-8000-000000000001": 5}}`, `{"nodes": 3}`, `[]`, `"x"`} {
		def := `{"uuid": "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd", "_ui": ` + ui + `, "nodes": [{"uuid": "a0000000-0000-4000-8000-000000000001", "actions": [], "exits": [{}]}]}`
		out, err := withLayout(json.RawMessage(def))
		require.NoError(t, err, ui)
		assert.Contains(t, string(out), `"position":{"left":40,"top":40}`, ui)
	}
}
