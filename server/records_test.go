package server_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSessionSprints checks the record of what each sprint's actions did.
func TestSessionSprints(t *testing.T) {
	h := newHarness(t, backends(t)["sqlite"](t))
	data, err := os.ReadFile("../testdata/flows/services.json")
	require.NoError(t, err)
	// the webhook goes to loopback, which this server refuses: a failed call, no network
	assets := strings.ReplaceAll(string(data), "https://prices.example.org/api/maize", "http://127.0.0.1:9/maize")
	h.ok("PUT", "/assets", assets)
	h.ok("POST", "/flow_starts", map[string]any{"flow": "b433ba8e-87e1-42d3-963d-4cb7d1a62297", "urns": []string{"tel:+250788000501"}})
	h.srv.Drain()
	c := h.ok("GET", "/contacts?urn=tel:%2B250788000501", nil)
	cu := get(c, "contact", "uuid")
	if cu == nil {
		cu = get(c, "contacts", 0, "uuid")
	}
	require.NotNil(t, cu, "%v", c)
	sess := get(h.ok("GET", "/contacts/"+cu.(string)+"/session", nil), "session", "uuid").(string)

	out := h.ok("GET", "/sessions/"+sess+"/sprints", nil)
	require.Len(t, out["sprints"], 1)
	sp := get(out, "sprints", 0)
	assert.Equal(t, "flow_start", get(sp, "kind"))
	acts := get(sp, "actions").([]any)
	require.NotEmpty(t, acts)
	outcomes := map[string]string{}
	for _, a := range acts {
		outcomes[get(a, "type").(string)] = get(a, "outcome").(string)
		assert.GreaterOrEqual(t, get(a, "duration_ms").(float64), 0.0)
		if get(a, "outcome") == "failed" {
			assert.NotEmpty(t, get(a, "error"), "%v", a)
		}
	}
	assert.Equal(t, "call_webhook", get(acts[0], "type"))
	assert.Equal(t, "failed", get(acts[0], "outcome"))
	assert.Contains(t, get(acts[0], "error"), "http://127.0.0.1:9/maize?market= refused")
	assert.Equal(t, "ok", outcomes["send_msg"])

	assert.Equal(t, float64(0), h.ok("GET", "/sessions/"+sess+"/sprints?after=999", nil)["cursor"].(float64)-999)
	status, _ := h.api("GET", "/sessions/6b1a4b47-7d2c-4e3b-9d5e-123456789abc/sprints", nil)
	assert.Equal(t, http.StatusNotFound, status)
	checkDocumented(t, h)
}
