package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/server/delivery"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sinkSecret = "a-shared-secret-of-the-receiver"

// receiver is a webhook receiver on loopback that checks each delivery's signature and
// answers the statuses it is told to, then 200.
type receiver struct {
	t    *testing.T
	srv  *httptest.Server
	mu   sync.Mutex
	got  []*received
	fail int // how many next requests answer 503
}

type received struct {
	header http.Header
	body   map[string]any
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t}
	r.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		// what a receiver does: check the signature over the body as received
		if !delivery.Verify(sinkSecret, body, req.Header.Get(delivery.SignatureHeader)) {
			t.Errorf("delivery with a bad signature %q", req.Header.Get(delivery.SignatureHeader))
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.fail > 0 {
			r.fail--
			http.Error(w, "not now", http.StatusServiceUnavailable)
			return
		}
		m := map[string]any{}
		require.NoError(t, json.Unmarshal(body, &m))
		r.got = append(r.got, &received{header: req.Header.Clone(), body: m})
	}))
	t.Cleanup(r.srv.Close)
	return r
}

func (r *receiver) received() []*received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*received{}, r.got...)
}

func (r *receiver) failNext(n int) {
	r.mu.Lock()
	r.fail = n
	r.mu.Unlock()
}

func TestSinks(t *testing.T) {
	for name, backend := range backends(t) {
		t.Run(name, func(t *testing.T) {
			open := backend(t)
			for _, tc := range []struct {
				name string
				fn   func(*testing.T, *harness, *receiver)
			}{
				{"Webhook", testSinkWebhook},
				{"RetriesAndFailures", testSinkRetries},
				{"Restart", testSinkRestart},
				{"BadSinks", testBadSinks},
			} {
				t.Run(tc.name, func(t *testing.T) {
					h := &harness{t: t, clock: server.NewManualClock(start), open: open, configure: func(c *server.Config) {
						c.AllowPrivateWebhooks = true
						c.Events = server.EventsConfig{ManualDelivery: true, MaxAttempts: 3, BaseBackoff: time.Second, MaxBackoff: 4 * time.Second}
					}}
					startHarness(t, h)
					tc.fn(t, h, newReceiver(t))
					checkDocumented(t, h)
				})
			}
		})
	}
}

// startHarness starts a harness made with its configuration and makes its workspace.
func startHarness(t *testing.T, h *harness) {
	h.startServer()
	t.Cleanup(h.stopServer)
	_, token, err := server.CreateWorkspace(context.Background(), h.st, "Acme", start)
	require.NoError(t, err)
	h.token = token
}

func (h *harness) webhookSink(r *receiver, filter string, payload any) string {
	h.t.Helper()
	body := map[string]any{"name": "Receiver", "filter": filter, "secret": sinkSecret,
		"destinations": []any{map[string]any{"type": "webhook", "url": r.srv.URL + "/hook", "headers": map[string]any{"X-Contact": "@contact.uuid", "X-Type": "@event_type"}}}}
	if payload != nil {
		body["payload"] = payload
	}
	out := h.ok("POST", "/sinks", body)
	return get(out, "sink", "uuid").(string)
}

func (h *harness) deliver() int {
	h.t.Helper()
	n, err := h.srv.DeliverDue(context.Background())
	require.NoError(h.t, err)
	return n
}

func eventUUIDs(out map[string]any, typ string) []string {
	var us []string
	for _, e := range out["events"].([]any) {
		if get(e, "type") == typ {
			us = append(us, get(e, "uuid").(string))
		}
	}
	return us
}

