package server_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExactlyOnce checks the work a retry or a second worker could repeat: a message sent
// again with its external_id, and a flow start taken over from a worker that died.
func TestExactlyOnce(t *testing.T) {
	for name, backend := range backends(t) {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, backend(t))
			uploadTwoQuestions(t, h)
			ctx := context.Background()

			first := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000900", "text": "fruit", "external_id": "ext-1"})
			assert.Nil(t, first["duplicate"])
			assert.NotEmpty(t, first["events"])
			log := h.ok("GET", "/events?limit=1000", nil)
			again := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000900", "text": "fruit", "external_id": "ext-1"})
			assert.Equal(t, true, again["duplicate"])
			assert.Empty(t, again["events"])
			assert.Equal(t, "waiting", get(again, "session", "status"))
			assert.Equal(t, get(first, "contact", "uuid"), get(again, "contact", "uuid"))
			assert.Equal(t, log, h.ok("GET", "/events?limit=1000", nil), "a duplicate logs nothing")
			// another id is another message
			next := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000900", "text": "mango", "external_id": "ext-2"})
			assert.Equal(t, []string{"Mango, good choice. How many would you like?"}, texts(next))

			// a key is remembered for the dedupe window (7 days), then pruned: the same id is
			// a new message again
			h.clock.Advance(6 * 24 * time.Hour)
			n, err := h.srv.PruneSprintKeys(ctx)
			require.NoError(t, err)
			assert.Zero(t, n, "within the window")
			assert.Equal(t, true, h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000900", "text": "fruit", "external_id": "ext-1"})["duplicate"])
			h.clock.Advance(25 * time.Hour)
			n, err = h.srv.PruneSprintKeys(ctx)
			require.NoError(t, err)
			assert.Equal(t, 2, n, "ext-1 and ext-2, past the window")
			rerun := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000900", "text": "3", "external_id": "ext-1"})
			assert.Nil(t, rerun["duplicate"])
			assert.NotEmpty(t, rerun["events"])

			// a channel event sent again with its external_id runs once too; its ids are not
			// the messages' ids
			h.ok("POST", "/triggers", map[string]any{"type": "new_conversation", "flow": twoQuestionsUUID})
			ev := h.ok("POST", "/channel_events", map[string]any{"type": "new_conversation", "urn": "tel:+250788000910", "external_id": "ext-1"})
			assert.Nil(t, ev["duplicate"])
			assert.Equal(t, "waiting", get(ev, "session", "status"))
			evAgain := h.ok("POST", "/channel_events", map[string]any{"type": "new_conversation", "urn": "tel:+250788000910", "external_id": "ext-1"})
			assert.Equal(t, true, evAgain["duplicate"])
			assert.Empty(t, evAgain["events"])
			assert.Equal(t, get(ev, "session", "uuid"), get(evAgain, "session", "uuid"), "the first session still waits, not interrupted by a second start")
			status, p := h.api("POST", "/channel_events", map[string]any{"type": "new_conversation", "urn": "tel:+250788000910", "external_id": strings.Repeat("x", 256)})
			assert.Equal(t, 422, status)
			assert.Equal(t, "external_id", p["field"])

			status, p = h.api("POST", "/messages", map[string]any{"urn": "tel:+250788000900", "text": "x", "external_id": strings.Repeat("x", 256)})
			assert.Equal(t, 422, status)
			assert.Contains(t, p["detail"], "field 'external_id'")

			// a flow start whose worker died before listing its contacts, and after starting
			// one of them (its key is stored): the worker taking it over lists them, runs the
			// batches, and starts that contact no second time
			ws, err := h.st.WorkspaceByToken(ctx, server.HashToken(h.token))
			require.NoError(t, err)
			urns := []string{"tel:+250788000901", "tel:+250788000902", "tel:+250788000903"}
			var cus []string
			for _, u := range urns {
				c := h.ok("POST", "/contacts", map[string]any{"urns": []string{u}})
				cus = append(cus, get(c, "contact", "uuid").(string))
			}
			fsUUID := uuid.NewString()
			past := h.clock.Now().Add(-time.Second)
			req, _ := json.Marshal(map[string]any{"flow": twoQuestionsUUID, "urns": urns})
			require.NoError(t, h.st.CreateFlowStart(ctx, ws.ID, &store.FlowStart{UUID: fsUUID, FlowUUID: twoQuestionsUUID, Status: "pending",
				Request: req, CreatedOn: past, ModifiedOn: past, LeaseUntil: &past}))
			require.NoError(t, h.st.Sprint(ctx, ws.ID, cus[1], func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
				return &store.SprintWrite{Keys: []string{"flow_start:" + fsUUID + ":" + cus[1]}}, nil
			}))

			n, err = h.srv.ResumeFlowStarts(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, n)
			h.srv.Drain()
			n, err = h.srv.ResumeFlowStarts(ctx)
			require.NoError(t, err)
			assert.Equal(t, 0, n, "a start split into batches is not claimed again")
			got := h.ok("GET", "/flow_starts/"+fsUUID, nil)
			assert.Equal(t, "completed", get(got, "flow_start", "status"))
			assert.Equal(t, float64(3), get(got, "flow_start", "total"))
			assert.Equal(t, float64(3), get(got, "flow_start", "started"), "the contact started before counts as started")
			assert.Equal(t, float64(0), get(got, "flow_start", "failed"))
			for i, cu := range cus {
				status, _ := h.api("GET", "/contacts/"+cu+"/session", nil)
				if i == 1 {
					assert.Equal(t, 404, status, "the contact whose key was stored is not started again")
				} else {
					assert.Equal(t, 200, status)
				}
			}
			// a batch whose worker died holding it is claimed once its lease ends, and run
			// again without starting anybody twice
			fs2 := uuid.NewString()
			req2, _ := json.Marshal(map[string]any{"flow": twoQuestionsUUID, "contacts": cus})
			require.NoError(t, h.st.CreateFlowStart(ctx, ws.ID, &store.FlowStart{UUID: fs2, FlowUUID: twoQuestionsUUID, Status: "pending",
				Request: req2, CreatedOn: past, ModifiedOn: past}))
			require.NoError(t, h.st.StartFlowStartBatches(ctx, ws.ID, &store.FlowStart{UUID: fs2, Total: 3, ModifiedOn: past}, [][]string{cus}))
			held, err := h.st.ClaimFlowStartBatches(ctx, h.clock.Now(), h.clock.Now().Add(time.Minute), 10)
			require.NoError(t, err)
			require.Len(t, held, 1)
			done, err := h.srv.RunFlowStartBatches(ctx)
			require.NoError(t, err)
			assert.Equal(t, 0, done, "held by the dead worker until its lease ends")
			h.clock.Advance(2 * time.Minute)
			done, err = h.srv.RunFlowStartBatches(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, done)
			got = h.ok("GET", "/flow_starts/"+fs2, nil)
			assert.Equal(t, "completed", get(got, "flow_start", "status"))
			assert.Equal(t, float64(3), get(got, "flow_start", "started"))
		})
	}
}
