package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/server/delivery"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/servicestest"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const marketPricesUUID = "b433ba8e-87e1-42d3-963d-4cb7d1a62297"

// guard fails the test when anything reaches the world while it is armed (during dry
// runs), and counts what does.
type guard struct {
	t     *testing.T
	armed atomic.Bool
	hits  atomic.Int32
}

func (g *guard) hit(what string) {
	g.hits.Add(1)
	if g.armed.Load() {
		g.t.Errorf("a dry run reached %s", what)
	}
}

// guarded services answer as the recordings' stand-ins do, through the guard.
type guardedEmail struct{ g *guard }

func (s guardedEmail) Send(ctx context.Context, to []string, subject, body string) error {
	s.g.hit("the email service")
	return nil
}

type guardedAirtime struct{ g *guard }

func (s guardedAirtime) Transfer(ctx context.Context, req *services.AirtimeRequest) (*services.AirtimeTransfer, error) {
	s.g.hit("the airtime service")
	return servicestest.NewAirtime(utils.NewSeededRandom(1)).Transfer(ctx, req)
}

type guardedLLM struct{ g *guard }

func (s guardedLLM) Respond(ctx context.Context, req *services.LLMRequest) (*services.LLMResponse, error) {
	s.g.hit("the LLM service")
	return servicestest.LLM{}.Respond(ctx, req)
}

type guardedTicketer struct{ g *guard }

func (s guardedTicketer) Open(ctx context.Context, req *services.TicketRequest) (*services.Ticket, error) {
	s.g.hit("the ticket service")
	return servicestest.NewTicketer(utils.V4Generator{}).Open(ctx, req)
}

type guardedClassifier struct{ g *guard }

func (s guardedClassifier) Classify(ctx context.Context, req *services.ClassifyRequest) (*services.Classification, error) {
	s.g.hit("the classifier service")
	return servicestest.Classifier{}.Classify(ctx, req)
}

func TestDryRuns(t *testing.T) {
	for name, backend := range backends(t) {
		t.Run(name, func(t *testing.T) {
			open := backend(t)
			g := &guard{t: t}
			// the receiver of the flow's webhooks and of the sink: nothing may reach it in a dry run
			receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				g.hit(fmt.Sprintf("the receiver: %s %s %s", r.Method, r.URL, body))
				w.Header().Set("Content-Type", "application/json")
				if strings.HasPrefix(r.URL.Path, "/api/maize") {
					w.Write([]byte(`{"price": 350, "currency": "RWF"}`))
					return
				}
				w.Write([]byte(`{"ok": true}`))
			}))
			defer receiver.Close()
			h := &harness{t: t, clock: server.NewManualClock(start), open: open, configure: func(c *server.Config) {
				c.AllowPrivateWebhooks = true
				c.Events = server.EventsConfig{ManualDelivery: true}
				c.Services = &services.Services{Email: guardedEmail{g}, Airtime: guardedAirtime{g}, LLM: guardedLLM{g},
					Ticket: guardedTicketer{g}, Classifier: guardedClassifier{g}}
			}}
			startHarness(t, h)
			testDryRunMessage(t, h, g, receiver.URL)
			testDryRunResume(t, h, g)
			testDryRunFlowStart(t, h, g)
			testDryRunBadInput(t, h)
			checkDocumented(t, h)
		})
	}
}

// storeState is what a dry run must leave as it was.
type storeState struct {
	contacts, events, runs, pending, waiting int
	eventCursor, runCursor                   any
}

func (h *harness) storeState() storeState {
	h.t.Helper()
	cs := h.ok("GET", "/contacts?limit=1000", nil)
	evs := h.ok("GET", "/events?limit=1000", nil)
	runs := h.ok("GET", "/runs?limit=1000", nil)
	pending, err := h.st.CountPendingDeliveries(context.Background())
	require.NoError(h.t, err)
	waiting, err := h.st.CountWaiting(context.Background())
	require.NoError(h.t, err)
	return storeState{contacts: len(cs["contacts"].([]any)), events: len(evs["events"].([]any)), runs: len(runs["runs"].([]any)),
		pending: pending, waiting: waiting, eventCursor: evs["cursor"], runCursor: runs["cursor"]}
}

