package engine_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

// contextAssets is a flow that asks a question, then calls a webhook and sends a message
// in the node after the answer, then asks again.
const contextAssets = `{"flows": [{
	"uuid": "3c1e5b7a-9f2d-4e8a-b6c4-1d7f0a2e9b01", "name": "Context", "spec_version": "14.4.2",
	"language": "eng", "type": "messaging",
	"nodes": [{
		"uuid": "a1f0c2d4-5b6e-4f7a-8c9d-0e1f2a3b4c01",
		"actions": [{"uuid": "b2e1d3c5-6a7f-4e8b-9d0a-1f2e3d4c5b01", "type": "send_msg", "text": "What is your name?"}],
		"router": {"type": "switch", "wait": {"type": "msg"}, "operand": "@input.text",
			"categories": [{"uuid": "c3d2e4f6-7b8a-4f9c-8e1b-2a3f4e5d6c01", "name": "All", "exit_uuid": "d4e3f5a7-8c9b-4a0d-9f2c-3b4a5f6e7d01"}],
			"default_category_uuid": "c3d2e4f6-7b8a-4f9c-8e1b-2a3f4e5d6c01"},
		"exits": [{"uuid": "d4e3f5a7-8c9b-4a0d-9f2c-3b4a5f6e7d01", "destination_uuid": "e5f4a6b8-9d0c-4b1e-8a3d-4c5b6a7f8e01"}]
	}, {
		"uuid": "e5f4a6b8-9d0c-4b1e-8a3d-4c5b6a7f8e01",
		"actions": [
			{"uuid": "f6a5b7c9-0e1d-4c2f-9b4e-5d6c7b8a9f01", "type": "call_webhook", "method": "GET", "url": "http://127.0.0.1:1/hook"},
			{"uuid": "a7b6c8d0-1f2e-4d3a-8c5f-6e7d8c9b0a01", "type": "send_msg", "text": "Thanks @input.text"}
		],
		"router": {"type": "switch", "wait": {"type": "msg"}, "operand": "@input.text",
			"categories": [{"uuid": "b8c7d9e1-2a3f-4e4b-9d6a-7f8e9d0c1b01", "name": "All", "exit_uuid": "c9d8e0f2-3b4a-4f5c-8e7b-8a9f0e1d2c01"}],
			"default_category_uuid": "b8c7d9e1-2a3f-4e4b-9d6a-7f8e9d0c1b01"},
		"exits": [{"uuid": "c9d8e0f2-3b4a-4f5c-8e7b-8a9f0e1d2c01"}]
	}]
}]}`

// hookFunc is a webhook service made of a function.
type hookFunc func(ctx context.Context, req *services.Request) (*services.Call, error)

func (f hookFunc) Call(ctx context.Context, req *services.Request) (*services.Call, error) {
	return f(ctx, req)
}

type contextSetup struct {
	sa      *engine.Assets
	contact *flows.Contact
	trigger *triggers.Trigger
	answer  *resumes.Resume
}

