package engine_test

import (
	"testing"

	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestActionRuns checks the record of each action a sprint ran: ok, failed (an error
// event), and skipped after the sprint ran out of its event budget.
func TestActionRuns(t *testing.T) {
	flow := limitFlowJSON(0, "Records", []limitNode{
		{actions: []map[string]any{sendMsg("one"), {"type": "set_contact_field", "field": map[string]any{"key": "nope", "name": "Nope"}, "value": "x"}}, next: 1},
		{actions: []map[string]any{sendMsg("two"), sendMsg("three"), sendMsg("four")}, next: -1},
	})
	_, sp, err := startLimited(t, nil, flow)
	require.NoError(t, err)
	require.Len(t, sp.Actions, 5)
	assert.Equal(t, "send_msg", sp.Actions[0].Type)
	assert.Equal(t, engine.ActionOK, sp.Actions[0].Outcome)
	assert.Equal(t, "00000001-1111-4000-8000-000001000001", string(sp.Actions[0].ActionUUID))
	assert.Equal(t, "00000001-0000-4000-8000-000000000001", string(sp.Actions[0].NodeUUID))
	assert.Equal(t, "00000001-0000-4000-8000-0000000003e8", string(sp.Actions[0].FlowUUID))
	for _, a := range sp.Actions {
		assert.GreaterOrEqual(t, int64(a.Duration), int64(0))
	}
	assert.Equal(t, "set_contact_field", sp.Actions[1].Type)
	assert.Equal(t, engine.ActionFailed, sp.Actions[1].Outcome)
	assert.Equal(t, "Missing dependency: field[key=nope,name=Nope]", sp.Actions[1].Error)
	assert.Equal(t, engine.ActionOK, sp.Actions[4].Outcome)

	// a budget of 3 events: the start, two messages; the rest of the last node is skipped
	_, sp, err = startLimited(t, func(o *engine.Options) { o.Limits.MaxEventsPerSprint = 3 }, limitFlowJSON(0, "Records", []limitNode{
		{actions: []map[string]any{sendMsg("one"), sendMsg("two"), sendMsg("three"), sendMsg("four")}, next: -1},
	}))
	require.NoError(t, err)
	var outcomes []string
	for _, a := range sp.Actions {
		outcomes = append(outcomes, a.Outcome)
	}
	require.NotEmpty(t, outcomes)
	assert.Equal(t, engine.ActionSkipped, outcomes[len(outcomes)-1], "%v", outcomes)
	assert.Len(t, outcomes, 4)
	assert.Equal(t, engine.ActionOK, outcomes[0])
}