func testSinkWebhook(t *testing.T, h *harness, r *receiver) {
	uploadTwoQuestions(t, h)
	all := h.webhookSink(r, "event_type == 'msg_created'", nil)
	custom := h.webhookSink(r, "event_type == 'msg_received' && data.msg.text.startsWith('Fruit')",
		map[string]any{"who": "@contact.urns", "said": "@event.msg.text", "flow": "@flow.name", "n": "@(1 + 2)", "fixed": "at @workspace.name", "nested": map[string]any{"type": "@event_type"}})

	out := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "Fruit please", "channel": localSMS})
	contactUUID := get(out, "contact", "uuid").(string)
	sent := eventUUIDs(out, "msg_created")
	require.Len(t, sent, 2)
	assert.Empty(t, r.received(), "nothing is sent before the worker runs")
	assert.Equal(t, 3, h.deliver())
	assert.Zero(t, h.deliver())

	got := r.received()
	require.Len(t, got, 3)
	keys := map[string]*received{}
	for _, g := range got {
		keys[g.header.Get(delivery.SinkHeader)+"/"+g.header.Get(delivery.IdempotencyHeader)] = g
		assert.Equal(t, contactUUID, g.header.Get("X-Contact"))
	}
	for _, u := range sent {
		g := keys[all+"/"+u]
		require.NotNil(t, g, "event %s delivered", u)
		assert.Equal(t, "msg_created", g.header.Get("X-Type"))
		// the default body is the event in its context
		assert.Equal(t, "msg_created", g.body["event_type"])
		assert.Equal(t, u, get(g.body, "event", "uuid"))
		assert.Equal(t, contactUUID, get(g.body, "contact", "uuid"))
		assert.Equal(t, "Two Questions", get(g.body, "flow", "name"))
		assert.Equal(t, "Acme", get(g.body, "workspace", "name"))
		assert.Equal(t, "waiting", get(g.body, "run", "status"))
	}
	recv := eventUUIDs(out, "msg_received")
	require.Len(t, recv, 1)
	g := keys[custom+"/"+recv[0]]
	require.NotNil(t, g)
	assert.Equal(t, map[string]any{"who": []any{"tel:+250788123456"}, "said": "Fruit please", "flow": "Two Questions", "n": float64(3),
		"fixed": "at Acme", "nested": map[string]any{"type": "msg_received"}}, g.body)

	// an inactive sink queues nothing; an edited filter applies at once
	h.ok("PUT", "/sinks/"+all, map[string]any{"name": "Receiver", "active": false, "destinations": []any{map[string]any{"type": "webhook", "url": r.srv.URL}}})
	h.ok("PUT", "/sinks/"+custom, map[string]any{"name": "Receiver", "filter": "event_type == 'run_result_changed'", "destinations": []any{map[string]any{"type": "webhook", "url": r.srv.URL}}})
	h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "I love mangoes"})
	assert.Equal(t, 1, h.deliver())
	got = r.received()
	require.Len(t, got, 4)
	assert.Equal(t, "run_result_changed", got[3].body["event_type"])
	assert.Equal(t, "Mango", get(got[3].body, "event", "category"))

	list := h.ok("GET", "/sinks", nil)
	assert.Len(t, list["sinks"], 2)
	one := h.ok("GET", "/sinks/"+all, nil)
	assert.Equal(t, false, get(one, "sink", "active"))
	assert.Equal(t, sinkSecret, get(one, "sink", "secret"), "the secret is kept when a PUT gives none")
	status, _ := h.api("DELETE", "/sinks/"+all, nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = h.api("GET", "/sinks/"+all, nil)
	assert.Equal(t, http.StatusNotFound, status)
}

