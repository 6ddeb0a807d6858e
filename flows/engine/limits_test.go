package engine_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/engine/enginetest"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// limitFlow builds flows for the limit tests. Node i has the given actions and goes to
// node next(i) (-1: nowhere); a node with wait set waits for a message first.
type limitNode struct {
	actions []map[string]any
	next    int
	wait    bool
}

func nodeUUID(flow, i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", flow+1, i+1) }

func limitFlowJSON(flow int, name string, nodes []limitNode) map[string]any {
	var out []any
	for i, n := range nodes {
		actions := []any{}
		for j, orig := range n.actions {
			a := map[string]any{}
			for k, v := range orig {
				a[k] = v
			}
			a["uuid"] = fmt.Sprintf("%08x-1111-4000-8000-%06x%06x", flow+1, i+1, j+1)
			actions = append(actions, a)
		}
		exit := map[string]any{"uuid": fmt.Sprintf("%08x-2222-4000-8000-%012x", flow+1, i+1)}
		if n.next >= 0 {
			exit["destination_uuid"] = nodeUUID(flow, n.next)
		}
		node := map[string]any{"uuid": nodeUUID(flow, i), "actions": actions, "exits": []any{exit}}
		if n.wait {
			cat := fmt.Sprintf("%08x-3333-4000-8000-%012x", flow+1, i+1)
			node["router"] = map[string]any{"type": "switch", "operand": "@input.text", "wait": map[string]any{"type": "msg"},
				"categories":            []any{map[string]any{"uuid": cat, "name": "All", "exit_uuid": exit["uuid"]}},
				"default_category_uuid": cat}
		}
		out = append(out, node)
	}
	return map[string]any{"uuid": nodeUUID(flow, 999), "name": name, "spec_version": "14.4.2", "language": "eng",
		"type": "messaging", "revision": 1, "expire_after_minutes": 60, "localization": map[string]any{}, "nodes": out}
}

func sendMsg(text string) map[string]any { return map[string]any{"type": "send_msg", "text": text} }

// startLimited starts the first of flows with the given options changed by edit.
func startLimited(t *testing.T, edit func(*engine.Options), flowDefs ...map[string]any) (*engine.Session, *engine.Sprint, error) {
	t.Helper()
	assetsJSON, _ := json.Marshal(map[string]any{"flows": flowDefs})
	src, err := static.ReadSource(assetsJSON)
	if err != nil {
		t.Fatal(err)
	}
	sa := engine.NewAssets(src.Collection())
	contact, err := flows.ReadContact(sa.Collection, []byte(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan", "status": "active", "created_on": "2018-06-20T11:40:30Z", "urns": ["tel:+250788000100"]}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := json.Marshal(map[string]any{"uuid": flowDefs[0]["uuid"], "name": flowDefs[0]["name"]})
	trigger, err := triggers.Read([]byte(`{"type": "manual", "triggered_on": "2018-06-20T11:40:30Z", "flow": ` + string(ref) + `}`))
	if err != nil {
		t.Fatal(err)
	}
	opts := enginetest.ReplayOptions(nil)
	if edit != nil {
		edit(&opts)
	}
	return engine.New(opts).NewSession(context.Background(), sa, envs.DefaultSettings(), contact, trigger, nil)
}

// failure returns the text of the sprint's failure event, "" when there is none.
func failure(sp *engine.Sprint) string {
	for _, e := range sp.Events {
		if f, ok := e.(*events.Failure); ok {
			return f.Text
		}
	}
	return ""
}

// TestHostileFlowEndsOnTextBudget is the 11 KB flow of the issue: 100 send_msg of a
// megabyte of text in a node that loops to itself, which without a budget evaluates tens
// of gigabytes in one sprint. It ends on the text budget, quickly, in bounded memory.
func TestHostileFlowEndsOnTextBudget(t *testing.T) {
	var actions []map[string]any
	for i := 0; i < 100; i++ {
		actions = append(actions, sendMsg(`@(repeat("x", 1000000))`))
	}
	hostile := limitFlowJSON(0, "Hostile", []limitNode{{actions: actions, next: 0}})
	testutil.Bounded(t, "hostile sprint", 10*time.Second, 1<<30, func() {
		session, sprint, err := startLimited(t, nil, hostile)
		if err != nil {
			t.Fatal(err)
		}
		want := fmt.Sprintf("Reached maximum bytes of evaluated text per sprint (%d)", engine.DefaultMaxTextBytesPerSprint)
		if got := failure(sprint); got != want {
			t.Errorf("failure %q, want %q", got, want)
		}
		if session.Status() != flows.SessionStatusFailed {
			t.Errorf("session is %s", session.Status())
		}
	})
}

// TestSprintBudgets: each budget lets a sprint at its value through and fails one past it.
func TestSprintBudgets(t *testing.T) {
	if engine.DefaultMaxTextBytesPerSprint != 8<<20 || engine.DefaultMaxEventsPerSprint != 2000 || engine.DefaultMaxServiceCallsPerSprint != 50 ||
		engine.DefaultMaxSprintsPerSession != 500 || engine.DefaultMaxRunsPerSession != 1000 || engine.MaxSessionBytes != 16<<20 {
		t.Fatal("a default limit changed: update docs/security.md and this test")
	}

	// text: one message of exactly 1000 bytes
	text := limitFlowJSON(0, "Text", []limitNode{{actions: []map[string]any{sendMsg(`@(repeat("x", 1000))`)}, next: -1}})
	for limit, want := range map[int]string{1000: "", 999: "Reached maximum bytes of evaluated text per sprint (999)"} {
		_, sp, _ := startLimited(t, func(o *engine.Options) { o.Limits.MaxTextBytesPerSprint = limit }, text)
		if got := failure(sp); got != want {
			t.Errorf("text limit %d: failure %q, want %q", limit, got, want)
		}
	}

	// events: count those of a plain sprint, then allow exactly that many, and one fewer
	three := limitFlowJSON(0, "Three", []limitNode{{actions: []map[string]any{sendMsg("a"), sendMsg("b"), sendMsg("c")}, next: -1}})
	_, sp, _ := startLimited(t, nil, three)
	n := len(sp.Events)
	_, sp, _ = startLimited(t, func(o *engine.Options) { o.Limits.MaxEventsPerSprint = n }, three)
	if got := failure(sp); got != "" {
		t.Errorf("%d events allowed: failure %q", n, got)
	}
	_, sp, _ = startLimited(t, func(o *engine.Options) { o.Limits.MaxEventsPerSprint = n - 1 }, three)
	if got, want := failure(sp), fmt.Sprintf("Reached maximum number of events per sprint (%d)", n-1); got != want {
		t.Errorf("%d events allowed: failure %q, want %q", n-1, got, want)
	}

	// service calls: three webhook calls
	hook := map[string]any{"type": "call_webhook", "method": "GET", "url": "http://example.com/", "headers": map[string]any{}, "body": ""}
	calls := limitFlowJSON(0, "Calls", []limitNode{{actions: []map[string]any{hook, hook, hook}, next: -1}})
	for limit, want := range map[int]string{3: "", 2: "Reached maximum number of service calls per sprint (2)"} {
		counter := &countingWebhook{}
		_, sp, _ := startLimited(t, func(o *engine.Options) {
			o.Limits.MaxServiceCallsPerSprint = limit
			svc := *o.Services
			svc.Webhook = counter
			o.Services = &svc
		}, calls)
		if got := failure(sp); got != want {
			t.Errorf("call limit %d: failure %q, want %q", limit, got, want)
		}
		if counter.n != min(limit, 3) {
			t.Errorf("call limit %d: %d calls made", limit, counter.n)
		}
	}
}

type countingWebhook struct{ n int }

func (w *countingWebhook) Call(ctx context.Context, req *services.Request) (*services.Call, error) {
	w.n++
	return &services.Call{Method: req.Method, URL: req.URL, Status: services.CallStatusConnectionError, Err: errors.New("no network")}, nil
}

// TestSessionCaps: sprints and runs per session, and the steps of a sprint.
func TestSessionCaps(t *testing.T) {
	if engine.DefaultMaxStepsPerSprint != 100 || engine.MaxSubflowDepth != 256 {
		t.Fatal("a default limit changed: update docs/security.md and this test")
	}
	// sprints: a flow that waits for a message forever
	loop := limitFlowJSON(0, "Loop", []limitNode{{wait: true, next: 0}})
	session, sp, err := startLimited(t, func(o *engine.Options) { o.Limits.MaxSprintsPerSession = 3 }, loop)
	if err != nil || failure(sp) != "" {
		t.Fatalf("start: %v %q", err, failure(sp))
	}
	resume, err := resumes.Read([]byte(`{"type": "msg", "resumed_on": "2018-06-20T11:41:30Z", "event": {"type": "msg_received", "uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5", "created_on": "2018-06-20T11:41:30Z", "msg": {"urn": "tel:+250788000100", "text": "hi"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= 4; i++ {
		sp, err := session.Resume(context.Background(), resume)
		if err != nil {
			t.Fatalf("sprint %d: %v", i, err)
		}
		want := ""
		if i == 4 {
			want = "Reached maximum number of sprints per session (3)"
		}
		if got := failure(sp); got != want {
			t.Errorf("sprint %d: failure %q, want %q", i, got, want)
		}
	}

	// runs: a parent entering the same child three times makes four runs
	child := limitFlowJSON(1, "Child", []limitNode{{actions: []map[string]any{sendMsg("child")}, next: -1}})
	enter := map[string]any{"type": "enter_flow", "flow": map[string]any{"uuid": child["uuid"], "name": "Child"}}
	parentNodes := []limitNode{{actions: []map[string]any{enter}, next: 1}, {actions: []map[string]any{enter}, next: 2}, {actions: []map[string]any{enter}, next: -1}}
	for i := range parentNodes {
		parentNodes[i].actions = []map[string]any{{"type": "enter_flow", "flow": map[string]any{"uuid": child["uuid"], "name": "Child"}}}
	}
	for limit, want := range map[int]string{4: "", 3: "Reached maximum number of runs per session (3)"} {
		parent := limitFlowJSON(0, "Parent", parentNodes)
		session, sp, _ := startLimited(t, func(o *engine.Options) { o.Limits.MaxRunsPerSession = limit }, parent, child)
		if got := failure(sp); got != want {
			t.Errorf("run limit %d: failure %q, want %q (%d runs)", limit, got, want, len(session.Runs()))
		}
	}

	// steps: a chain of 100 nodes completes, of 101 fails
	for n, want := range map[int]string{100: "", 101: "Reached maximum number of steps per sprint (100)"} {
		var chain []limitNode
		for i := 0; i < n; i++ {
			next := i + 1
			if i == n-1 {
				next = -1
			}
			chain = append(chain, limitNode{next: next})
		}
		_, sp, _ := startLimited(t, nil, limitFlowJSON(0, "Chain", chain))
		if got := failure(sp); got != want {
			t.Errorf("chain of %d: failure %q, want %q", n, got, want)
		}
	}

	// subflow depth: a flow entering itself nests 256 deep, the 257th entry fails
	self := limitFlowJSON(0, "Self", []limitNode{{next: -1}})
	self["nodes"].([]any)[0].(map[string]any)["actions"] = []any{map[string]any{"uuid": "0000000a-1111-4000-8000-000000000001", "type": "enter_flow", "flow": map[string]any{"uuid": self["uuid"], "name": "Self"}}}
	session, sp, _ = startLimited(t, func(o *engine.Options) { o.MaxStepsPerSprint = 1000 }, self)
	if got, want := failure(sp), "reached maximum subflow depth (256)"; got != want {
		t.Errorf("self recursion: failure %q, want %q", got, want)
	}
	if len(session.Runs()) != engine.MaxSubflowDepth+1 {
		t.Errorf("self recursion made %d runs, want %d (the root and 256 nested)", len(session.Runs()), engine.MaxSubflowDepth+1)
	}
}

// TestDeadlineEndsHostileSprint: a sprint that would run long (every step calls a slow
// webhook) ends on the engine's SprintTimeout in bounded time, with a failure event.
func TestDeadlineEndsHostileSprint(t *testing.T) {
	hook := map[string]any{"type": "call_webhook", "method": "GET", "url": "http://example.com/", "headers": map[string]any{}, "body": ""}
	hostile := limitFlowJSON(0, "Slow", []limitNode{{actions: []map[string]any{hook}, next: 0}})
	start := time.Now()
	session, sp, err := startLimited(t, func(o *engine.Options) {
		o.SprintTimeout = 200 * time.Millisecond
		svc := *o.Services
		svc.Webhook = slowWebhook{}
		o.Services = &svc
	}, hostile)
	if !errors.Is(err, engine.ErrSprintInterrupted) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %v, want the sprint interrupted by its deadline", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("sprint took %s with a 200ms deadline", d)
	}
	if !strings.Contains(failure(sp), "context deadline exceeded") || session.Status() != flows.SessionStatusFailed {
		t.Errorf("failure %q, status %s", failure(sp), session.Status())
	}
}

type slowWebhook struct{}

func (slowWebhook) Call(ctx context.Context, req *services.Request) (*services.Call, error) {
	select {
	case <-time.After(50 * time.Millisecond):
	case <-ctx.Done():
	}
	return &services.Call{Method: req.Method, URL: req.URL, Status: services.CallStatusConnectionError, Err: errors.New("slow")}, nil
}

// TestSessionSizeCap: a stored session over MaxSessionBytes is refused before it is read.
func TestSessionSizeCap(t *testing.T) {
	eng := enginetest.NewReplay(nil)
	src, _ := static.ReadSource([]byte(`{"flows": []}`))
	big := make([]byte, engine.MaxSessionBytes+1)
	_, err := eng.ReadSession(engine.NewAssets(src.Collection()), big, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "more than the maximum of 16777216") {
		t.Errorf("past the cap: %v", err)
	}
	// at the cap it is read as JSON (and this one isn't)
	_, err = eng.ReadSession(engine.NewAssets(src.Collection()), big[:engine.MaxSessionBytes], nil, nil)
	if err == nil || strings.Contains(err.Error(), "more than the maximum") {
		t.Errorf("at the cap: %v", err)
	}
}