func (h *harness) metric(name string) string {
	h.t.Helper()
	resp, err := http.Get(h.base + "/metrics")
	require.NoError(h.t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var lines []string
	for _, l := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(l, name) {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// callsOf returns the services of a dry run's calls, in order.
func callsOf(out map[string]any) []string {
	var ss []string
	for _, c := range out["calls"].([]any) {
		ss = append(ss, get(c, "service").(string))
	}
	return ss
}

func testDryRunMessage(t *testing.T, h *harness, g *guard, receiverURL string) {
	var doc map[string]any
	raw := strings.NewReplacer("https://prices.example.org", receiverURL, "https://hooks.example.org", receiverURL).
		Replace(string(readFile(t, "../testdata/flows/services.json")))
	require.NoError(t, json.Unmarshal([]byte(raw), &doc))
	h.ok("PUT", "/assets", doc)
	h.ok("POST", "/triggers", map[string]any{"type": "keyword", "flow": marketPricesUUID, "keywords": []string{"maize"}})
	sink := h.ok("POST", "/sinks", map[string]any{"name": "Gateway", "filter": "event_type == 'msg_created'", "secret": sinkSecret,
		"destinations": []any{map[string]any{"type": "webhook", "url": receiverURL + "/sink", "headers": map[string]any{"X-Contact": "@contact.uuid"}}},
		"payload":      map[string]any{"text": "@event.msg.text", "to": "@event.msg.urn"}})
	sinkUUID := get(sink, "sink", "uuid").(string)
	h.ok("POST", "/sinks", map[string]any{"name": "Off", "filter": "event_type.startsWith('msg_')", "active": false, "secret": sinkSecret,
		"destinations": []any{map[string]any{"type": "webhook", "url": receiverURL + "/off"}}})

	subID := h.ok("POST", "/subscriptions", map[string]any{"source": "events"})["id"].(string)

	before := h.storeState()
	g.armed.Store(true)
	urn := "tel:+250788000900"
	out := h.ok("POST", "/messages?dry_run=true", map[string]any{"urn": urn, "text": "maize"})
	assert.Equal(t, true, out["dry_run"])
	assert.Equal(t, "completed", get(out, "session", "status"))
	assert.Equal(t, []string{"webhook", "webhook", "email", "airtime", "llm", "ticket"}, callsOf(out))

	// the price lookup went to the stand-in: 200 {"dry_run": true}, the success route
	lookup := get(out, "calls", 0).(map[string]any)
	assert.Equal(t, "GET", lookup["method"])
	assert.True(t, strings.HasPrefix(lookup["url"].(string), receiverURL+"/api/maize?market="), lookup["url"])
	assert.Equal(t, "rivulet", get(lookup, "headers", "User-Agent"))
	assert.Equal(t, "stand-in", get(lookup, "answer", "by"))
	assert.Equal(t, float64(200), get(lookup, "answer", "status"))
	resthook := get(out, "calls", 1).(map[string]any)
	assert.Equal(t, "POST", resthook["method"])
	assert.Equal(t, receiverURL+"/prices", resthook["url"])
	assert.Contains(t, resthook["body"], get(out, "contact", "uuid"), "the resthook body carries the contact")
	email := get(out, "calls", 2).(map[string]any)
	assert.Equal(t, []any{"desk@example.org"}, email["to"])
	assert.Contains(t, email["subject"], "Price check by")
	airtime := get(out, "calls", 3).(map[string]any)
	assert.Equal(t, urn, airtime["recipient"])
	assert.Equal(t, float64(500), get(airtime, "amounts", "RWF"))
	assert.Equal(t, "Translate to leet speak", get(out, "calls", 4, "instructions"))
	assert.Equal(t, "maize prices are steady", get(out, "calls", 4, "input"))
	assert.Equal(t, "Market Prices", get(out, "calls", 5, "topic", "name"))
	assert.Equal(t, "Aline Mukamana", get(out, "calls", 5, "assignee", "name"))
	assert.Contains(t, get(out, "calls", 5, "note"), "Price question from")

	// every message would have gone to the sink, signed
	msgs := texts(out)
	require.NotEmpty(t, msgs)
	ds := out["deliveries"].([]any)
	require.Len(t, ds, len(msgs))
	for _, d := range ds {
		assert.Equal(t, "Gateway", get(d, "sink", "name"), "an inactive sink takes nothing")
	}
	d := ds[0].(map[string]any)
	assert.Equal(t, sinkUUID, get(d, "sink", "uuid"))
	assert.Equal(t, "Gateway", get(d, "sink", "name"))
	assert.Equal(t, "msg_created", d["event_type"])
	assert.Equal(t, eventUUIDs(out, "msg_created")[0], d["event_uuid"])
	assert.Equal(t, "webhook", d["type"])
	assert.Equal(t, receiverURL+"/sink", d["url"])
	assert.Equal(t, "POST", d["method"])
	assert.Equal(t, map[string]any{"text": msgs[0], "to": urn}, d["body"])
	body, _ := json.Marshal(d["body"])
	assert.True(t, delivery.Verify(sinkSecret, body, get(d, "headers", delivery.SignatureHeader).(string)), "the signature is the body's")
	assert.Equal(t, d["event_uuid"], get(d, "headers", delivery.IdempotencyHeader))
	assert.Equal(t, get(out, "contact", "uuid"), get(d, "headers", "X-Contact"))

	// mocks answer the webhooks they match; the rest get the stand-in
	mocked := h.ok("POST", "/messages?dry_run=true", map[string]any{"urn": urn, "text": "maize",
		"http_mocks": map[string]any{receiverURL + "/api/maize*": []any{map[string]any{"status": 200, "body": map[string]any{"price": 410, "currency": "RWF"}}}}})
	assert.Equal(t, "mock", get(mocked, "calls", 0, "answer", "by"))
	assert.Equal(t, "stand-in", get(mocked, "calls", 1, "answer", "by"))
	assert.Contains(t, strings.Join(texts(mocked), "\n"), "costs 410 RWF")
	assert.NotEqual(t, get(out, "contact", "uuid"), get(mocked, "contact", "uuid"), "a new URN stays new: no contact was created")

	g.armed.Store(false)
	assert.Zero(t, g.hits.Load(), "nothing was called")
	assert.Equal(t, before, h.storeState(), "nothing was stored")
	assert.Empty(t, get(h.ok("GET", "/contacts?urn=tel:%2B250788000900", nil), "contacts"), "no contact was created")
	assert.Zero(t, h.deliver(), "nothing was queued")
	status, _ := h.api("GET", "/subscriptions/next?id="+subID+"&timeout=50ms", nil)
	assert.Equal(t, http.StatusNoContent, status, "no subscriber was told")
	assert.Contains(t, h.metric("flowserver_dry_runs_total"), `kind="msg"} 2`)
	assert.NotContains(t, h.metric("flowserver_sprints_total"), `kind="msg"`)
	assert.Empty(t, h.metric("flowserver_webhook_calls_total"))

	// the real message behaves as if the dry runs never happened: a new contact, every
	// service called, the same messages, the deliveries queued
	real := h.ok("POST", "/messages", map[string]any{"urn": urn, "text": "maize"})
	assert.Nil(t, real["dry_run"])
	assert.Nil(t, real["calls"])
	assert.Equal(t, "completed", get(real, "session", "status"))
	next := h.ok("GET", "/subscriptions/next?id="+subID+"&timeout=5s", nil)
	assert.Equal(t, eventUUIDs(real, "msg_received")[0], get(next, "event", "event", "uuid"), "the subscriber's first event is the real message's")
	realMsgs := texts(real)
	require.Len(t, realMsgs, len(msgs))
	assert.Contains(t, realMsgs[0], "costs 350 RWF")
	assert.NotContains(t, msgs[0], "350", "the dry run's lookup got the stand-in answer")
	assert.Equal(t, "(dry run: no model was asked)", msgs[1])
	assert.Equal(t, msgs[2], realMsgs[2])
	assert.Equal(t, int32(2+4), g.hits.Load(), "the webhook, the resthook and four services")
	after := h.storeState()
	assert.Equal(t, before.contacts+1, after.contacts)
	assert.Greater(t, after.events, before.events)
	assert.Equal(t, len(msgs), h.deliver())
	assert.Equal(t, int32(2+4+len(msgs)), g.hits.Load())
}

// testDryRunResume dry-runs replies to a waiting session: the session stays where it was.
func testDryRunResume(t *testing.T, h *harness, g *guard) {
	uploadTwoQuestions(t, h)
	urn := "tel:+250788000901"
	first := h.ok("POST", "/messages", map[string]any{"urn": urn, "text": "fruit"})
	require.Equal(t, "waiting", get(first, "session", "status"))
	cu := get(first, "contact", "uuid").(string)
	session := h.ok("GET", "/contacts/"+cu+"/session", nil)
	h.deliver()
	hits := g.hits.Load()

	before := h.storeState()
	g.armed.Store(true)
	dry := h.ok("POST", "/messages?dry_run=true", map[string]any{"urn": urn, "text": "papaya"})
	assert.Equal(t, []string{"Papaya, good choice. How many would you like?"}, texts(dry))
	assert.Equal(t, get(first, "session", "uuid"), get(dry, "session", "uuid"), "the waiting session was resumed")
	assert.Equal(t, cu, get(dry, "contact", "uuid"))
	assert.Len(t, dry["deliveries"], 1, "the Gateway sink takes the reply")
	assert.Equal(t, []any{}, dry["calls"])
	g.armed.Store(false)
	assert.Equal(t, hits, g.hits.Load())
	assert.Equal(t, before, h.storeState())
	assert.Equal(t, session, h.ok("GET", "/contacts/"+cu+"/session", nil), "the session is as it was, timeout included")

	real := h.ok("POST", "/messages", map[string]any{"urn": urn, "text": "papaya"})
	assert.Equal(t, texts(dry), texts(real))
	assert.Equal(t, get(dry, "session", "status"), get(real, "session", "status"))
}

// testDryRunFlowStart dry-runs a start for a stored contact and a new URN.
func testDryRunFlowStart(t *testing.T, h *harness, g *guard) {
	c := h.ok("POST", "/contacts", map[string]any{"urns": []string{"tel:+250788000910"}, "name": "Bob"})
	cu := get(c, "contact", "uuid").(string)
	h.deliver()
	hits := g.hits.Load()
	before := h.storeState()
	g.armed.Store(true)
	out := h.ok("POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "contacts": []string{cu}, "urns": []string{"tel:+250788000911"}, "dry_run": true})
	assert.Equal(t, true, out["dry_run"])
	assert.Equal(t, twoQuestionsUUID, get(out, "flow", "uuid"))
	assert.Equal(t, float64(2), out["total"])
	assert.Equal(t, float64(2), out["started"])
	contacts := out["contacts"].([]any)
	require.Len(t, contacts, 2)
	assert.Equal(t, cu, get(contacts[0], "contact_uuid"))
	assert.Equal(t, []string{"Hello Bob! What is your favourite fruit? (mango/papaya)"}, texts(contacts[0].(map[string]any)))
	assert.Equal(t, "waiting", get(contacts[0], "session", "status"))
	assert.Len(t, get(contacts[0], "deliveries"), 1)
	assert.Equal(t, get(contacts[1], "contact_uuid"), get(contacts[1], "contact", "uuid"))
	assert.Equal(t, []any{"tel:+250788000911"}, get(contacts[1], "contact", "urns"))
	g.armed.Store(false)
	assert.Equal(t, hits, g.hits.Load())
	assert.Equal(t, before, h.storeState())
	assert.Empty(t, get(h.ok("GET", "/contacts?urn=tel:%2B250788000911", nil), "contacts"))

	// exclude_active skips a contact in a flow, as a real start does
	h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000910", "text": "fruit"})
	out = h.ok("POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "contacts": []string{cu}, "exclude_active": true, "dry_run": true})
	assert.Equal(t, float64(1), out["skipped"])
	assert.Equal(t, true, get(out, "contacts", 0, "skipped"))
	assert.Empty(t, get(out, "contacts", 0, "events"))

	// a dry run is for at most 100 contacts
	urns := make([]string, 101)
	for i := range urns {
		urns[i] = fmt.Sprintf("tel:+25078810%04d", i)
	}
	status, p := h.api("POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "urns": urns, "dry_run": true})
	assert.Equal(t, 422, status)
	assert.Equal(t, "urns[100]", p["field"])
	assert.Contains(t, p["detail"], "at most 100")
	status, _ = h.api("POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "urns": urns[:100], "dry_run": true})
	assert.Equal(t, 200, status)
	assert.Equal(t, before.contacts, h.storeState().contacts)
}

func testDryRunBadInput(t *testing.T, h *harness) {
	msg := map[string]any{"urn": "tel:+250788000920", "text": "fruit"}
	status, p := h.api("POST", "/messages?dry_run=maybe", msg)
	assert.Equal(t, 400, status)
	assert.Equal(t, "dry_run", p["field"])
	assert.Equal(t, "maybe", p["value"])
	assert.Contains(t, p["detail"], "must be true or false")

	withMocks := map[string]any{"urn": "tel:+250788000920", "text": "fruit", "http_mocks": map[string]any{"https://x.example/": []any{}}}
	status, p = h.api("POST", "/messages", withMocks)
	assert.Equal(t, 422, status)
	assert.Equal(t, "http_mocks", p["field"])
	status, p = h.api("POST", "/messages?dry_run=false", withMocks)
	assert.Equal(t, 422, status)
	assert.Equal(t, "http_mocks", p["field"])
	status, p = h.api("POST", "/messages?dry_run=true", map[string]any{"urn": "tel:+250788000920", "text": "fruit",
		"http_mocks": map[string]any{"https://x.example/": []any{map[string]any{"status": 7}}}})
	assert.Equal(t, 422, status)
	assert.Equal(t, "http_mocks", p["field"])
	assert.Contains(t, p["detail"], "status")
	status, p = h.api("POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "urns": []string{"tel:+250788000920"}, "http_mocks": map[string]any{}})
	assert.Equal(t, 422, status)
	assert.Equal(t, "http_mocks", p["field"])
	status, p = h.api("POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "urns": []string{"tel:+250788000920"}, "dry_run": "yes"})
	assert.Equal(t, 422, status)
	assert.Equal(t, "dry_run", p["field"])
}
