package definition_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/flows/definition"
)

// sizedFlow is a valid flow of n nodes, each with actions send_msg actions.
func sizedFlow(n, actions int) []byte {
	var nodes []any
	for i := 0; i < n; i++ {
		var as []any
		for j := 0; j < actions; j++ {
			as = append(as, map[string]any{"uuid": fmt.Sprintf("00000000-1111-4000-8000-%06d%06d", i, j), "type": "send_msg", "text": "hi"})
		}
		nodes = append(nodes, map[string]any{"uuid": fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "actions": as,
			"exits": []any{map[string]any{"uuid": fmt.Sprintf("00000000-2222-4000-8000-%012d", i)}}})
	}
	data, _ := json.Marshal(map[string]any{"uuid": "6f0a9d4b-54c5-4b63-9c4e-1a3f06c0f6a1", "name": "Sized", "spec_version": "14.4.2",
		"language": "eng", "type": "messaging", "revision": 1, "expire_after_minutes": 60, "localization": map[string]any{}, "nodes": nodes})
	return data
}

// TestFlowSizeLimits: MaxNodes nodes and MaxActionsPerNode actions read, one more is refused.
func TestFlowSizeLimits(t *testing.T) {
	if definition.MaxNodes != 1000 || definition.MaxActionsPerNode != 100 || definition.MaxExitsPerNode != 100 {
		t.Fatal("a flow size limit changed: update docs/security.md and this test")
	}
	if _, err := definition.ReadFlow(sizedFlow(definition.MaxNodes, 1)); err != nil {
		t.Errorf("%d nodes: %v", definition.MaxNodes, err)
	}
	if _, err := definition.ReadFlow(sizedFlow(definition.MaxNodes+1, 1)); err == nil || !strings.Contains(err.Error(), "1000") {
		t.Errorf("%d nodes: %v", definition.MaxNodes+1, err)
	}
	if _, err := definition.ReadFlow(sizedFlow(1, definition.MaxActionsPerNode)); err != nil {
		t.Errorf("%d actions: %v", definition.MaxActionsPerNode, err)
	}
	if _, err := definition.ReadFlow(sizedFlow(1, definition.MaxActionsPerNode+1)); err == nil || !strings.Contains(err.Error(), "100") {
		t.Errorf("%d actions: %v", definition.MaxActionsPerNode+1, err)
	}
}