func testSinkRetries(t *testing.T, h *harness, r *receiver) {
	uploadTwoQuestions(t, h)
	sink := h.webhookSink(r, "event_type == 'msg_received'", nil)

	// a failure is retried after a backoff, not before
	r.failNext(1)
	h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "Fruit please"})
	assert.Equal(t, 1, h.deliver())
	assert.Empty(t, r.received())
	assert.Zero(t, h.deliver(), "not due yet")
	h.clock.Advance(time.Second)
	assert.Equal(t, 1, h.deliver())
	require.Len(t, r.received(), 1)

	// one that keeps failing becomes a failure after its attempts (3 here)
	r.failNext(100)
	out := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "I love mangoes"})
	ev := eventUUIDs(out, "msg_received")[0]
	assert.Equal(t, 1, h.deliver())
	h.clock.Advance(time.Second)
	assert.Equal(t, 1, h.deliver())
	h.clock.Advance(2 * time.Second)
	assert.Equal(t, 1, h.deliver())
	h.clock.Advance(time.Hour)
	assert.Zero(t, h.deliver(), "a failure is not tried again")
	fails := h.ok("GET", "/sinks/"+sink+"/failures", nil)
	require.Len(t, fails["failures"], 1)
	f := get(fails, "failures", 0)
	assert.Equal(t, ev, get(f, "event_uuid"))
	assert.Equal(t, float64(3), get(f, "attempts"))
	assert.Contains(t, get(f, "last_error"), "HTTP 503: not now")
	assert.Equal(t, r.srv.URL+"/hook", get(f, "request", "url"))
	id := fmt.Sprint(get(f, "id"))

	// retried by hand once the receiver is back, it is sent
	r.failNext(0)
	status, _ := h.api("POST", "/sinks/"+sink+"/failures/"+id+"/retry", nil)
	assert.Equal(t, http.StatusNoContent, status)
	assert.Equal(t, 1, h.deliver())
	require.Len(t, r.received(), 2)
	assert.Equal(t, ev, r.received()[1].header.Get(delivery.IdempotencyHeader))
	fails = h.ok("GET", "/sinks/"+sink+"/failures", nil)
	assert.Empty(t, fails["failures"])
	status, _ = h.api("POST", "/sinks/"+sink+"/failures/"+id+"/retry", nil)
	assert.Equal(t, http.StatusNotFound, status)

	// or discarded
	r.failNext(100)
	h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "3"})
	for range 3 {
		h.deliver()
		h.clock.Advance(5 * time.Second)
	}
	fails = h.ok("GET", "/sinks/"+sink+"/failures", nil)
	require.Len(t, fails["failures"], 1)
	id = fmt.Sprint(get(fails, "failures", 0, "id"))
	status, _ = h.api("DELETE", "/sinks/"+sink+"/failures/"+id, nil)
	assert.Equal(t, http.StatusNoContent, status)
	status, _ = h.api("DELETE", "/sinks/"+sink+"/failures/"+id, nil)
	assert.Equal(t, http.StatusNotFound, status)
	status, _ = h.api("DELETE", "/sinks/"+sink+"/failures/x1", nil)
	assert.Equal(t, http.StatusUnprocessableEntity, status)
}

func testSinkRestart(t *testing.T, h *harness, r *receiver) {
	uploadTwoQuestions(t, h)
	h.webhookSink(r, "", nil)
	out := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "Fruit please"})
	n := len(out["events"].([]any))
	require.Greater(t, n, 2)
	// the server stops between the sprint and the delivery: the outbox kept everything
	h.restart()
	assert.Equal(t, n, h.deliver())
	got := r.received()
	require.Len(t, got, n)
	var want, keys []string
	for i, e := range out["events"].([]any) {
		want = append(want, get(e, "uuid").(string))
		keys = append(keys, got[i].header.Get(delivery.IdempotencyHeader))
	}
	assert.ElementsMatch(t, want, keys)

	// and with the worker running, deliveries go out by themselves
	h.configure = func(c *server.Config) { c.AllowPrivateWebhooks = true }
	h.restart()
	h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788123456", "text": "I love mangoes"})
	require.Eventually(t, func() bool { return len(r.received()) > n }, 10*time.Second, 10*time.Millisecond)
}

