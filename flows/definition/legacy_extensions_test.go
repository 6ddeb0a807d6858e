package definition_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/utils"
)

// TestLegacyExtensions checks the legacy exports Rivulet reads beyond what the established
// engine accepts keep reading: action sets without exit UUIDs (one is made), the `api`
// action (a call_webhook) and groups named by id and name only (matched by name).
func TestLegacyExtensions(t *testing.T) {
	legacy := `{"version": "10", "flow_type": "F", "base_language": "eng",
		"metadata": {"uuid": "3c1f7a52-9d1e-4b6a-8f3e-2d4c5b6a7f01", "name": "Old Export"},
		"entry": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c01",
		"action_sets": [
			{"uuid": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c01", "x": 0, "y": 0, "destination": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02",
			 "actions": [{"type": "api", "uuid": "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c01", "webhook": "http://example.com/hook?who=@contact.uuid", "action": "POST"}]},
			{"uuid": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c02", "x": 0, "y": 100,
			 "actions": [{"type": "add_group", "uuid": "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c02", "groups": [{"id": 12, "name": "Testers"}]}]}
		]}`
	gen := utils.NewSeededV7Generator(utils.NewSequentialClock(utils.ReplayStart, 1e9), 9)
	f, err := definition.ReadFlowWithUUIDs([]byte(legacy), gen)
	require.NoError(t, err)
	require.Len(t, f.Nodes, 2)

	first, second := f.Nodes[0], f.Nodes[1]
	assert.Equal(t, "call_webhook", first.Actions[0].Type())
	require.Len(t, first.Exits, 1)
	assert.True(t, utils.IsUUIDValid(string(first.Exits[0].UUID)), "a made exit UUID: %q", first.Exits[0].UUID)
	assert.Equal(t, second.UUID, first.Exits[0].DestinationUUID)
	assert.NotEqual(t, first.Exits[0].UUID, second.Exits[0].UUID)

	assert.Equal(t, "add_contact_groups", second.Actions[0].Type())
	b, err := json.Marshal(second.Actions[0])
	require.NoError(t, err)
	assert.Contains(t, string(b), `"name_match":"Testers"`)
}
