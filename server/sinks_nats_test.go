package server_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/server/delivery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSinkNATS delivers to the machine's NATS server with JetStream, when
// RIVULET_TEST_NATS (nats://127.0.0.1:4222) says where it is.
func TestSinkNATS(t *testing.T) {
	url := os.Getenv("RIVULET_TEST_NATS")
	if url == "" {
		t.Skip("RIVULET_TEST_NATS is not set")
	}
	nc, err := nats.Connect(url)
	require.NoError(t, err)
	defer nc.Close()
	js, err := nc.JetStream()
	require.NoError(t, err)
	prefix := "rivtest" + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	stream := strings.ToUpper(prefix)
	_, err = js.AddStream(&nats.StreamConfig{Name: stream, Subjects: []string{prefix + ".>"}, Storage: nats.MemoryStorage, Duplicates: time.Minute})
	require.NoError(t, err)
	defer js.DeleteStream(stream)

	h := &harness{t: t, clock: server.NewManualClock(start), open: backends(t)["sqlite"](t), configure: func(c *server.Config) {
		c.Events = server.EventsConfig{NATSURL: url, ManualDelivery: true, MaxAttempts: 2, BaseBackoff: time.Second}
	}}
	startHarness(t, h)
	uploadTwoQuestions(t, h)
	out := h.ok("POST", "/sinks", map[string]any{"name": "bus", "filter": "event_type == 'msg_created'",
		"destinations": []any{map[string]any{"type": "nats", "subject": prefix + ".{workspace}.{event_type}", "headers": map[string]any{"X-Flow": "@flow.name"}}}})
	sink := get(out, "sink", "uuid").(string)
	status, bad := h.api("POST", "/sinks", map[string]any{"name": "bus", "destinations": []any{map[string]any{"type": "nats", "subject": prefix + ".{nope}"}}})
	assert.Equal(t, 422, status)
	assert.Contains(t, bad["detail"], "unknown placeholder {nope}")

	out = h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "Fruit please"})
	sent := eventUUIDs(out, "msg_created")
	require.Len(t, sent, 2)
	assert.Equal(t, 2, h.deliver())

	sub, err := js.PullSubscribe(prefix+".>", "", nats.BindStream(stream))
	require.NoError(t, err)
	msgs, err := sub.Fetch(10, nats.MaxWait(2*time.Second))
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	var got []string
	for _, m := range msgs {
		assert.True(t, strings.HasPrefix(m.Subject, prefix+"."), m.Subject)
		assert.True(t, strings.HasSuffix(m.Subject, ".msg_created"), m.Subject)
		assert.Equal(t, sink, m.Header.Get(delivery.SinkHeader))
		assert.Equal(t, "Two Questions", m.Header.Get("X-Flow"))
		body := map[string]any{}
		require.NoError(t, json.Unmarshal(m.Data, &body))
		assert.Equal(t, m.Header.Get(delivery.IdempotencyHeader), get(body, "event", "uuid"))
		got = append(got, m.Header.Get(delivery.IdempotencyHeader))
		m.Ack()
	}
	assert.ElementsMatch(t, sent, got)

	// JetStream's deduplication: the same sink and event published again (twice) is not
	// stored again
	n, err := delivery.DialNATS(url)
	require.NoError(t, err)
	defer n.Close()
	require.NoError(t, n.Send(context.Background(), &delivery.Request{Type: "nats", Subject: prefix + ".again", Body: []byte(`{}`)},
		&delivery.Envelope{EventUUID: sent[0], SinkUUID: sink}))
	require.NoError(t, n.Send(context.Background(), &delivery.Request{Type: "nats", Subject: prefix + ".again", Body: []byte(`{}`)},
		&delivery.Envelope{EventUUID: sent[0], SinkUUID: sink}))
	info, err := js.StreamInfo(stream)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), info.State.Msgs)

	// a dry run lists what would be published, and publishes nothing
	dry := h.ok("POST", "/messages?dry_run=true", map[string]any{"urn": "tel:+250788123457", "text": "Fruit please"})
	ds := dry["deliveries"].([]any)
	require.Len(t, ds, 2)
	for i, d := range ds {
		assert.Equal(t, "nats", get(d, "type"))
		assert.Equal(t, eventUUIDs(dry, "msg_created")[i], get(d, "event_uuid"))
		assert.True(t, strings.HasPrefix(get(d, "subject").(string), prefix+"."), get(d, "subject"))
		assert.True(t, strings.HasSuffix(get(d, "subject").(string), ".msg_created"), get(d, "subject"))
		assert.Equal(t, sink+"/"+get(d, "event_uuid").(string), get(d, "headers", nats.MsgIdHdr))
		assert.Equal(t, "Two Questions", get(d, "headers", "X-Flow"))
		assert.Nil(t, get(d, "url"))
	}
	assert.Zero(t, h.deliver())
	info, err = js.StreamInfo(stream)
	require.NoError(t, err)
	assert.Equal(t, uint64(2), info.State.Msgs, "nothing was published")

	// a subject no stream covers is a failed attempt
	err = n.Send(context.Background(), &delivery.Request{Type: "nats", Subject: "nostream" + prefix, Body: []byte(`{}`)}, &delivery.Envelope{EventUUID: "e"})
	assert.Error(t, err)
}
