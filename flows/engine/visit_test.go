package engine_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/engine/enginetest"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOnVisit replays the two questions test and checks that OnVisit hears each arrival
// and each exit, with the category the router picked.
func TestOnVisit(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "flows")
	src, err := static.LoadSource(filepath.Join(dir, "two_questions.json"))
	require.NoError(t, err)
	sa := engine.NewAssets(src.Collection())
	data, err := os.ReadFile(filepath.Join(dir, "two_questions.test.json"))
	require.NoError(t, err)
	var tc struct {
		Contact json.RawMessage   `json:"contact"`
		Trigger json.RawMessage   `json:"trigger"`
		Resumes []json.RawMessage `json:"resumes"`
	}
	require.NoError(t, json.Unmarshal(data, &tc))

	var visits []engine.Visit
	opts := enginetest.ReplayOptions(nil)
	opts.OnVisit = func(v engine.Visit) { visits = append(visits, v) }
	eng := engine.New(opts)
	settings, err := envs.ReadSettings(nil)
	require.NoError(t, err)
	contact, err := flows.ReadContact(sa.Collection, tc.Contact, nil)
	require.NoError(t, err)
	trigger, err := triggers.Read(tc.Trigger)
	require.NoError(t, err)
	session, _, err := eng.NewSession(context.Background(), sa, settings, contact, trigger, nil)
	require.NoError(t, err)
	for _, raw := range tc.Resumes {
		resume, err := resumes.Read(raw)
		require.NoError(t, err)
		_, err = session.Resume(context.Background(), resume)
		require.NoError(t, err)
	}
	require.NotEmpty(t, visits)

	flow, err := sa.Flow(visits[0].FlowUUID)
	require.NoError(t, err)
	assert.Equal(t, engine.Visit{FlowUUID: flow.UUID, NodeUUID: flow.Nodes[0].UUID}, visits[0], "the first visit is the arrival at the first node")
	arrivals, exits := 0, 0
	for _, v := range visits {
		node := flow.Node(v.NodeUUID)
		require.NotNil(t, node)
		if v.ExitUUID == "" {
			arrivals++
			continue
		}
		exits++
		exit := node.Exit(v.ExitUUID)
		require.NotNil(t, exit, "the exit is the node's")
		if node.Router != nil {
			cat := node.Router.Category(v.CategoryUUID)
			require.NotNil(t, cat, "the category is the router's")
			assert.Equal(t, exit.UUID, cat.ExitUUID)
		} else {
			assert.Equal(t, utils.UUID(""), v.CategoryUUID)
		}
	}
	assert.Equal(t, arrivals, exits, "every node arrived at was left in a completed session")
}
