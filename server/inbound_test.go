package server_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/server/delivery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const shippedFlowUUID = "b0b1c4a0-4c43-4f5e-9d6a-5a3e2f1d0c01"

// shippedAssets is a flow that tells the contact about the order of its trigger's params.
var shippedAssets = map[string]any{"flows": []any{map[string]any{
	"uuid": shippedFlowUUID, "name": "Shipped", "spec_version": "14.4.2", "language": "eng", "type": "messaging", "revision": 1,
	"nodes": []any{map[string]any{"uuid": "b0b1c4a0-4c43-4f5e-9d6a-5a3e2f1d0c02", "exits": []any{map[string]any{"uuid": "b0b1c4a0-4c43-4f5e-9d6a-5a3e2f1d0c03"}},
		"actions": []any{map[string]any{"uuid": "b0b1c4a0-4c43-4f5e-9d6a-5a3e2f1d0c04", "type": "send_msg",
			"text": "Your order @trigger.params.order.id has shipped, @trigger.params.customer.name"}}}},
}}}

func TestInbound(t *testing.T) {
	for name, backend := range backends(t) {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, backend(t))
			testInbound(t, h)
			checkDocumented(t, h)
		})
	}
}

func testInbound(t *testing.T, h *harness) {
	h.ok("PUT", "/assets", shippedAssets)
	trig := h.ok("POST", "/triggers", map[string]any{"type": "event", "flow": shippedFlowUUID, "source": "shop",
		"filter": "data.kind == 'shipped' && data.order.total > 10", "urn": "tel:@data.customer.phone"})
	assert.Equal(t, "shop", get(trig, "trigger", "source"))
	assert.Equal(t, "tel:@data.customer.phone", get(trig, "trigger", "urn"))

	// a subscription on the source sees every inbound event of it
	sub := h.ok("POST", "/subscriptions", map[string]any{"source": "shop"})["id"].(string)

	event := map[string]any{"kind": "shipped", "order": map[string]any{"id": "A-17", "total": 25}, "customer": map[string]any{"phone": "+250788123456", "name": "Ann"}}
	out := h.ok("POST", "/inbound/shop", event)
	require.Len(t, out["started"], 1)
	st := get(out, "started", 0)
	assert.Equal(t, "tel:+250788123456", get(st, "urn"))
	assert.Equal(t, "completed", get(st, "session", "status"))
	contact := get(st, "contact").(string)
	evs := h.ok("GET", "/events?contact="+contact, nil)
	var sent []string
	for _, e := range evs["events"].([]any) {
		if get(e, "event", "type") == "msg_created" {
			sent = append(sent, get(e, "event", "msg", "text").(string))
		}
	}
	assert.Equal(t, []string{"Your order A-17 has shipped, Ann"}, sent)

	// the filter leaves others out
	out = h.ok("POST", "/inbound/shop", map[string]any{"kind": "shipped", "order": map[string]any{"id": "A-18", "total": 5}})
	assert.Empty(t, out["started"])
	out = h.ok("POST", "/inbound/crm", event)
	assert.Empty(t, out["started"], "another source")

	m := h.ok("GET", "/subscriptions/next?id="+sub+"&timeout=1s", nil)
	assert.Equal(t, "shop", m["source"])
	assert.Equal(t, "inbound", get(m, "event", "event_type"))
	assert.Equal(t, "A-17", get(m, "event", "event", "order", "id"))
	m = h.ok("GET", "/subscriptions/next?id="+sub+"&timeout=1s", nil)
	assert.Equal(t, "A-18", get(m, "event", "event", "order", "id"))
	status, _ := h.api("GET", "/subscriptions/next?id="+sub+"&timeout=0s", nil)
	assert.Equal(t, http.StatusNoContent, status, "the crm event is not the shop's")

	// a URN template that gives nothing is reported, not fatal
	out = h.ok("POST", "/inbound/shop", map[string]any{"kind": "shipped", "order": map[string]any{"id": "A-19", "total": 50}})
	require.Len(t, out["started"], 1)
	assert.Contains(t, get(out, "started", 0, "error"), "gave no URN: object has no property")

	// signed with the source's secret instead of a token
	ws := h.ok("PUT", "/inbound/shop/secret", map[string]any{"secret": "the-shop-shares-this"})["workspace"].(string)
	body, _ := json.Marshal(event)
	send := func(sig, key string) (int, map[string]any) {
		req, _ := http.NewRequest("POST", h.base+"/api/v1/inbound/shop", bytes.NewReader(body))
		req.Header.Set("X-Rivulet-Workspace", ws)
		if sig != "" {
			req.Header.Set(delivery.SignatureHeader, sig)
		}
		if key != "" {
			req.Header.Set(server.IdempotencyHeader, key)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		out := map[string]any{}
		json.Unmarshal(data, &out)
		h.seen = append(h.seen, seenResponse{"POST", "/api/v1/inbound/shop", resp.StatusCode})
		return resp.StatusCode, out
	}
	post := func(sig string) (int, map[string]any) { return send(sig, "") }
	status, out = post(delivery.Sign("the-shop-shares-this", body))
	assert.Equal(t, http.StatusAccepted, status)
	assert.Len(t, out["started"], 1)
	status, out = post(delivery.Sign("wrong-secret-of-16", body))
	assert.Equal(t, http.StatusUnauthorized, status)
	assert.Equal(t, "the signature doesn't match the source's secret", out["detail"])
	status, _ = post("")
	assert.Equal(t, http.StatusUnauthorized, status)
	// with an Idempotency-Key, the event posted again starts nothing it started before
	keyed := func(key string) (int, map[string]any) { return send(delivery.Sign("the-shop-shares-this", body), key) }
	status, first := keyed("shipment-A-17")
	assert.Equal(t, http.StatusAccepted, status)
	require.Len(t, first["started"], 1)
	assert.Nil(t, get(first, "started", 0).(map[string]any)["duplicate"])
	before := h.ok("GET", "/events?contact="+contact+"&limit=1000", nil)
	status, again := keyed("shipment-A-17")
	assert.Equal(t, http.StatusAccepted, status)
	require.Len(t, again["started"], 1)
	assert.Equal(t, true, get(again, "started", 0, "duplicate"))
	assert.Equal(t, before, h.ok("GET", "/events?contact="+contact+"&limit=1000", nil), "nothing ran again")
	status, out = keyed(strings.Repeat("k", 256))
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, server.IdempotencyHeader, out["field"])

	status, _ = h.api("DELETE", "/inbound/shop/secret", nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = post(delivery.Sign("the-shop-shares-this", body))
	assert.Equal(t, http.StatusUnauthorized, status)

	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"type": "event", "flow": shippedFlowUUID, "source": "Shop!", "urn": "tel:@data.x"}, "source"},
		{map[string]any{"type": "event", "flow": shippedFlowUUID, "source": "events", "urn": "tel:@data.x"}, "source"},
		{map[string]any{"type": "event", "flow": shippedFlowUUID, "source": "shop", "filter": "data.x ==", "urn": "tel:@data.x"}, "filter"},
		{map[string]any{"type": "event", "flow": shippedFlowUUID, "source": "shop"}, "urn"},
		{map[string]any{"type": "catch_all", "flow": shippedFlowUUID, "source": "shop"}, "source"},
	} {
		status, out := h.api("POST", "/triggers", tc.body)
		assert.Equal(t, http.StatusUnprocessableEntity, status, "%v", tc.body)
		assert.Equal(t, tc.field, out["field"], "%v: %v", tc.body, out)
	}
	status, _ = h.api("POST", "/inbound/shop", "[1]")
	assert.Equal(t, http.StatusBadRequest, status)
	status, _ = h.api("POST", "/inbound/Bad!", event)
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	status, _ = h.api("PUT", "/inbound/shop/secret", map[string]any{"secret": "short"})
	assert.Equal(t, http.StatusUnprocessableEntity, status)
}
