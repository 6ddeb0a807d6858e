package server_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/server"
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

			status, p := h.api("POST", "/messages", map[string]any{"urn": "tel:+250788000900", "text": "x", "external_id": strings.Repeat("x", 256)})
			assert.Equal(t, 422, status)
			assert.Contains(t, p["detail"], "field 'external_id'")

			// a flow start run to the end, then found by a second worker as if its first
			// worker died before saving the end: the take-over starts nobody again
			fs := h.ok("POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "urns": []string{"tel:+250788000901", "tel:+250788000902", "tel:+250788000903"}})
			h.srv.Drain()
			fsUUID := get(fs, "flow_start", "uuid").(string)
			assert.Equal(t, float64(3), get(h.ok("GET", "/flow_starts/"+fsUUID, nil), "flow_start", "started"))
			log = h.ok("GET", "/events?limit=1000", nil)

			ws, err := h.st.WorkspaceByToken(ctx, server.HashToken(h.token))
			require.NoError(t, err)
			row, err := h.st.FlowStart(ctx, ws.ID, fsUUID)
			require.NoError(t, err)
			assert.Nil(t, row.LeaseUntil, "a finished start holds no lease")
			past := h.clock.Now().Add(-time.Second)
			row.Status, row.Started, row.LeaseUntil = "started", 1, &past
			require.NoError(t, h.st.UpdateFlowStart(ctx, ws.ID, row))

			n, err := h.srv.ResumeFlowStarts(ctx)
			require.NoError(t, err)
			assert.Equal(t, 1, n)
			h.srv.Drain()
			n, err = h.srv.ResumeFlowStarts(ctx)
			require.NoError(t, err)
			assert.Equal(t, 0, n, "a completed start is not claimed again")
			got := h.ok("GET", "/flow_starts/"+fsUUID, nil)
			assert.Equal(t, "completed", get(got, "flow_start", "status"))
			assert.Equal(t, float64(3), get(got, "flow_start", "started"))
			assert.Equal(t, float64(0), get(got, "flow_start", "failed"))
			assert.Equal(t, log, h.ok("GET", "/events?limit=1000", nil), "the take-over ran no contact again")
		})
	}
}
