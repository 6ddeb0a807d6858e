package server_test

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSubscriptions(t *testing.T) {
	h := newHarness(t, backends(t)["sqlite"](t))
	uploadTwoQuestions(t, h)

	created := h.ok("POST", "/subscriptions", map[string]any{"source": "events", "filter": "event_type == 'msg_created'"})
	a := created["id"].(string)
	assert.Equal(t, "events", created["source"])
	assert.Equal(t, float64(600), created["expires_after_secs"])
	b := h.ok("POST", "/subscriptions", map[string]any{"filter": "event_type == 'msg_received' && data.msg.text.contains('mango')"})["id"].(string)

	// nothing yet: a short timeout answers 204
	status, _ := h.api("GET", "/subscriptions/next?id="+a+"&id="+b+"&timeout=50ms", nil)
	assert.Equal(t, http.StatusNoContent, status)

	// a waiting next is answered when the event arrives
	var wg sync.WaitGroup
	var first map[string]any
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, first = h.api("GET", "/subscriptions/next?id="+b+"&timeout=20s", nil)
	}()
	time.Sleep(50 * time.Millisecond)
	h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "Fruit please"})
	out := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "I love mangoes"})
	wg.Wait()
	assert.Equal(t, b, first["subscription"])
	assert.Equal(t, "msg_received", get(first, "event", "event_type"))
	assert.Equal(t, "I love mangoes", get(first, "event", "event", "msg", "text"))
	assert.Equal(t, eventUUIDs(out, "msg_received")[0], get(first, "event", "event", "uuid"))

	// both ids: the events of a, in arrival order, then nothing
	var seen []string
	var seqs []float64
	for {
		status, m := h.api("GET", "/subscriptions/next?id="+a+"&id="+b+"&timeout=0s", nil)
		if status == http.StatusNoContent {
			break
		}
		require.Equal(t, http.StatusOK, status)
		assert.Equal(t, a, m["subscription"])
		seen = append(seen, get(m, "event", "event", "msg", "text").(string))
		seqs = append(seqs, m["seq"].(float64))
	}
	assert.Equal(t, []string{"Hello ! What is your favourite fruit? (mango/papaya)", "Hello ! What is your favourite fruit? (mango/papaya)",
		"Mango, good choice. How many would you like?"}, seen)
	assert.True(t, sort.Float64sAreSorted(seqs))

	// ended subscriptions are gone; other workspaces don't see them
	status, _ = h.api("DELETE", "/subscriptions/"+a, nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = h.api("DELETE", "/subscriptions/"+a, nil)
	assert.Equal(t, http.StatusNotFound, status)
	status, _ = h.api("GET", "/subscriptions/next?id="+a+"&timeout=0s", nil)
	assert.Equal(t, http.StatusNotFound, status)
	_, other, err := server.CreateWorkspace(context.Background(), h.st, "Other", start)
	require.NoError(t, err)
	status, _ = h.call(other, "GET", "/api/v1/subscriptions/next?id="+b+"&timeout=0s", nil)
	assert.Equal(t, http.StatusNotFound, status)

	for _, tc := range []struct {
		method, path string
		body         any
		field        string
	}{
		{"POST", "/subscriptions", map[string]any{"filter": "event_type =="}, "filter"},
		{"POST", "/subscriptions", map[string]any{"source": "Bad Source"}, "source"},
		{"GET", "/subscriptions/next", nil, "id"},
		{"GET", "/subscriptions/next?id=" + b + "&timeout=31s", nil, "timeout"},
		{"GET", "/subscriptions/next?id=" + b + "&timeout=soon", nil, "timeout"},
	} {
		status, out := h.api(tc.method, tc.path, tc.body)
		assert.Equal(t, http.StatusUnprocessableEntity, status, tc.path)
		assert.Equal(t, tc.field, out["field"], tc.path)
	}
	checkDocumented(t, h)
}

// TestSubscriptionsGoAPI uses subscriptions the way an embedder does, with expiry.
func TestSubscriptionsGoAPI(t *testing.T) {
	h := &harness{t: t, clock: server.NewManualClock(start), open: backends(t)["sqlite"](t), configure: func(c *server.Config) {
		c.Events.SubscriptionTTL = time.Minute
	}}
	startHarness(t, h)
	uploadTwoQuestions(t, h)
	ws, err := h.st.WorkspaceByToken(context.Background(), server.HashToken(h.token))
	require.NoError(t, err)

	sub, err := h.srv.Subscribe(ws, "events", "event_type == 'msg_created'")
	require.NoError(t, err)
	idle, err := h.srv.Subscribe(ws, "events", "")
	require.NoError(t, err)
	_, err = h.srv.Subscribe(ws, "events", "nope(")
	assert.ErrorContains(t, err, "field 'filter' has an invalid filter")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	_, err = h.srv.Next(ctx, sub)
	cancel()
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "Fruit please"})
	m, err := h.srv.Next(context.Background(), sub)
	require.NoError(t, err)
	assert.Equal(t, sub.ID, m.Subscription)
	assert.Equal(t, "events", m.Source)

	// a subscription nobody asks is dropped after its TTL; one in use stays (the TTL is
	// read on the server's clock, which the test moves)
	for range 3 {
		h.clock.Advance(45 * time.Second)
		ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
		h.srv.Next(ctx, sub)
		cancel()
	}
	_, err = h.srv.Next(context.Background(), idle)
	assert.ErrorIs(t, err, server.ErrNoSubscription)
	h.srv.Unsubscribe(sub)
	_, err = h.srv.Next(context.Background(), sub)
	assert.ErrorIs(t, err, server.ErrNoSubscription)
}
