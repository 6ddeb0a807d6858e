package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/store/postgres"
	"github.com/rivuletflows/rivulet/store/postgres/pgtest"
	"github.com/rivuletflows/rivulet/store/sqlite"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	twoQuestionsUUID = "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd"
	localSMS         = "b5bf2de1-1410-4a6f-b940-4d7fd06cf0ca"
)

var start = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

// backends opens the databases the e2e suite runs on: SQLite always, PostgreSQL when
// RIVULET_TEST_POSTGRES is set.
func backends(t *testing.T) map[string]func(t *testing.T) func() store.Store {
	return map[string]func(t *testing.T) func() store.Store{
		"sqlite": func(t *testing.T) func() store.Store {
			path := filepath.Join(t.TempDir(), "e2e.db")
			return func() store.Store {
				s, err := sqlite.Open(context.Background(), path)
				require.NoError(t, err)
				return s
			}
		},
		"postgres": func(t *testing.T) func() store.Store {
			dsn := pgtest.DSN(t)
			return func() store.Store {
				s, err := postgres.Open(context.Background(), dsn)
				require.NoError(t, err)
				return s
			}
		},
	}
}

// harness runs the real server on a free loopback port and talks HTTP to it.
type harness struct {
	t     *testing.T
	clock *server.ManualClock
	open  func() store.Store
	st    store.Store
	srv   *server.Server
	hs    *http.Server
	base  string
	token string
	seen  []seenResponse
	// configure, when set, changes the server's configuration before each start.
	configure func(*server.Config)
}

type seenResponse struct {
	method, path string
	status       int
}

func newHarness(t *testing.T, open func() store.Store, configure ...func(*server.Config)) *harness {
	h := &harness{t: t, clock: server.NewManualClock(start), open: open}
	if len(configure) > 0 {
		h.configure = func(cfg *server.Config) {
			for _, c := range configure {
				c(cfg)
			}
		}
	}
	h.startServer()
	t.Cleanup(h.stopServer)
	_, token, err := server.CreateWorkspace(context.Background(), h.st, "Acme", start)
	require.NoError(t, err)
	h.token = token
	return h
}