func newContextSetup(t *testing.T) *contextSetup {
	t.Helper()
	src, err := static.ReadSource([]byte(contextAssets))
	if err != nil {
		t.Fatal(err)
	}
	sa := engine.NewAssets(src.Collection())
	contact, err := flows.ReadContact(sa.Collection, []byte(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan", "status": "active", "created_on": "2018-06-20T11:40:30.123456789Z", "urns": ["tel:+12065551212"]}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	trigger, err := triggers.Read([]byte(`{"type": "manual", "triggered_on": "2018-06-20T11:40:30.123456789Z", "flow": {"uuid": "3c1e5b7a-9f2d-4e8a-b6c4-1d7f0a2e9b01", "name": "Context"}}`))
	if err != nil {
		t.Fatal(err)
	}
	answer, err := resumes.Read([]byte(`{"type": "msg", "resumed_on": "2018-06-20T11:41:30.123456789Z",
		"event": {"uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5", "type": "msg_received", "created_on": "2018-06-20T11:41:30.123456789Z",
		"msg": {"urn": "tel:+12065551212", "text": "Bob"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	return &contextSetup{sa: sa, contact: contact, trigger: trigger, answer: answer}
}

func newContextEngine(hook services.Webhook, timeout time.Duration) *engine.Engine {
	clock := utils.NewSequentialClock(utils.ReplayStart, time.Second)
	return engine.New(engine.Options{
		Clock:         clock,
		UUIDs:         utils.NewSeededV7Generator(clock, 1),
		Random:        utils.NewSeededRandom(1),
		Services:      &services.Services{Webhook: hook},
		SprintTimeout: timeout,
	})
}

func eventTypes(evs []events.Event) []string {
	types := make([]string, len(evs))
	for i, e := range evs {
		types[i] = e.Type()
	}
	return types
}

// checkInterrupted checks a sprint ended by its context: the error names the cause, the
// session and its runs are failed, the last event is the failure, no action after the
// interrupted one ran, and the session is stored and read back like any other.
func checkInterrupted(t *testing.T, cs *contextSetup, eng *engine.Engine, s *engine.Session, sprint *engine.Sprint, err error, cause error, text string) {
	t.Helper()
	if !errors.Is(err, engine.ErrSprintInterrupted) || !errors.Is(err, cause) {
		t.Fatalf("Resume error is %v, want one wrapping ErrSprintInterrupted and %v", err, cause)
	}
	if sprint == nil {
		t.Fatal("an interrupted sprint must still be returned")
	}
	types := eventTypes(sprint.Events)
	if got := strings.Join(types, ","); strings.Contains(got, "msg_created") || strings.Contains(got, "error") {
		t.Errorf("events after the interruption: %s", got)
	}
	last := sprint.Events[len(sprint.Events)-2]
	failure, ok := last.(*events.Failure)
	if !ok {
		t.Fatalf("events are %v, want a failure then run_ended", types)
	}
	if failure.Text != text {
		t.Errorf("failure text is %q, want %q", failure.Text, text)
	}
	if types[len(types)-1] != events.TypeRunEnded {
		t.Errorf("last event is %s, want run_ended", types[len(types)-1])
	}
	if s.Status() != flows.SessionStatusFailed {
		t.Errorf("session is %s, want failed", s.Status())
	}
	for _, r := range s.Runs() {
		if r.Status() != flows.RunStatusFailed {
			t.Errorf("run %s is %s, want failed", r.UUID(), r.Status())
		}
	}
	data, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	back, err := eng.ReadSession(cs.sa, data, cs.contact, nil)
	if err != nil {
		t.Fatalf("reading the interrupted session back: %v", err)
	}
	again, err := back.MarshalJSON()
	if err != nil || string(again) != string(data) {
		t.Errorf("interrupted session does not read back the same:\n%s\n%s", data, again)
	}
}

func TestSprintCancelledDuringServiceCall(t *testing.T) {
	cs := newContextSetup(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls := 0
	eng := newContextEngine(hookFunc(func(hctx context.Context, req *services.Request) (*services.Call, error) {
		calls++
		cancel() // the caller gives up while the webhook is being called
		<-hctx.Done()
		return nil, hctx.Err()
	}), 0)
	s, _, err := eng.NewSession(ctx, cs.sa, envs.DefaultSettings(), cs.contact, cs.trigger, nil)
	if err != nil {
		t.Fatal(err)
	}
	sprint, err := s.Resume(ctx, cs.answer)
	if calls != 1 {
		t.Fatalf("webhook called %d times, want 1", calls)
	}
	checkInterrupted(t, cs, eng, s, sprint, err, context.Canceled, "sprint interrupted: context canceled")
}

func TestSprintDeadline(t *testing.T) {
	cs := newContextSetup(t)
	eng := newContextEngine(hookFunc(func(hctx context.Context, req *services.Request) (*services.Call, error) {
		select {
		case <-hctx.Done():
			return nil, hctx.Err()
		case <-time.After(10 * time.Second):
			return nil, errors.New("the sprint's deadline did not reach the service call")
		}
	}), 50*time.Millisecond)
	s, _, err := eng.NewSession(context.Background(), cs.sa, envs.DefaultSettings(), cs.contact, cs.trigger, nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sprint, err := s.Resume(context.Background(), cs.answer)
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("sprint took %s, deadline was 50ms", elapsed)
	}
	checkInterrupted(t, cs, eng, s, sprint, err, context.DeadlineExceeded, "sprint interrupted: context deadline exceeded")
}

func TestSprintCallerDeadline(t *testing.T) {
	cs := newContextSetup(t)
	eng := newContextEngine(hookFunc(func(hctx context.Context, req *services.Request) (*services.Call, error) {
		<-hctx.Done()
		return nil, hctx.Err()
	}), 0)
	s, _, err := eng.NewSession(context.Background(), cs.sa, envs.DefaultSettings(), cs.contact, cs.trigger, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	sprint, err := s.Resume(ctx, cs.answer)
	checkInterrupted(t, cs, eng, s, sprint, err, context.DeadlineExceeded, "sprint interrupted: context deadline exceeded")
}

func TestSprintContextDoneOnEntry(t *testing.T) {
	cs := newContextSetup(t)
	eng := newContextEngine(hookFunc(func(context.Context, *services.Request) (*services.Call, error) {
		t.Fatal("no service may be called once the context is done")
		return nil, nil
	}), 0)
	done, cancel := context.WithCancel(context.Background())
	cancel()

	s, sprint, err := eng.NewSession(done, cs.sa, envs.DefaultSettings(), cs.contact, cs.trigger, nil)
	if !errors.Is(err, engine.ErrSprintInterrupted) || !errors.Is(err, context.Canceled) || s != nil || sprint != nil {
		t.Fatalf("NewSession with a done context gave %v, %v, %v; want nothing started", s, sprint, err)
	}

	s, _, err = eng.NewSession(context.Background(), cs.sa, envs.DefaultSettings(), cs.contact, cs.trigger, nil)
	if err != nil {
		t.Fatal(err)
	}
	before, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	sprint, err = s.Resume(done, cs.answer)
	if !errors.Is(err, engine.ErrSprintInterrupted) || sprint != nil {
		t.Fatalf("Resume with a done context gave %v, %v; want an interruption error and no sprint", sprint, err)
	}
	after, err := s.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if string(before) != string(after) || s.Status() != flows.SessionStatusWaiting {
		t.Errorf("session changed by a resume that never started:\n%s\n%s", before, after)
	}
}

func TestSprintContextReachesServices(t *testing.T) {
	cs := newContextSetup(t)
	type key struct{}
	var seen any
	eng := newContextEngine(hookFunc(func(hctx context.Context, req *services.Request) (*services.Call, error) {
		seen = hctx.Value(key{})
		return nil, errors.New("refused")
	}), 0)
	ctx := context.WithValue(context.Background(), key{}, "trace-1")
	s, _, err := eng.NewSession(ctx, cs.sa, envs.DefaultSettings(), cs.contact, cs.trigger, nil)
	if err != nil {
		t.Fatal(err)
	}
	sprint, err := s.Resume(ctx, cs.answer)
	if err != nil {
		t.Fatal(err)
	}
	if seen != "trace-1" {
		t.Errorf("webhook saw context value %v, want the caller's trace-1", seen)
	}
	// a service failing on its own is the flow's error, and the flow goes on
	got := strings.Join(eventTypes(sprint.Events), ",")
	if !strings.Contains(got, "error,msg_created") || s.Status() != flows.SessionStatusWaiting {
		t.Errorf("events %s, session %s: want the webhook error then the message, and a waiting session", got, s.Status())
	}
}
