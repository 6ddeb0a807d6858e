package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/store/postgres/pgtest"
	"github.com/rivuletflows/rivulet/store/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	twoQuestionsUUID = "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd"
	priceFlowUUID    = "58a4e3b5-02d4-4c1a-9bd3-f1b1d3c2a201"
)

// webhookAssets is two_questions.json (its first question's timeout set to timeout
// seconds when not zero) and a flow that calls a webhook at url and sends the price.
func webhookAssets(t *testing.T, url string, timeout int) map[string]any {
	data, err := os.ReadFile("../../testdata/flows/two_questions.json")
	require.NoError(t, err)
	doc := map[string]any{}
	require.NoError(t, json.Unmarshal(data, &doc))
	if timeout > 0 {
		wait := dig(doc, "flows", 0, "nodes", 0, "router", "wait", "timeout").(map[string]any)
		wait["seconds"] = timeout
	}
	price := `{"uuid": "` + priceFlowUUID + `", "name": "Price", "spec_version": "14.4.2", "language": "eng", "type": "messaging",
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
	f := map[string]any{}
	require.NoError(t, json.Unmarshal([]byte(strings.Replace(price, "URL", url, 1)), &f))
	doc["flows"] = append(doc["flows"].([]any), f)
	return doc
}

// scripts are the conversations of the crash test, chosen by contact number: what each
// contact sends, one message after the answer to the one before. The last one's first
// question times out.
var scripts = [][]string{
	{"fruit", "mango", "3"},
	{"fruit", "papaya", "7"},
	{"price"},
	{"fruit"},
}

// signature is what an event log is compared on: each event's type with what tells it
// apart from another of its type (a message's text, a result's category, a call's status).
func signature(t *testing.T, page map[string]any) []string {
	var out []string
	for _, e := range page["events"].([]any) {
		ev := dig(e, "event").(map[string]any)
		s := ev["type"].(string)
		switch s {
		case "msg_created", "msg_received":
			s += " " + fmt.Sprint(dig(ev, "msg", "text"))
		case "run_result_changed":
			s += fmt.Sprintf(" %v=%v", ev["name"], ev["category"])
		case "webhook_called":
			s += " " + fmt.Sprint(ev["status"])
		}
		out = append(out, s)
	}
	return out
}

// referenceLogs runs each script for one contact on a single server (in process, SQLite,
// a manual clock moved past the timeout) and returns the event log signatures, and last the
// log of a contact started by a flow start whose question times out.
func referenceLogs(t *testing.T, url string, timeout int) [][]string {
	st, err := sqlite.Open(context.Background(), t.TempDir()+"/ref.db")
	require.NoError(t, err)
	defer st.Close()
	clock := server.NewManualClock(time.Now())
	srv, err := server.New(t.Context(), server.Config{Store: st, Clock: clock, AllowPrivateWebhooks: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Events: server.EventsConfig{ManualDelivery: true}})
	require.NoError(t, err)
	defer srv.Close()
	hs := httptest.NewServer(srv.Handler())
	defer hs.Close()
	_, token, err := server.CreateWorkspace(context.Background(), st, "Ref", clock.Now())
	require.NoError(t, err)
	addr := strings.TrimPrefix(hs.URL, "http://")
	c := newClient(token)
	c.ok(t, addr, "PUT", "/assets", webhookAssets(t, url, timeout))
	c.ok(t, addr, "POST", "/triggers", map[string]any{"type": "keyword", "keywords": []string{"fruit"}, "flow": twoQuestionsUUID})
	c.ok(t, addr, "POST", "/triggers", map[string]any{"type": "keyword", "keywords": []string{"price"}, "flow": priceFlowUUID})
	var contacts []string
	for i, script := range scripts {
		var cu string
		for _, text := range script {
			out := c.ok(t, addr, "POST", "/messages", map[string]any{"urn": fmt.Sprintf("tel:+25079900%04d", i), "text": text})
			cu = dig(out, "contact", "uuid").(string)
		}
		contacts = append(contacts, cu)
	}
	// and a contact a flow start starts, whose first question times out too
	c.ok(t, addr, "POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "urns": []string{"tel:+250799010000"}})
	srv.Drain()
	found := c.ok(t, addr, "GET", "/contacts?urn=tel:%2B250799010000", nil)
	contacts = append(contacts, dig(found, "contacts", 0, "uuid").(string))
	clock.Advance(time.Duration(timeout+1) * time.Second)
	n, err := srv.FireDue(context.Background())
	require.NoError(t, err)
	require.Equal(t, 2, n, "the reference's two timeouts fire")
	var out [][]string
	for _, cu := range contacts {
		out = append(out, signature(t, c.ok(t, addr, "GET", "/events?limit=1000&contact="+cu, nil)))
	}
	return out
}

// TestCrash is the multi-worker crash test: three flowserver processes on one PostgreSQL
// schema, contacts conversing through two_questions.json and a webhook flow with their
// messages sent round-robin and a flow start running in batches meanwhile, two workers
// SIGKILLed mid-load and started again. Clients retry a message on a connection error, at
// the next worker, with the same external_id. At the end every contact's event log must be
// the one a single process produces, and, with NATS, each msg_created must reach the
// stream once.
func TestCrash(t *testing.T) {
	dsn := pgtest.DSN(t)
	const (
		contacts = 240
		inFlight = 12
		timeout  = 2 // seconds, the first question's
		// startContacts are started by a flow start: 4 batches
		startContacts = 200
	)
	var hooks atomic.Int32
	svc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hooks.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"price": 42}`))
	}))
	defer svc.Close()
	want := referenceLogs(t, svc.URL+"/price", timeout)
	hooks.Store(0)

	token := createWorkspace(t, dsn)
	env := []string{"RIVULET_DB=" + dsn, "RIVULET_DB_CONNS=8", "RIVULET_CLAIM_LEASE=2s", "RIVULET_DELIVERY_LEASE=3s",
		"RIVULET_TICK=200ms", "RIVULET_LOG_LEVEL=warn"}
	natsURL := os.Getenv("RIVULET_TEST_NATS")
	if natsURL != "" {
		env = append(env, "RIVULET_NATS="+natsURL)
	}
	var workers []*proc
	for i := 0; i < 3; i++ {
		workers = append(workers, startProc(t, freeAddr(t), env, "-"+"allow-private-hosts"))
	}
	c := newClient(token)
	first := workers[0].addr
	c.ok(t, first, "PUT", "/assets", webhookAssets(t, svc.URL+"/price", timeout))
	c.ok(t, first, "POST", "/triggers", map[string]any{"type": "keyword", "keywords": []string{"fruit"}, "flow": twoQuestionsUUID})
	c.ok(t, first, "POST", "/triggers", map[string]any{"type": "keyword", "keywords": []string{"price"}, "flow": priceFlowUUID})

	var js nats.JetStreamContext
	prefix := "rivcrash" + strings.ReplaceAll(uuid.NewString()[:8], "-", "")
	if natsURL != "" {
		nc, err := nats.Connect(natsURL)
		require.NoError(t, err)
		defer nc.Close()
		js, err = nc.JetStream()
		require.NoError(t, err)
		_, err = js.AddStream(&nats.StreamConfig{Name: strings.ToUpper(prefix), Subjects: []string{prefix + ".>"}, Storage: nats.MemoryStorage, Duplicates: 10 * time.Minute})
		require.NoError(t, err)
		defer js.DeleteStream(strings.ToUpper(prefix))
		c.ok(t, first, "POST", "/sinks", map[string]any{"name": "bus", "filter": "event_type == 'msg_created'",
			"destinations": []any{map[string]any{"type": "nats", "subject": prefix + ".{event_type}"}}})
	}

	total := 0
	for i := 0; i < contacts; i++ {
		total += len(scripts[i%len(scripts)])
	}
	// send: each contact's messages in order, contacts in parallel, worker by worker in turn
	var next, acked, retries, dups atomic.Int64
	// two kills: the second worker at 30% of the messages answered, the third at 60%
	killAt := map[int64]int{int64(total) * 3 / 10: 1, int64(total) * 6 / 10: 2}
	killed := make(chan int, len(killAt))
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Second)
	defer cancel()
	send := func(i, k int, text string) error {
		body := map[string]any{"urn": fmt.Sprintf("tel:+25078800%04d", i), "text": text, "external_id": fmt.Sprintf("c%d-m%d", i, k)}
		for ctx.Err() == nil {
			w := workers[next.Add(1)%int64(len(workers))]
			status, out, err := c.do(ctx, w.addr, "POST", "/messages", body)
			if err == nil && status == 200 {
				if out["duplicate"] == true {
					dups.Add(1) // it had been run before its answer was lost
				}
				if w, ok := killAt[acked.Add(1)]; ok {
					killed <- w
				}
				return nil
			}
			if err == nil && status < 500 {
				return fmt.Errorf("message %v answered %d: %v", body, status, out)
			}
			retries.Add(1) // a connection error or a 5xx: the same message, to the next worker
			time.Sleep(20 * time.Millisecond)
		}
		return ctx.Err()
	}
	// a flow start to contacts of their own runs in batches during the load, whichever
	// workers claim them, killed ones included
	var startURNs []string
	for i := 0; i < startContacts; i++ {
		startURNs = append(startURNs, fmt.Sprintf("tel:+25078801%04d", i))
	}
	fsUUID := dig(c.ok(t, first, "POST", "/flow_starts", map[string]any{"flow": twoQuestionsUUID, "urns": startURNs}), "flow_start", "uuid").(string)
	started := time.Now()
	errs := make(chan error, contacts)
	sem := make(chan struct{}, inFlight)
	var wg sync.WaitGroup
	for i := 0; i < contacts; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			for k, text := range scripts[i%len(scripts)] {
				if err := send(i, k, text); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	// the killer: SIGKILL a worker while its requests are under way, then start it again
	// on the same port
	restarted := make(chan struct{})
	go func() {
		defer close(restarted)
		for range killAt {
			var victim *proc
			select {
			case w := <-killed:
				victim = workers[w]
			case <-ctx.Done():
				return
			}
			victim.cmd.Process.Kill()
			<-victim.done
			t.Logf("killed worker %s after %d of %d messages", victim.addr, acked.Load(), total)
			time.Sleep(300 * time.Millisecond)
			victim.start()
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	elapsed := time.Since(started)
	<-restarted
	for _, w := range workers {
		require.True(t, w.running(), "worker %s runs", w.addr)
	}
	t.Logf("%d messages to 3 workers in %s (%.0f/s), %d retried after connection errors, %d answered as duplicates, %d webhook calls", total, elapsed.Round(time.Millisecond),
		float64(total)/elapsed.Seconds(), retries.Load(), dups.Load(), hooks.Load())

	// the timeouts: every contact of the last script times out once, on some worker
	uuids := make([]string, contacts)
	for i := range uuids {
		found := c.ok(t, first, "GET", fmt.Sprintf("/contacts?urn=tel:%%2B25078800%04d", i), nil)
		uuids[i] = dig(found, "contacts", 0, "uuid").(string)
	}
	deadline := time.Now().Add(40 * time.Second)
	for i := len(scripts) - 1; i < contacts; i += len(scripts) {
		for {
			s := c.ok(t, first, "GET", "/contacts/"+uuids[i]+"/session", nil)
			if dig(s, "session", "status") != "waiting" {
				break
			}
			require.True(t, time.Now().Before(deadline), "contact %d's timeout never fired", i)
			time.Sleep(200 * time.Millisecond)
		}
	}

	// the flow start completes once, every contact started once, and their timeouts fire
	for {
		fs := c.ok(t, first, "GET", "/flow_starts/"+fsUUID, nil)
		if dig(fs, "flow_start", "status") == "completed" {
			require.Equal(t, []any{float64(startContacts), float64(startContacts), float64(0), float64(0)},
				[]any{dig(fs, "flow_start", "total"), dig(fs, "flow_start", "started"), dig(fs, "flow_start", "skipped"), dig(fs, "flow_start", "failed")}, "%v", fs)
			break
		}
		require.True(t, time.Now().Before(deadline), "the flow start never completed: %v", fs)
		time.Sleep(200 * time.Millisecond)
	}
	wantStarted := want[len(want)-1]
	msgCreated := map[string]bool{}
	for i := 0; i < startContacts; i++ {
		found := c.ok(t, first, "GET", fmt.Sprintf("/contacts?urn=tel:%%2B25078801%04d", i), nil)
		cu := dig(found, "contacts", 0, "uuid").(string)
		for {
			s := c.ok(t, first, "GET", "/contacts/"+cu+"/session", nil)
			if dig(s, "session", "status") != "waiting" {
				break
			}
			require.True(t, time.Now().Before(deadline), "started contact %d's timeout never fired", i)
			time.Sleep(200 * time.Millisecond)
		}
		page := c.ok(t, workers[i%3].addr, "GET", "/events?limit=1000&contact="+cu, nil)
		require.Equal(t, wantStarted, signature(t, page), "contact %d of the flow start", i)
		for _, e := range page["events"].([]any) {
			if dig(e, "event", "type") == "msg_created" {
				msgCreated[dig(e, "event", "uuid").(string)] = true
			}
		}
	}

	// every log is the single process's, and no message is missing or twice
	for i, cu := range uuids {
		page := c.ok(t, workers[i%3].addr, "GET", "/events?limit=1000&contact="+cu, nil)
		require.Equal(t, want[i%len(scripts)], signature(t, page), "contact %d (script %d)", i, i%len(scripts))
		for _, e := range page["events"].([]any) {
			if dig(e, "event", "type") == "msg_created" {
				msgCreated[dig(e, "event", "uuid").(string)] = true
			}
		}
	}
	if js == nil {
		t.Log("RIVULET_TEST_NATS is not set: the sink's deliveries are not checked")
		return
	}
	// each msg_created reaches the stream once, whichever worker delivered it
	sub, err := js.PullSubscribe(prefix+".>", "", nats.BindStream(strings.ToUpper(prefix)))
	require.NoError(t, err)
	seen := map[string]int{}
	deadline = time.Now().Add(30 * time.Second)
	for len(seen) < len(msgCreated) && time.Now().Before(deadline) {
		msgs, err := sub.Fetch(500, nats.MaxWait(time.Second))
		if err != nil && err != nats.ErrTimeout {
			require.NoError(t, err)
		}
		for _, m := range msgs {
			m.Ack()
			var body map[string]any
			require.NoError(t, json.Unmarshal(m.Data, &body))
			seen[fmt.Sprint(dig(body, "event", "uuid"))]++
		}
	}
	assert.Len(t, seen, len(msgCreated), "every msg_created published")
	for u, n := range seen {
		assert.True(t, msgCreated[u], "published event %s is not in the log", u)
		assert.Equal(t, 1, n, "event %s published %d times", u, n)
	}
}