func (h *harness) startServer() {
	h.st = h.open()
	cfg := server.Config{Store: h.st, Clock: h.clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if h.configure != nil {
		h.configure(&cfg)
	}
	srv, err := server.New(h.t.Context(), cfg)
	require.NoError(h.t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(h.t, err)
	h.srv, h.hs, h.base = srv, &http.Server{Handler: srv.Handler()}, "http://"+ln.Addr().String()
	go h.hs.Serve(ln)
}

func (h *harness) stopServer() {
	if h.hs == nil {
		return
	}
	h.hs.Shutdown(context.Background())
	h.srv.Close()
	h.st.Close()
	h.hs = nil
}

// restart stops the server and its store and starts them again on the same database.
func (h *harness) restart() {
	h.stopServer()
	h.startServer()
}

// call sends a request (body: nil, a string sent as is, or a value sent as JSON) and
// decodes the JSON answer.
func (h *harness) call(token, method, path string, body any) (int, map[string]any) {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		data, err := json.Marshal(b)
		require.NoError(h.t, err)
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, h.base+path, rd)
	require.NoError(h.t, err)
	if token != "" {
		req.Header.Set("Authorization", "Token "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	h.seen = append(h.seen, seenResponse{method, strings.SplitN(path, "?", 2)[0], resp.StatusCode})
	assert.NotEqual(h.t, http.StatusInternalServerError, resp.StatusCode, "%s %s: %s", method, path, data)
	if resp.StatusCode >= 400 {
		assert.Equal(h.t, "application/problem+json", resp.Header.Get("Content-Type"), "%s %s", method, path)
	}
	out := map[string]any{}
	if len(data) > 0 && strings.Contains(resp.Header.Get("Content-Type"), "json") {
		require.NoError(h.t, json.Unmarshal(data, &out), "%s %s: %s", method, path, data)
	}
	return resp.StatusCode, out
}

func (h *harness) api(method, path string, body any) (int, map[string]any) {
	h.t.Helper()
	return h.call(h.token, method, "/api/v1"+path, body)
}

func (h *harness) ok(method, path string, body any) map[string]any {
	h.t.Helper()
	status, out := h.api(method, path, body)
	require.Less(h.t, status, 300, "%s %s: %v", method, path, out)
	return out
}

func readFile(t *testing.T, path string) json.RawMessage {
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	return data
}

// texts returns the texts of the msg_created events of an answer.
func texts(out map[string]any) []string {
	var ts []string
	evs, _ := out["events"].([]any)
	for _, e := range evs {
		ev := e.(map[string]any)
		if inner, ok := ev["event"].(map[string]any); ok {
			ev = inner
		}
		if ev["type"] == "msg_created" {
			ts = append(ts, ev["msg"].(map[string]any)["text"].(string))
		}
	}
	return ts
}

func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func TestE2E(t *testing.T) {
	for name, backend := range backends(t) {
		t.Run(name, func(t *testing.T) {
			open := backend(t)
			for _, tc := range []struct {
				name string
				fn   func(*testing.T, *harness)
			}{
				{"Conversation", testConversation},
				{"TimeoutAndExpiration", testTimeoutAndExpiration},
				{"BadRequests", testBadRequests},
				{"WorkspaceIsolation", testWorkspaceIsolation},
				{"ContactsAndTriggers", testContactsAndTriggers},
				{"FlowStartsAndSimulation", testFlowStartsAndSimulation},
				{"Webhooks", testWebhooks},
				{"ChannelEvents", testChannelEvents},
			} {
				t.Run(tc.name, func(t *testing.T) {
					h := newHarness(t, open)
					tc.fn(t, h)
					checkDocumented(t, h)
				})
			}
		})
	}
}

func uploadTwoQuestions(t *testing.T, h *harness) {
	out := h.ok("PUT", "/assets", readFile(t, "../testdata/flows/two_questions.json"))
	assert.Equal(t, twoQuestionsUUID, get(out, "flows", 0, "uuid"))
	h.ok("POST", "/triggers", map[string]any{"type": "keyword", "flow": twoQuestionsUUID, "keywords": []string{"fruit"}})
}

func testConversation(t *testing.T, h *harness) {
	uploadTwoQuestions(t, h)
	urn := "tel:+250788123456"
	out := h.ok("POST", "/messages", map[string]any{"urn": urn, "text": "Fruit please", "channel": localSMS})
	assert.Equal(t, "waiting", get(out, "session", "status"))
	// the triggering message is the flow's first input: the first wait reads it, finds no
	// fruit in it and asks again
	assert.Equal(t, []string{"Hello ! What is your favourite fruit? (mango/papaya)", "Hello ! What is your favourite fruit? (mango/papaya)"}, texts(out))
	contactUUID := get(out, "contact", "uuid").(string)
	sessionUUID := get(out, "session", "uuid").(string)

	h.restart()
	out = h.ok("POST", "/messages", map[string]any{"urn": urn, "text": "I love mangoes"})
	assert.Equal(t, []string{"Mango, good choice. How many would you like?"}, texts(out))
	assert.Equal(t, sessionUUID, get(out, "session", "uuid"))

	// a long-poll for the next events is answered when they arrive
	cursor := int(h.ok("GET", "/events?contact="+contactUUID, nil)["cursor"].(float64))
	h.restart()
	var wg sync.WaitGroup
	var polled map[string]any
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, polled = h.api("GET", fmt.Sprintf("/events?contact=%s&after=%d&wait=20", contactUUID, cursor), nil)
	}()
	out = h.ok("POST", "/messages", map[string]any{"urn": urn, "text": "3"})
	assert.Equal(t, []string{"Thanks! 3 x Mango = 6 coins."}, texts(out))
	assert.Equal(t, "completed", get(out, "session", "status"))
	assert.Equal(t, "3", get(out, "contact", "fields", "order_size", "text"))
	wg.Wait()
	require.NotEmpty(t, polled["events"])
	assert.Equal(t, "msg_received", get(polled, "events", 0, "event", "type"))

	// the stored contact has what the sprints changed
	c := h.ok("GET", "/contacts/"+contactUUID, nil)
	assert.Equal(t, "3", get(c, "contact", "fields", "order_size", "text"))
	assert.Equal(t, []any{urn}, get(c, "contact", "urns"))

	runs := h.ok("GET", "/runs?flow="+twoQuestionsUUID, nil)
	require.Len(t, runs["runs"], 1)
	assert.Equal(t, "completed", get(runs, "runs", 0, "status"))
	assert.Equal(t, "Mango", get(runs, "runs", 0, "results", "fruit", "category"))
	assert.Equal(t, "3", get(runs, "runs", 0, "results", "quantity", "value"))

	evs := h.ok("GET", "/events?contact="+contactUUID+"&limit=1000", nil)
	types := map[string]int{}
	for _, e := range evs["events"].([]any) {
		types[get(e, "event", "type").(string)]++
	}
	assert.Equal(t, 3, types["msg_received"])
	assert.Equal(t, 4, types["msg_created"])
	page := h.ok("GET", "/events?contact="+contactUUID+"&limit=2", nil)
	require.Len(t, page["events"], 2)
	next := h.ok("GET", fmt.Sprintf("/events?contact=%s&after=%d&limit=1", contactUUID, int(page["cursor"].(float64))), nil)
	assert.Equal(t, get(evs, "events", 2, "id"), get(next, "events", 0, "id"))

	sess := h.ok("GET", "/sessions/"+sessionUUID, nil)
	assert.Equal(t, "completed", get(sess, "session", "status"))
	assert.NotNil(t, get(sess, "session", "session", "runs"))
	cs := h.ok("GET", "/contacts/"+contactUUID+"/session", nil)
	assert.Equal(t, sessionUUID, get(cs, "session", "uuid"))

	// no trigger matches: the message is logged, no session starts
	out = h.ok("POST", "/messages", map[string]any{"urn": urn, "text": "hello?"})
	assert.Nil(t, out["session"])
	assert.Len(t, out["events"], 1)

	status, _ := h.call("", "GET", "/healthz", nil)
	assert.Equal(t, 200, status)
	req, _ := http.NewRequest("GET", h.base+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), `flowserver_sprints_total{kind="msg"} 2`)
	assert.Contains(t, string(body), "flowserver_sprint_duration_seconds_bucket")
	assert.Contains(t, string(body), "flowserver_waiting_sessions")
}

func testTimeoutAndExpiration(t *testing.T, h *harness) {
	uploadTwoQuestions(t, h)
	// the first question times out after 300 seconds
	out := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000101", "text": "fruit"})
	timedUUID := get(out, "contact", "uuid").(string)
	assert.NotNil(t, get(out, "session", "timeout_on"))
	// the second question has no timeout, only the flow's expiration (1440 minutes)
	h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000102", "text": "fruit"})
	h.clock.Advance(time.Minute)
	out = h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000102", "text": "papaya"})
	expiringUUID := get(out, "contact", "uuid").(string)
	assert.Nil(t, get(out, "session", "timeout_on"))
	assert.NotNil(t, get(out, "session", "expires_on"))

	h.clock.Advance(200 * time.Second)
	n, err := h.srv.FireDue(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 0, n)

	h.restart() // due times live in the database
	h.clock.Advance(101 * time.Second)
	n, err = h.srv.FireDue(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	s := h.ok("GET", "/contacts/"+timedUUID+"/session", nil)
	assert.Equal(t, "completed", get(s, "session", "status"))
	evs := h.ok("GET", "/events?contact="+timedUUID, nil)
	var resumed bool
	for _, e := range evs["events"].([]any) {
		if get(e, "event", "type") == "run_result_changed" && get(e, "event", "category") == "No Response" {
			resumed = true
		}
	}
	assert.True(t, resumed, "the timeout took the No Response route")
	s = h.ok("GET", "/contacts/"+expiringUUID+"/session", nil)
	assert.Equal(t, "waiting", get(s, "session", "status"))

	h.restart()
	h.clock.Advance(24 * time.Hour)
	n, err = h.srv.FireDue(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	s = h.ok("GET", "/contacts/"+expiringUUID+"/session", nil)
	assert.NotEqual(t, "waiting", get(s, "session", "status"))
	runs := h.ok("GET", "/runs?flow="+twoQuestionsUUID, nil)
	statuses := map[string]string{}
	for _, r := range runs["runs"].([]any) {
		statuses[get(r, "contact_uuid").(string)] = get(r, "status").(string)
	}
	assert.Equal(t, "expired", statuses[expiringUUID])
	assert.Equal(t, "completed", statuses[timedUUID])

	// nothing is due twice
	n, err = h.srv.FireDue(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 0, n)
}

func testBadRequests(t *testing.T, h *harness) {
	uploadTwoQuestions(t, h)
	broken := `{"flows": [{"uuid": "9f7632ee-6e35-4247-9235-c4c7663fd601", "name": "Broken", "spec_version": "14.4.2", "language": "eng", "type": "messaging",
		"nodes": [{"uuid": "a58be63b-907d-4a1a-856b-0bb5579d7507", "actions": [{"uuid": "ad154980-7bf7-4ab8-8728-545fd6378912", "type": "send_msg"}], "exits": [{"uuid": "3e2dcf45-ffc0-4197-b5ab-25ed974ea612"}]}]}]}`
	for _, tc := range []struct {
		token, method, path string
		body                any
		status              int
		field               string
	}{
		{"", "GET", "/api/v1/flows", nil, 401, "Authorization"},
		{"nope", "GET", "/api/v1/flows", nil, 401, "Authorization"},
		{h.token, "PUT", "/api/v1/assets", "{not json", 400, ""},
		{h.token, "PUT", "/api/v1/assets", "[1, 2]", 400, ""},
		{h.token, "PUT", "/api/v1/assets", broken, 422, "flows[0]"},
		{h.token, "PUT", "/api/v1/assets", `{"flows": [{"uuid": "x"}]}`, 422, ""},
		{h.token, "POST", "/api/v1/messages", "", 400, ""},
		{h.token, "POST", "/api/v1/messages", "[]", 400, ""},
		{h.token, "POST", "/api/v1/messages", map[string]any{}, 422, "urn"},
		{h.token, "POST", "/api/v1/messages", map[string]any{"urn": "bogus", "text": "x"}, 422, "urn"},
		{h.token, "POST", "/api/v1/messages", map[string]any{"urn": 5, "text": "x"}, 422, "urn"},
		{h.token, "POST", "/api/v1/messages", map[string]any{"urn": "tel:+250788000001"}, 422, "text"},
		{h.token, "POST", "/api/v1/messages", map[string]any{"urn": "tel:+250788000001", "text": "x", "colour": "red"}, 422, "colour"},
		{h.token, "POST", "/api/v1/messages", map[string]any{"urn": "tel:+250788000001", "text": "x", "channel": "4bd2b1a8-8a5b-4ba4-9a0a-b6c9e1b4a3a1"}, 422, "channel"},
		{h.token, "POST", "/api/v1/messages", map[string]any{"urn": "tel:+250788000001", "attachments": []string{"nocolon"}}, 422, "attachments[0]"},
		{h.token, "POST", "/api/v1/messages", map[string]any{"urn": "tel:+250788000001", "attachments": make([]string, 11)}, 422, "attachments"},
		{h.token, "POST", "/api/v1/messages", map[string]any{"urn": "tel:+250788000001", "attachments": []string{"image/png:http://x/" + strings.Repeat("a", 2100)}}, 422, "attachments[0]"},
		{h.token, "POST", "/api/v1/messages", map[string]any{"urn": "tel:+250788000001", "text": strings.Repeat("x", utils.MaxInputTextLength+1)}, 422, "text"},
		{h.token, "POST", "/api/v1/messages?dry_run=true", map[string]any{"urn": "tel:+250788000001", "text": strings.Repeat("é", utils.MaxInputTextLength+1)}, 422, "text"},
		{h.token, "POST", "/api/v1/simulate/start", map[string]any{"flow": twoQuestionsUUID, "text": strings.Repeat("x", utils.MaxInputTextLength+1)}, 422, "text"},
		{h.token, "GET", "/api/v1/flows/not-a-uuid", nil, 422, "uuid"},
		{h.token, "GET", "/api/v1/flows/4bd2b1a8-8a5b-4ba4-9a0a-b6c9e1b4a3a1", nil, 404, "uuid"},
		{h.token, "GET", "/api/v1/flows/4bd2b1a8-8a5b-4ba4-9a0a-b6c9e1b4a3a1/revisions", nil, 404, "uuid"},
		{h.token, "GET", "/api/v1/events?limit=abc", nil, 422, "limit"},
		{h.token, "GET", "/api/v1/events?wait=99", nil, 422, "wait"},
		{h.token, "GET", "/api/v1/events?contact=x", nil, 422, "contact"},
		{h.token, "GET", "/api/v1/runs?flow=x", nil, 422, "flow"},
		{h.token, "GET", "/api/v1/runs?after=-1", nil, 422, "after"},
		{h.token, "POST", "/api/v1/triggers", map[string]any{"type": "nope", "flow": twoQuestionsUUID}, 422, "type"},
		{h.token, "POST", "/api/v1/triggers", map[string]any{"type": "keyword", "flow": twoQuestionsUUID}, 422, "keywords"},
		{h.token, "POST", "/api/v1/triggers", map[string]any{"type": "keyword", "flow": twoQuestionsUUID, "keywords": []string{"two words"}}, 422, "keywords[0]"},
		{h.token, "POST", "/api/v1/triggers", map[string]any{"type": "catch_all", "flow": "4bd2b1a8-8a5b-4ba4-9a0a-b6c9e1b4a3a1"}, 422, "flow"},
		{h.token, "POST", "/api/v1/triggers", map[string]any{"type": "catch_all", "flow": twoQuestionsUUID, "groups": []string{"x"}}, 422, "groups[0]"},
		{h.token, "POST", "/api/v1/triggers", map[string]any{"type": "keyword", "flow": twoQuestionsUUID, "keywords": []string{"a"}, "match_type": "any"}, 422, "match_type"},
		{h.token, "PUT", "/api/v1/triggers/4bd2b1a8-8a5b-4ba4-9a0a-b6c9e1b4a3a1", map[string]any{"type": "catch_all", "flow": twoQuestionsUUID}, 404, "uuid"},
		{h.token, "POST", "/api/v1/contacts", map[string]any{"urns": []string{"tel"}}, 422, "urns[0]"},
		{h.token, "POST", "/api/v1/contacts", map[string]any{"language": "english"}, 422, "language"},
		{h.token, "POST", "/api/v1/contacts", map[string]any{"timezone": "Mars/Base"}, 422, "timezone"},
		{h.token, "POST", "/api/v1/contacts", map[string]any{"fields": map[string]any{"shoe_size": "9"}}, 422, "fields.shoe_size"},
		{h.token, "POST", "/api/v1/contacts", map[string]any{"status": "asleep"}, 422, "status"},
		{h.token, "POST", "/api/v1/contacts", map[string]any{"name": strings.Repeat("n", flows.MaxContactNameLength+1)}, 422, "name"},
		{h.token, "POST", "/api/v1/contacts", map[string]any{"fields": map[string]any{"order_size": strings.Repeat("9", flows.MaxFieldValueLength+1)}}, 422, "fields.order_size"},
		{h.token, "GET", "/api/v1/contacts?urn=bogus", nil, 422, "urn"},
		{h.token, "POST", "/api/v1/flow_starts", map[string]any{"flow": twoQuestionsUUID}, 422, "contacts"},
		{h.token, "POST", "/api/v1/flow_starts", map[string]any{"flow": "x", "urns": []string{"tel:+250788000001"}}, 422, "flow"},
		{h.token, "POST", "/api/v1/flow_starts", map[string]any{"flow": twoQuestionsUUID, "urns": []string{"x"}}, 422, "urns[0]"},
		{h.token, "POST", "/api/v1/channel_events", map[string]any{"type": "earthquake", "urn": "tel:+250788000001"}, 422, "type"},
		{h.token, "POST", "/api/v1/channel_events", map[string]any{"type": "optin", "urn": "tel:+250788000001"}, 422, "optin"},
		{h.token, "POST", "/api/v1/simulate/start", map[string]any{"flow": "x"}, 422, "flow"},
		{h.token, "POST", "/api/v1/simulate/resume", map[string]any{}, 422, "session"},
		{h.token, "POST", "/api/v1/simulate/resume", map[string]any{"session": map[string]any{"uuid": 1}, "text": "x"}, 422, "session"},
		{h.token, "POST", "/api/v1/contacts/4bd2b1a8-8a5b-4ba4-9a0a-b6c9e1b4a3a1/interrupt", nil, 404, "uuid"},
		{h.token, "GET", "/api/v1/nowhere", nil, 404, "path"},
		{h.token, "DELETE", "/api/v1/flows", nil, 405, "method"},
	} {
		status, out := h.call(tc.token, tc.method, tc.path, tc.body)
		assert.Equal(t, tc.status, status, "%s %s %v: %v", tc.method, tc.path, tc.body, out)
		assert.Equal(t, float64(tc.status), out["status"], "%s %s", tc.method, tc.path)
		assert.NotEmpty(t, out["detail"], "%s %s", tc.method, tc.path)
		if tc.field != "" {
			assert.Equal(t, tc.field, out["field"], "%s %s: %v", tc.method, tc.path, out)
		}
	}
	// the refused upload saved nothing: the flow before it is still the only one
	flows := h.ok("GET", "/flows", nil)
	require.Len(t, flows["flows"], 1)
	assert.Equal(t, twoQuestionsUUID, get(flows, "flows", 0, "uuid"))
	// the broken upload's error names the flow and the field
	_, out := h.call(h.token, "PUT", "/api/v1/assets", broken)
	assert.Contains(t, out["detail"], "Broken")
	assert.Contains(t, out["detail"], "text")
}

func testWorkspaceIsolation(t *testing.T, h *harness) {
	uploadTwoQuestions(t, h)
	out := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000200", "text": "fruit"})
	contactA := get(out, "contact", "uuid").(string)
	sessionA := get(out, "session", "uuid").(string)
	triggersA := h.ok("GET", "/triggers", nil)
	triggerA := get(triggersA, "triggers", 0, "uuid").(string)

	_, tokenB, err := server.CreateWorkspace(context.Background(), h.st, "Other", start)
	require.NoError(t, err)
	b := func(method, path string, body any) (int, map[string]any) {
		return h.call(tokenB, method, "/api/v1"+path, body)
	}

	for _, tc := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/flows/" + twoQuestionsUUID, nil},
		{"GET", "/flows/" + twoQuestionsUUID + "/revisions", nil},
		{"GET", "/contacts/" + contactA, nil},
		{"PATCH", "/contacts/" + contactA, map[string]any{"name": "Stolen"}},
		{"DELETE", "/contacts/" + contactA, nil},
		{"GET", "/contacts/" + contactA + "/session", nil},
		{"POST", "/contacts/" + contactA + "/interrupt", nil},
		{"GET", "/sessions/" + sessionA, nil},
		{"GET", "/triggers/" + triggerA, nil},
		{"PUT", "/triggers/" + triggerA, map[string]any{"type": "catch_all", "flow": twoQuestionsUUID}},
		{"DELETE", "/triggers/" + triggerA, nil},
	} {
		status, _ := b(tc.method, tc.path, tc.body)
		assert.Contains(t, []int{404, 422}, status, "%s %s", tc.method, tc.path)
	}
	for path, key := range map[string]string{"/flows": "flows", "/triggers": "triggers", "/events": "events", "/runs": "runs", "/contacts": "contacts"} {
		status, out := b("GET", path, nil)
		assert.Equal(t, 200, status)
		assert.Empty(t, out[key], path)
	}
	status, _ := b("POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "contacts": []string{contactA}})
	assert.Equal(t, 422, status)
	status, _ = b("POST", "/simulate/start", map[string]any{"flow": twoQuestionsUUID})
	assert.Equal(t, 422, status)
	// the same URN in B is another contact, with no session and no trigger to start one
	status, out = b("POST", "/messages", map[string]any{"urn": "tel:+250788000200", "text": "fruit"})
	assert.Equal(t, 200, status)
	assert.NotEqual(t, contactA, get(out, "contact", "uuid"))
	assert.Nil(t, out["session"])

	// A's data is untouched
	c := h.ok("GET", "/contacts/"+contactA, nil)
	assert.Nil(t, get(c, "contact", "name"))
	s := h.ok("GET", "/sessions/"+sessionA, nil)
	assert.Equal(t, "waiting", get(s, "session", "status"))
	h.ok("GET", "/triggers/"+triggerA, nil)
}

func testContactsAndTriggers(t *testing.T, h *harness) {
	uploadTwoQuestions(t, h)
	out := h.ok("POST", "/contacts", map[string]any{"name": "Amara", "language": "eng", "urns": []string{"tel:+250788000300"}, "fields": map[string]any{"first_name": "Amara"}})
	u := get(out, "contact", "uuid").(string)
	found := h.ok("GET", "/contacts?urn=tel:%2B250788000300", nil)
	assert.Equal(t, u, get(found, "contacts", 0, "uuid"))
	none := h.ok("GET", "/contacts?urn=tel:%2B250788000399", nil)
	assert.Empty(t, none["contacts"])

	status, conflict := h.api("POST", "/contacts", map[string]any{"urns": []string{"tel:+250788000300"}})
	assert.Equal(t, 409, status, "%v", conflict)
	patched := h.ok("PATCH", "/contacts/"+u, map[string]any{"name": "Amara Uwase", "fields": map[string]any{"first_name": nil}})
	assert.Equal(t, "Amara Uwase", get(patched, "contact", "name"))
	assert.Nil(t, get(patched, "contact", "fields", "first_name"))
	other := h.ok("POST", "/contacts", map[string]any{"urns": []string{"tel:+250788000301"}})
	status, _ = h.api("PATCH", "/contacts/"+get(other, "contact", "uuid").(string), map[string]any{"urns": []string{"tel:+250788000300"}})
	assert.Equal(t, 409, status)

	// the contact's name is used by the flow
	h.ok("PATCH", "/contacts/"+u, map[string]any{"fields": map[string]any{"first_name": "Amara"}})
	msg := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000300", "text": "FRUIT!"})
	assert.Equal(t, "Hello Amara! What is your favourite fruit? (mango/papaya)", texts(msg)[0])
	started := h.ok("GET", "/sessions/"+get(msg, "session", "uuid").(string), nil)
	assert.Equal(t, "fruit", get(started, "session", "session", "trigger", "keyword_match", "keyword"))
	assert.Equal(t, "first_word", get(started, "session", "session", "trigger", "keyword_match", "type"))
	intr := h.ok("POST", "/contacts/"+u+"/interrupt", nil)
	assert.Equal(t, true, intr["interrupted"])
	assert.Equal(t, "interrupted", get(intr, "session", "status"))
	intr = h.ok("POST", "/contacts/"+u+"/interrupt", nil)
	assert.Equal(t, false, intr["interrupted"])

	// only_word keywords need the message to be the keyword alone; catch-all takes the rest
	tr := h.ok("POST", "/triggers", map[string]any{"type": "keyword", "flow": twoQuestionsUUID, "keywords": []string{"start"}, "match_type": "only_word", "active": false})
	trUUID := get(tr, "trigger", "uuid").(string)
	out = h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000302", "text": "start"})
	assert.Nil(t, out["session"], "inactive trigger")
	h.ok("PUT", "/triggers/"+trUUID, map[string]any{"type": "keyword", "flow": twoQuestionsUUID, "keywords": []string{"start"}, "match_type": "only_word"})
	out = h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000303", "text": "start now"})
	assert.Nil(t, out["session"], "only_word with more words")
	out = h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000303", "text": "Start"})
	assert.Equal(t, "waiting", get(out, "session", "status"))
	catch := h.ok("POST", "/triggers", map[string]any{"type": "catch_all", "flow": twoQuestionsUUID, "channels": []string{localSMS}})
	out = h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000304", "text": "anything"})
	assert.Nil(t, out["session"], "catch-all limited to a channel")
	out = h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000304", "text": "anything", "channel": localSMS})
	assert.Equal(t, "waiting", get(out, "session", "status"))
	h.ok("DELETE", "/triggers/"+get(catch, "trigger", "uuid").(string), nil)
	list := h.ok("GET", "/triggers", nil)
	assert.Len(t, list["triggers"], 2)

	// a channel event starts the flow of its trigger, interrupting what waits
	h.ok("POST", "/triggers", map[string]any{"type": "new_conversation", "flow": twoQuestionsUUID})
	ev := h.ok("POST", "/channel_events", map[string]any{"type": "new_conversation", "urn": "tel:+250788000304", "channel": localSMS})
	assert.Equal(t, "waiting", get(ev, "session", "status"))
	ev = h.ok("POST", "/channel_events", map[string]any{"type": "referral", "urn": "tel:+250788000304"})
	assert.Nil(t, ev["session"])

	h.ok("DELETE", "/contacts/"+u, nil)
	status, _ = h.api("GET", "/contacts/"+u, nil)
	assert.Equal(t, 404, status)
	h.ok("GET", "/flows/"+twoQuestionsUUID, nil)
	revs := h.ok("GET", "/flows/"+twoQuestionsUUID+"/revisions", nil)
	assert.Len(t, revs["revisions"], 1)
	// uploading a changed flow adds a revision
	var doc map[string]any
	require.NoError(t, json.Unmarshal(readFile(t, "../testdata/flows/two_questions.json"), &doc))
	get(doc, "flows", 0).(map[string]any)["name"] = "Two Questions Again"
	h.ok("PUT", "/assets", doc)
	revs = h.ok("GET", "/flows/"+twoQuestionsUUID+"/revisions", nil)
	assert.Len(t, revs["revisions"], 2)
	flow := h.ok("GET", "/flows/"+twoQuestionsUUID, nil)
	assert.Equal(t, "Two Questions Again", get(flow, "flow", "name"))
}

func testFlowStartsAndSimulation(t *testing.T, h *harness) {
	uploadTwoQuestions(t, h)
	c := h.ok("POST", "/contacts", map[string]any{"urns": []string{"tel:+250788000400"}})
	cu := get(c, "contact", "uuid").(string)
	h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000400", "text": "fruit"})
	fs := h.ok("POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "contacts": []string{cu}, "urns": []string{"tel:+250788000401", "tel:+250788000402"}, "exclude_active": true})
	h.srv.Drain()
	got := h.ok("GET", "/flow_starts/"+get(fs, "flow_start", "uuid").(string), nil)
	assert.Equal(t, "completed", get(got, "flow_start", "status"))
	assert.Equal(t, float64(3), get(got, "flow_start", "total"))
	assert.Equal(t, float64(2), get(got, "flow_start", "started"))
	assert.Equal(t, float64(1), get(got, "flow_start", "skipped"))
	found := h.ok("GET", "/contacts?urn=tel:%2B250788000401", nil)
	u401 := get(found, "contacts", 0, "uuid").(string)
	s := h.ok("GET", "/contacts/"+u401+"/session", nil)
	assert.Equal(t, "waiting", get(s, "session", "status"))

	before := h.ok("GET", "/events?limit=1000", nil)
	sim := h.ok("POST", "/simulate/start", map[string]any{"flow": twoQuestionsUUID})
	assert.Equal(t, "waiting", sim["status"])
	assert.Equal(t, []string{"Hello ! What is your favourite fruit? (mango/papaya)"}, texts(sim))
	sim = h.ok("POST", "/simulate/resume", map[string]any{"session": sim["session"], "contact": sim["contact"], "text": "papaya"})
	assert.Equal(t, []string{"Papaya, good choice. How many would you like?"}, texts(sim))
	after := h.ok("GET", "/events?limit=1000", nil)
	assert.Equal(t, len(before["events"].([]any)), len(after["events"].([]any)), "simulation stores nothing")

	acts := h.ok("GET", "/actions", nil)
	var sendMsg map[string]any
	for _, a := range acts["actions"].([]any) {
		if get(a, "name") == "send_msg" {
			sendMsg = a.(map[string]any)
		}
	}
	require.NotNil(t, sendMsg)
	assert.Equal(t, "messaging", sendMsg["category"])
	assert.Equal(t, "string", get(sendMsg, "schema", "properties", "text", "type"))
	assert.Equal(t, "send_msg", get(sendMsg, "schema", "properties", "type", "const"))
}

// checkDocumented checks that every answer the test saw has its status in the OpenAPI
// document served by the server.
func checkDocumented(t *testing.T, h *harness) {
	status, doc := h.call("", "GET", "/openapi.json", nil)
	require.Equal(t, 200, status)
	paths := doc["paths"].(map[string]any)
	for _, s := range h.seen {
		tmpl := matchPath(paths, s.path)
		if tmpl == "" {
			assert.Equal(t, 404, s.status, "undocumented path %s answered %d", s.path, s.status)
			continue
		}
		op, ok := get(paths, tmpl, strings.ToLower(s.method)).(map[string]any)
		if !ok {
			assert.Equal(t, 405, s.status, "undocumented method %s %s answered %d", s.method, tmpl, s.status)
			continue
		}
		_, ok = get(op, "responses", fmt.Sprint(s.status)).(map[string]any)
		assert.True(t, ok, "%s %s answered %d, not documented", s.method, tmpl, s.status)
	}
}

// matchPath finds the path template of a path; the one with the most literal segments
// wins (/subscriptions/next over /subscriptions/{id}).
func matchPath(paths map[string]any, path string) string {
	segs := strings.Split(path, "/")
	best, bestScore := "", -1
	for tmpl := range paths {
		ts := strings.Split(tmpl, "/")
		if len(ts) != len(segs) {
			continue
		}
		ok, score := true, 0
		for i := range ts {
			if ts[i] == segs[i] {
				score++
			} else if !strings.HasPrefix(ts[i], "{") {
				ok = false
				break
			}
		}
		if ok && score > bestScore {
			best, bestScore = tmpl, score
		}
	}
	return best
}

// webhookFlow calls a URL and says whether the call succeeded.
func webhookFlow(url string) map[string]any {
	flow := `{"uuid": "58a4e3b5-02d4-4c1a-9bd3-f1b1d3c2a201", "name": "Price", "spec_version": "14.4.2", "language": "eng", "type": "messaging",
	 "revision": 1, "expire_after_minutes": 60, "localization": {}, "nodes": [
	 {"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e01", "actions": [{"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e02", "type": "call_webhook", "method": "GET",
	   "url": "URL", "headers": {}, "body": "", "result_name": "Lookup"}],
	  "router": {"type": "switch", "operand": "@results.lookup.category", "cases": [{"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e03", "type": "has_only_text",
	   "category_uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e04", "arguments": ["Success"]}],
	   "categories": [{"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e04", "name": "Success", "exit_uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e05"},
	                  {"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e06", "name": "Failure", "exit_uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e07"}],
	   "default_category_uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e06"},
	  "exits": [{"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e05", "destination_uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e08"},
	            {"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e07", "destination_uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e0a"}]},
	 {"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e08", "actions": [{"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e09", "type": "send_msg", "text": "price @webhook.json.price"}],
	  "exits": [{"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e0c"}]},
	 {"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e0a", "actions": [{"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e0b", "type": "send_msg", "text": "no price today"}],
	  "exits": [{"uuid": "0a1c2d3e-4f50-4617-8829-3a4b5c6d7e0d"}]}]}`
	var f map[string]any
	if err := json.Unmarshal([]byte(strings.Replace(flow, "URL", url, 1)), &f); err != nil {
		panic(err)
	}
	return map[string]any{"flows": []any{f}}
}

// testWebhooks checks that a failing webhook never stalls a flow: it takes its failure
// route and the call's trace is in the event log. Loopback is refused by default; a server
// allowed private addresses reaches a loopback service that fails.
func testWebhooks(t *testing.T, h *harness) {
	var calls atomic.Int32
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"price": 42}`))
	}))
	defer svc.Close()

	h.ok("PUT", "/assets", webhookFlow(svc.URL+"/price"))
	h.ok("POST", "/triggers", map[string]any{"type": "catch_all", "flow": "58a4e3b5-02d4-4c1a-9bd3-f1b1d3c2a201"})
	out := h.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000500", "text": "price?"})
	assert.Equal(t, []string{"no price today"}, texts(out), "refused loopback call takes the failure route")
	assert.Equal(t, "completed", get(out, "session", "status"))
	assert.Zero(t, calls.Load(), "nothing was sent to the loopback address")
	evs := h.ok("GET", "/events?contact="+get(out, "contact", "uuid").(string), nil)
	var refused bool
	for _, e := range evs["events"].([]any) {
		if get(e, "event", "type") == "error" && strings.Contains(fmt.Sprint(get(e, "event", "text")), "refused") {
			refused = true
		}
	}
	assert.True(t, refused, "the refusal is in the event log: %v", evs)

	allowed := newHarness(t, h.open, func(c *server.Config) { c.AllowPrivateWebhooks = true })
	allowed.ok("PUT", "/assets", webhookFlow(svc.URL+"/price"))
	allowed.ok("POST", "/triggers", map[string]any{"type": "catch_all", "flow": "58a4e3b5-02d4-4c1a-9bd3-f1b1d3c2a201"})
	out = allowed.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000501", "text": "price?"})
	assert.Equal(t, []string{"no price today"}, texts(out), "a 503 takes the failure route")
	out = allowed.ok("POST", "/messages", map[string]any{"urn": "tel:+250788000502", "text": "price?"})
	assert.Equal(t, []string{"price 42"}, texts(out))
	assert.Equal(t, int32(2), calls.Load())

	evs = allowed.ok("GET", "/events?limit=1000", nil)
	var traces []map[string]any
	for _, e := range evs["events"].([]any) {
		if get(e, "event", "type") == "webhook_called" {
			traces = append(traces, get(e, "event").(map[string]any))
			assert.NotEmpty(t, get(e, "contact_uuid"))
			assert.NotEmpty(t, get(e, "session_uuid"))
		}
	}
	require.Len(t, traces, 2)
	assert.Equal(t, svc.URL+"/price", traces[0]["url"])
	assert.Equal(t, float64(503), traces[0]["status_code"])
	assert.NotEqual(t, "success", traces[0]["status"])
	assert.Equal(t, "success", traces[1]["status"])
	assert.NotNil(t, traces[0]["elapsed_ms"])

	req, _ := http.NewRequest("GET", allowed.base+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Contains(t, string(body), `flowserver_webhook_calls_total{status="success"} 1`)
}

// testChannelEvents starts flows from each kind of channel event through its trigger, and
// checks the session's trigger says what happened.
func testChannelEvents(t *testing.T, h *harness) {
	var doc map[string]any
	require.NoError(t, json.Unmarshal(readFile(t, "../testdata/flows/two_questions.json"), &doc))
	const optin = "d028693a-2f54-4af8-9bf5-3a1a851be794"
	doc["optins"] = []any{map[string]any{"uuid": optin, "name": "Price Alerts"}}
	h.ok("PUT", "/assets", doc)
	for _, typ := range []string{"missed_call", "referral", "opt_in", "opt_out", "closed_ticket"} {
		body := map[string]any{"type": typ, "flow": twoQuestionsUUID}
		if typ == "referral" {
			body["referrer_id"] = "poster"
		}
		if typ == "opt_in" {
			body["optin"] = optin
		}
		h.ok("POST", "/triggers", body)
	}
	for i, tc := range []struct {
		body    map[string]any
		started bool
		trigger string
		event   string
	}{
		{map[string]any{"type": "missed_call", "channel": localSMS}, true, "channel", "missed_call"},
		{map[string]any{"type": "referral", "referrer_id": "radio"}, false, "", ""},
		{map[string]any{"type": "referral", "referrer_id": "poster"}, true, "channel", "referral"},
		{map[string]any{"type": "optin", "optin": optin, "channel": localSMS}, true, "optin", "optin_started"},
		{map[string]any{"type": "optout", "optin": optin}, true, "optin", "optin_stopped"},
		{map[string]any{"type": "ticket_closed", "ticket": map[string]any{"uuid": "b6d91a25-5609-47d5-b7e9-6b51212e3707", "status": "closed"}}, true, "ticket", "ticket_closed"},
		{map[string]any{"type": "new_conversation"}, false, "", ""},
	} {
		tc.body["urn"] = fmt.Sprintf("tel:+25078800060%d", i)
		out := h.ok("POST", "/channel_events", tc.body)
		if !tc.started {
			assert.Nil(t, out["session"], "%v", tc.body)
			continue
		}
		require.NotNil(t, out["session"], "%v", tc.body)
		s := h.ok("GET", "/sessions/"+get(out, "session", "uuid").(string), nil)
		assert.Equal(t, tc.trigger, get(s, "session", "session", "trigger", "type"), "%v", tc.body)
		assert.Equal(t, tc.event, get(s, "session", "session", "trigger", "event", "type"), "%v", tc.body)
	}
	status, out := h.api("POST", "/channel_events", map[string]any{"type": "optin", "urn": "tel:+250788000700", "optin": "0c78ef47-7d56-44d8-8f57-96e0f30e8f44"})
	assert.Equal(t, 422, status)
	assert.Equal(t, "optin", out["field"])
	status, out = h.api("POST", "/channel_events", map[string]any{"type": "ticket_closed", "urn": "tel:+250788000700"})
	assert.Equal(t, 422, status)
	assert.Equal(t, "ticket", out["field"])
}