func testBadSinks(t *testing.T, h *harness, r *receiver) {
	dest := []any{map[string]any{"type": "webhook", "url": r.srv.URL}}
	for _, tc := range []struct {
		body   map[string]any
		field  string
		detail string
	}{
		{map[string]any{"name": "x", "filter": "event_type == ", "destinations": dest}, "filter", "field 'filter' has an invalid filter: line 1, column 15: Syntax error"},
		{map[string]any{"name": "x", "filter": "evnt_type == 'x'", "destinations": dest}, "filter", "field 'filter' has an invalid filter: line 1, column 1: undeclared reference to 'evnt_type' (did you mean 'event_type'?)"},
		{map[string]any{"name": "x", "filter": "event_type", "destinations": dest}, "filter", "field 'filter' has an invalid filter: filter must give a boolean, this one gives string"},
		{map[string]any{"name": "", "destinations": dest}, "name", "field 'name' has invalid value '': a name of 1 to 64 characters is required"},
		{map[string]any{"name": "x"}, "destinations", "field 'destinations' needs at least one destination"},
		{map[string]any{"name": "x", "destinations": []any{map[string]any{"type": "smoke"}}}, "destinations[0].type", "field 'destinations[0].type' has invalid value 'smoke': must be webhook or nats"},
		{map[string]any{"name": "x", "destinations": []any{map[string]any{"type": "webhook", "url": "ftp://x"}}}, "destinations[0].url", "field 'destinations[0].url' has invalid value 'ftp://x': an http or https URL is required"},
		{map[string]any{"name": "x", "destinations": []any{map[string]any{"type": "webhook", "url": r.srv.URL, "http_method": "GET"}}}, "destinations[0].http_method", "field 'destinations[0].http_method' has invalid value 'GET': must be POST, PUT or PATCH"},
		{map[string]any{"name": "x", "destinations": []any{map[string]any{"type": "webhook", "url": r.srv.URL, "timeout_secs": 61}}}, "destinations[0].timeout_secs", "field 'destinations[0].timeout_secs' has invalid value 61: must be from 1 to 60"},
		{map[string]any{"name": "x", "destinations": []any{map[string]any{"type": "webhook", "url": r.srv.URL, "headers": map[string]any{"X-A": "@(1 + * 2)"}}}}, "destinations[0].headers.X-A", "field 'destinations[0].headers.X-A' has an invalid template"},
		{map[string]any{"name": "x", "destinations": []any{map[string]any{"type": "nats", "subject": "a.b"}}}, "destinations[0].type", "field 'destinations[0].type' has invalid value 'nats': this server has no NATS server (flag -nats)"},
		{map[string]any{"name": "x", "destinations": dest, "payload": []any{1}}, "payload", "field 'payload' must be an object"},
		{map[string]any{"name": "x", "destinations": dest, "payload": map[string]any{"a": map[string]any{"b": "@(foo(,))"}}}, "payload.a.b", "field 'payload.a.b' has an invalid template"},
		{map[string]any{"name": "x", "destinations": dest, "secret": "short"}, "secret", "field 'secret' must be at least 16 characters long"},
	} {
		status, out := h.api("POST", "/sinks", tc.body)
		assert.Equal(t, http.StatusUnprocessableEntity, status, "%v", tc.body)
		assert.Equal(t, tc.field, out["field"], "%v", tc.body)
		assert.True(t, strings.HasPrefix(fmt.Sprint(out["detail"]), tc.detail), "%v: %s", tc.body, out["detail"])
	}
	status, _ := h.api("GET", "/sinks/nope", nil)
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	status, _ = h.api("GET", "/sinks/6b1a4b47-7d2c-4e3b-9d5e-123456789abc/failures", nil)
	assert.Equal(t, http.StatusNotFound, status)

	// a generated secret when none is given
	out := h.ok("POST", "/sinks", map[string]any{"name": "x", "destinations": dest})
	assert.True(t, strings.HasPrefix(get(out, "sink", "secret").(string), "rvs_"))
	assert.Equal(t, "POST", get(out, "sink", "destinations", 0, "http_method"))
	assert.Equal(t, float64(10), get(out, "sink", "destinations", 0, "timeout_secs"))
}

// TestSinkRefusesLoopback checks that without the private-hosts flag a sink can't point at
// a loopback receiver.
func TestSinkRefusesLoopback(t *testing.T) {
	h := newHarness(t, backends(t)["sqlite"](t))
	status, out := h.api("POST", "/sinks", map[string]any{"name": "x", "destinations": []any{map[string]any{"type": "webhook", "url": "http://127.0.0.1:9/hook"}}})
	assert.Equal(t, http.StatusUnprocessableEntity, status)
	assert.Equal(t, "destinations[0].url", out["field"])
	assert.Contains(t, out["detail"], "refused to connect")
}
