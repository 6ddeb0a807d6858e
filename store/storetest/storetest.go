// Package storetest is the suite every store.Store implementation must pass. An
// implementation's test calls Run with a function opening a fresh, empty store.
package storetest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var t0 = time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)

// Run runs the suite, opening a new store for each test.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := map[string]func(*testing.T, store.Store){
		"Workspaces":      testWorkspaces,
		"Assets":          testAssets,
		"Contacts":        testContacts,
		"Sprint":          testSprint,
		"SprintOrder":     testSprintOrder,
		"SprintRollback":  testSprintRollback,
		"DueWaits":        testDueWaits,
		"Triggers":        testTriggers,
		"FlowStarts":      testFlowStarts,
		"Isolation":       testIsolation,
		"EventsAndRuns":   testEventsAndRuns,
		"DeleteContact":   testDeleteContact,
		"Sinks":           testSinks,
		"Outbox":          testOutbox,
		"InboundSecrets":  testInboundSecrets,
		"SprintRecords":   testSprintRecords,
		"ClaimDueWaits":   testClaimDueWaits,
		"ClaimFlowStarts": testClaimFlowStarts,
		"SprintKeys":      testSprintKeys,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) { fn(t, open(t)) })
	}
}

func newWorkspace(t *testing.T, s store.Store, name string) *store.Workspace {
	w, err := s.CreateWorkspace(t.Context(), name, "hash-"+name+"-"+uuid.NewString(), t0)
	require.NoError(t, err)
	return w
}

func newContact(t *testing.T, s store.Store, ws int64, urns ...string) *store.Contact {
	u := uuid.NewString()
	c := &store.Contact{UUID: u, URNs: urns, Data: json.RawMessage(fmt.Sprintf(`{"uuid":"%s","n":0}`, u)), CreatedOn: t0, ModifiedOn: t0}
	require.NoError(t, s.CreateContact(t.Context(), ws, c))
	return c
}

func testWorkspaces(t *testing.T, s store.Store) {
	ctx := t.Context()
	w, err := s.CreateWorkspace(ctx, "Acme", "h1", t0)
	require.NoError(t, err)
	assert.Equal(t, "Acme", w.Name)
	assert.NotZero(t, w.ID)

	got, err := s.WorkspaceByToken(ctx, "h1")
	require.NoError(t, err)
	assert.Equal(t, w.ID, got.ID)
	assert.Equal(t, w.UUID, got.UUID)
	assert.True(t, got.CreatedOn.Equal(t0))

	_, err = s.WorkspaceByToken(ctx, "nope")
	assert.ErrorIs(t, err, store.ErrNotFound)

	require.NoError(t, s.AddToken(ctx, w.ID, "h2", t0))
	got, err = s.WorkspaceByToken(ctx, "h2")
	require.NoError(t, err)
	assert.Equal(t, w.ID, got.ID)
	assert.ErrorIs(t, s.AddToken(ctx, w.ID, "h2", t0), store.ErrConflict)
	assert.ErrorIs(t, s.AddToken(ctx, 99999, "h3", t0), store.ErrNotFound)
}

func testAssets(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "a")
	doc, err := s.Assets(ctx, w.ID)
	require.NoError(t, err)
	assert.Nil(t, doc)

	f1 := &store.Flow{UUID: uuid.NewString(), Name: "B flow", Type: "messaging", SpecVersion: "14.4.2", Definition: json.RawMessage(`{"v":1}`)}
	f2 := &store.Flow{UUID: uuid.NewString(), Name: "A flow", Type: "messaging", SpecVersion: "14.4.2", Definition: json.RawMessage(`{"v":1}`)}
	require.NoError(t, s.SaveAssets(ctx, w.ID, json.RawMessage(`{"flows":[]}`), []*store.Flow{f1, f2}, t0))
	doc, err = s.Assets(ctx, w.ID)
	require.NoError(t, err)
	assert.JSONEq(t, `{"flows":[]}`, string(doc))
	ws, err := s.Workspace(ctx, w.ID)
	require.NoError(t, err)
	assert.Equal(t, int64(1), ws.AssetsVersion)

	flows, err := s.Flows(ctx, w.ID)
	require.NoError(t, err)
	require.Len(t, flows, 2)
	assert.Equal(t, "A flow", flows[0].Name)
	assert.Equal(t, 1, flows[0].Revision)

	// same definition: no new revision; changed: a new one; left out: no longer current
	f1b := &store.Flow{UUID: f1.UUID, Name: "B flow", Type: "messaging", SpecVersion: "14.4.2", Definition: json.RawMessage(`{"v":2}`)}
	f2b := &store.Flow{UUID: f2.UUID, Name: "A flow renamed", Type: "messaging", SpecVersion: "14.4.2", Definition: json.RawMessage(`{"v":1}`)}
	require.NoError(t, s.SaveAssets(ctx, w.ID, json.RawMessage(`{}`), []*store.Flow{f1b, f2b}, t0.Add(time.Hour)))
	got, err := s.Flow(ctx, w.ID, f1.UUID)
	require.NoError(t, err)
	assert.Equal(t, 2, got.Revision)
	assert.JSONEq(t, `{"v":2}`, string(got.Definition))
	got, err = s.Flow(ctx, w.ID, f2.UUID)
	require.NoError(t, err)
	assert.Equal(t, 1, got.Revision)
	assert.Equal(t, "A flow renamed", got.Name)

	revs, err := s.FlowRevisions(ctx, w.ID, f1.UUID)
	require.NoError(t, err)
	require.Len(t, revs, 2)
	assert.Equal(t, 2, revs[0].Revision)
	assert.JSONEq(t, `{"v":1}`, string(revs[1].Definition))

	require.NoError(t, s.SaveAssets(ctx, w.ID, json.RawMessage(`{}`), []*store.Flow{f1b}, t0.Add(2*time.Hour)))
	_, err = s.Flow(ctx, w.ID, f2.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.FlowRevisions(ctx, w.ID, uuid.NewString())
	assert.ErrorIs(t, err, store.ErrNotFound)
	assert.ErrorIs(t, s.SaveAssets(ctx, 99999, json.RawMessage(`{}`), nil, t0), store.ErrNotFound)
}

func testContacts(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "c")
	c := newContact(t, s, w.ID, "tel:+250788000001", "whatsapp:250788000001")

	got, err := s.ContactByURN(ctx, w.ID, "tel:+250788000001")
	require.NoError(t, err)
	assert.Equal(t, c.UUID, got.UUID)
	assert.ElementsMatch(t, c.URNs, got.URNs)
	assert.JSONEq(t, string(c.Data), string(got.Data))

	_, err = s.ContactByURN(ctx, w.ID, "tel:+1")
	assert.ErrorIs(t, err, store.ErrNotFound)
	id, err := s.ContactUUIDByURN(ctx, w.ID, "whatsapp:250788000001")
	require.NoError(t, err)
	assert.Equal(t, c.UUID, id)
	_, err = s.ContactUUIDByURN(ctx, w.ID, "tel:+1")
	assert.ErrorIs(t, err, store.ErrNotFound)

	// a taken URN is a conflict and nothing is half-created
	dup := &store.Contact{UUID: uuid.NewString(), URNs: []string{"tel:+250788000002", "tel:+250788000001"}, Data: json.RawMessage(`{}`), CreatedOn: t0, ModifiedOn: t0}
	assert.ErrorIs(t, s.CreateContact(ctx, w.ID, dup), store.ErrConflict)
	_, err = s.Contact(ctx, w.ID, dup.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.ContactByURN(ctx, w.ID, "tel:+250788000002")
	assert.ErrorIs(t, err, store.ErrNotFound)

	other := newContact(t, s, w.ID, "tel:+250788000003")
	c.URNs = []string{"tel:+250788000004"}
	c.Data = json.RawMessage(`{"name":"x"}`)
	require.NoError(t, s.UpdateContact(ctx, w.ID, c))
	got, err = s.Contact(ctx, w.ID, c.UUID)
	require.NoError(t, err)
	assert.Equal(t, []string{"tel:+250788000004"}, got.URNs)
	assert.JSONEq(t, `{"name":"x"}`, string(got.Data))
	_, err = s.ContactByURN(ctx, w.ID, "tel:+250788000001")
	assert.ErrorIs(t, err, store.ErrNotFound)

	c.URNs = []string{"tel:+250788000003"}
	assert.ErrorIs(t, s.UpdateContact(ctx, w.ID, c), store.ErrConflict)
	got, err = s.ContactByURN(ctx, w.ID, "tel:+250788000003")
	require.NoError(t, err)
	assert.Equal(t, other.UUID, got.UUID)

	list, err := s.Contacts(ctx, w.ID, "", 10)
	require.NoError(t, err)
	assert.Len(t, list, 2)
	list2, err := s.Contacts(ctx, w.ID, list[0].UUID, 10)
	require.NoError(t, err)
	require.Len(t, list2, 1)
	assert.Equal(t, list[1].UUID, list2[0].UUID)

	nobody := &store.Contact{UUID: uuid.NewString(), Data: json.RawMessage(`{}`)}
	assert.ErrorIs(t, s.UpdateContact(ctx, w.ID, nobody), store.ErrNotFound)
}

func waitingSession(contact string, timeout, expires *time.Time) *store.Session {
	return &store.Session{UUID: uuid.NewString(), ContactUUID: contact, Status: "waiting", FlowUUID: uuid.NewString(),
		Data: json.RawMessage(`{"s":1}`), TimeoutOn: timeout, ExpiresOn: expires, CreatedOn: t0, ModifiedOn: t0}
}

func testSprint(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "s")
	c := newContact(t, s, w.ID, "tel:+250788000010")
	timeout := t0.Add(5 * time.Minute)
	sess := waitingSession(c.UUID, &timeout, nil)
	run := &store.Run{UUID: uuid.NewString(), SessionUUID: sess.UUID, ContactUUID: c.UUID, FlowUUID: sess.FlowUUID, Status: "waiting",
		Results: json.RawMessage(`{}`), CreatedOn: t0, ModifiedOn: t0}

	err := s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		assert.Equal(t, c.UUID, st.Contact.UUID)
		assert.Nil(t, st.Waiting)
		st.Contact.Data = json.RawMessage(`{"name":"Amara"}`)
		st.Contact.URNs = append(st.Contact.URNs, "tel:+250788000011")
		return &store.SprintWrite{Contact: st.Contact, Sessions: []*store.Session{sess}, Runs: []*store.Run{run},
			Events: []*store.Event{{UUID: uuid.NewString(), ContactUUID: c.UUID, SessionUUID: sess.UUID, Type: "msg_created", Data: json.RawMessage(`{"a":1}`), CreatedOn: t0}}}, nil
	})
	require.NoError(t, err)

	got, err := s.ContactByURN(ctx, w.ID, "tel:+250788000011")
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"Amara"}`, string(got.Data))

	err = s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		require.NotNil(t, st.Waiting)
		assert.Equal(t, sess.UUID, st.Waiting.UUID)
		assert.True(t, st.Waiting.TimeoutOn.Equal(timeout))
		assert.Nil(t, st.Waiting.ExpiresOn)
		st.Waiting.Status = "completed"
		st.Waiting.ModifiedOn = t0.Add(time.Minute)
		run.Status = "completed"
		run.Results = json.RawMessage(`{"fruit":{"value":"mango"}}`)
		return &store.SprintWrite{Sessions: []*store.Session{st.Waiting}, Runs: []*store.Run{run}}, nil
	})
	require.NoError(t, err)
	ss, err := s.ContactSession(ctx, w.ID, c.UUID)
	require.NoError(t, err)
	assert.Equal(t, "completed", ss.Status)
	ss2, err := s.Session(ctx, w.ID, sess.UUID)
	require.NoError(t, err)
	assert.Equal(t, ss.UUID, ss2.UUID)
	runs, err := s.Runs(ctx, w.ID, "", 0, 10)
	require.NoError(t, err)
	require.Len(t, runs, 1)
	assert.Equal(t, "completed", runs[0].Status)
	assert.JSONEq(t, `{"fruit":{"value":"mango"}}`, string(runs[0].Results))

	err = s.Sprint(ctx, w.ID, uuid.NewString(), func(context.Context, *store.SprintState) (*store.SprintWrite, error) {
		t.Fatal("called for a missing contact")
		return nil, nil
	})
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Session(ctx, w.ID, uuid.NewString())
	assert.ErrorIs(t, err, store.ErrNotFound)
}

// testSprintOrder runs many concurrent sprints on one contact, each reading a counter and
// writing it plus one: if two ever overlapped, an increment would be lost.
func testSprintOrder(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "o")
	c := newContact(t, s, w.ID, "tel:+250788000020")
	const n = 40
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
				var d struct{ N int }
				if err := json.Unmarshal(st.Contact.Data, &d); err != nil {
					return nil, err
				}
				time.Sleep(time.Millisecond) // widen the window an overlap would need
				st.Contact.Data = json.RawMessage(fmt.Sprintf(`{"n":%d}`, d.N+1))
				return &store.SprintWrite{Contact: st.Contact}, nil
			})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	got, err := s.Contact(ctx, w.ID, c.UUID)
	require.NoError(t, err)
	assert.JSONEq(t, fmt.Sprintf(`{"n":%d}`, n), string(got.Data))
}

// testSprintParallel runs sprints of many contacts at once, more than a connection pool
// holds, each reading and writing: they must all finish (a sprint that needs a second
// connection while every one is held by a sprint would never finish).
func testSprintParallel(t *testing.T, s store.Store) {
	ctx, cancel := context.WithTimeout(t.Context(), 60*time.Second)
	defer cancel()
	w := newWorkspace(t, s, "p")
	const n = 80
	contacts := make([]*store.Contact, n)
	for i := range contacts {
		contacts[i] = newContact(t, s, w.ID, fmt.Sprintf("tel:+25078810%04d", i))
	}
	var wg sync.WaitGroup
	for _, c := range contacts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
				time.Sleep(5 * time.Millisecond) // hold the sprint while the others start
				sess := waitingSession(c.UUID, nil, nil)
				return &store.SprintWrite{Contact: st.Contact, Sessions: []*store.Session{sess},
					Events: []*store.Event{{UUID: uuid.NewString(), ContactUUID: c.UUID, SessionUUID: sess.UUID, Type: "x", Data: json.RawMessage(`{}`), CreatedOn: t0}}}, nil
			})
			assert.NoError(t, err)
		}()
	}
	wg.Wait()
	n2, err := s.CountWaiting(ctx)
	require.NoError(t, err)
	assert.Equal(t, n, n2)
}

func testSprintRollback(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "r")
	c := newContact(t, s, w.ID, "tel:+250788000030")
	boom := errors.New("boom")
	err := s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		return nil, boom
	})
	assert.ErrorIs(t, err, boom)

	// a write failing at its end (two events with one UUID) leaves nothing behind
	sess := waitingSession(c.UUID, nil, nil)
	dupUUID := uuid.NewString()
	err = s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		st.Contact.Data = json.RawMessage(`{"changed":true}`)
		return &store.SprintWrite{Contact: st.Contact, Sessions: []*store.Session{sess},
			Events: []*store.Event{
				{UUID: dupUUID, ContactUUID: c.UUID, Type: "x", Data: json.RawMessage(`{}`), CreatedOn: t0},
				{UUID: dupUUID, ContactUUID: c.UUID, Type: "y", Data: json.RawMessage(`{}`), CreatedOn: t0},
			},
		}, nil
	})
	require.Error(t, err)
	got, err := s.Contact(ctx, w.ID, c.UUID)
	require.NoError(t, err)
	assert.JSONEq(t, string(c.Data), string(got.Data))
	_, err = s.Session(ctx, w.ID, sess.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	evs, err := s.Events(ctx, w.ID, c.UUID, 0, 10)
	require.NoError(t, err)
	assert.Empty(t, evs)

	// a contact deleted while its sprint ran: the sprint's update finds no row, and nothing
	// of the sprint (its session, its events) is kept
	gone := newContact(t, s, w.ID, "tel:+250788000031")
	sess = waitingSession(gone.UUID, nil, nil)
	err = s.Sprint(ctx, w.ID, gone.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		require.NoError(t, s.DeleteContact(ctx, w.ID, gone.UUID))
		st.Contact.Data = json.RawMessage(`{"changed":true}`)
		return &store.SprintWrite{Contact: st.Contact, Sessions: []*store.Session{sess},
			Events: []*store.Event{{UUID: uuid.NewString(), ContactUUID: gone.UUID, Type: "x", Data: json.RawMessage(`{}`), CreatedOn: t0}}}, nil
	})
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Session(ctx, w.ID, sess.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	evs, err = s.Events(ctx, w.ID, gone.UUID, 0, 10)
	require.NoError(t, err)
	assert.Empty(t, evs)
}

func testDueWaits(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "d")
	c1 := newContact(t, s, w.ID, "tel:+250788000041")
	c2 := newContact(t, s, w.ID, "tel:+250788000042")
	timeout := t0.Add(5 * time.Minute)
	expires := t0.Add(time.Hour)
	s1 := waitingSession(c1.UUID, &timeout, &expires)
	s2 := waitingSession(c2.UUID, nil, &expires)
	for _, x := range []struct {
		c *store.Contact
		s *store.Session
	}{{c1, s1}, {c2, s2}} {
		require.NoError(t, s.Sprint(ctx, w.ID, x.c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
			return &store.SprintWrite{Sessions: []*store.Session{x.s}}, nil
		}))
	}
	due, err := s.DueWaits(ctx, t0.Add(4*time.Minute), 10)
	require.NoError(t, err)
	assert.Empty(t, due)
	due, err = s.DueWaits(ctx, t0.Add(5*time.Minute), 10)
	require.NoError(t, err)
	require.Len(t, due, 1)
	assert.Equal(t, s1.UUID, due[0].SessionUUID)
	assert.Equal(t, c1.UUID, due[0].ContactUUID)
	assert.Equal(t, w.ID, due[0].WorkspaceID)
	assert.True(t, due[0].TimeoutOn.Equal(timeout))
	due, err = s.DueWaits(ctx, t0.Add(2*time.Hour), 10)
	require.NoError(t, err)
	assert.Len(t, due, 2)
	n, err := s.CountWaiting(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)

	// a session no longer waiting is never due
	s1.Status = "completed"
	require.NoError(t, s.Sprint(ctx, w.ID, c1.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{Sessions: []*store.Session{s1}}, nil
	}))
	due, err = s.DueWaits(ctx, t0.Add(2*time.Hour), 10)
	require.NoError(t, err)
	require.Len(t, due, 1)
	assert.Equal(t, s2.UUID, due[0].SessionUUID)
}

func testTriggers(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "t")
	tr := &store.Trigger{UUID: uuid.NewString(), Data: json.RawMessage(`{"type":"catch_all"}`), CreatedOn: t0, ModifiedOn: t0}
	require.NoError(t, s.CreateTrigger(ctx, w.ID, tr))
	assert.ErrorIs(t, s.CreateTrigger(ctx, w.ID, tr), store.ErrConflict)
	got, err := s.Trigger(ctx, w.ID, tr.UUID)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"catch_all"}`, string(got.Data))
	tr.Data = json.RawMessage(`{"type":"keyword"}`)
	require.NoError(t, s.UpdateTrigger(ctx, w.ID, tr))
	list, err := s.Triggers(ctx, w.ID)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.JSONEq(t, `{"type":"keyword"}`, string(list[0].Data))
	require.NoError(t, s.DeleteTrigger(ctx, w.ID, tr.UUID))
	assert.ErrorIs(t, s.DeleteTrigger(ctx, w.ID, tr.UUID), store.ErrNotFound)
	assert.ErrorIs(t, s.UpdateTrigger(ctx, w.ID, tr), store.ErrNotFound)
	_, err = s.Trigger(ctx, w.ID, tr.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
}

func testFlowStarts(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "f")
	fs := &store.FlowStart{UUID: uuid.NewString(), FlowUUID: uuid.NewString(), Status: "pending", Request: json.RawMessage(`{}`), Total: 3, CreatedOn: t0, ModifiedOn: t0}
	require.NoError(t, s.CreateFlowStart(ctx, w.ID, fs))
	fs.Status, fs.Started, fs.Skipped, fs.Failed = "completed", 2, 1, 0
	require.NoError(t, s.UpdateFlowStart(ctx, w.ID, fs))
	got, err := s.FlowStart(ctx, w.ID, fs.UUID)
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Status)
	assert.Equal(t, 3, got.Total)
	assert.Equal(t, 2, got.Started)
	assert.Equal(t, 1, got.Skipped)
	_, err = s.FlowStart(ctx, w.ID, uuid.NewString())
	assert.ErrorIs(t, err, store.ErrNotFound)
}

// testIsolation checks that no method given one workspace reads or changes another's rows.
func testIsolation(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := newWorkspace(t, s, "iso-a")
	b := newWorkspace(t, s, "iso-b")
	ca := newContact(t, s, a.ID, "tel:+250788000050")
	// the same URN may exist in both
	cb := newContact(t, s, b.ID, "tel:+250788000050")
	got, err := s.ContactByURN(ctx, b.ID, "tel:+250788000050")
	require.NoError(t, err)
	assert.Equal(t, cb.UUID, got.UUID)

	_, err = s.Contact(ctx, b.ID, ca.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	assert.ErrorIs(t, s.UpdateContact(ctx, b.ID, ca), store.ErrNotFound)
	assert.ErrorIs(t, s.DeleteContact(ctx, b.ID, ca.UUID), store.ErrNotFound)
	err = s.Sprint(ctx, b.ID, ca.UUID, func(context.Context, *store.SprintState) (*store.SprintWrite, error) { return nil, nil })
	assert.ErrorIs(t, err, store.ErrNotFound)

	tr := &store.Trigger{UUID: uuid.NewString(), Data: json.RawMessage(`{}`), CreatedOn: t0, ModifiedOn: t0}
	require.NoError(t, s.CreateTrigger(ctx, a.ID, tr))
	_, err = s.Trigger(ctx, b.ID, tr.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	assert.ErrorIs(t, s.UpdateTrigger(ctx, b.ID, tr), store.ErrNotFound)
	assert.ErrorIs(t, s.DeleteTrigger(ctx, b.ID, tr.UUID), store.ErrNotFound)
	list, err := s.Triggers(ctx, b.ID)
	require.NoError(t, err)
	assert.Empty(t, list)

	f := &store.Flow{UUID: uuid.NewString(), Name: "F", Type: "messaging", SpecVersion: "14.4.2", Definition: json.RawMessage(`{}`)}
	require.NoError(t, s.SaveAssets(ctx, a.ID, json.RawMessage(`{}`), []*store.Flow{f}, t0))
	_, err = s.Flow(ctx, b.ID, f.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	flows, err := s.Flows(ctx, b.ID)
	require.NoError(t, err)
	assert.Empty(t, flows)
	doc, err := s.Assets(ctx, b.ID)
	require.NoError(t, err)
	assert.Nil(t, doc)

	sess := waitingSession(ca.UUID, nil, nil)
	require.NoError(t, s.Sprint(ctx, a.ID, ca.UUID, func(context.Context, *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{Sessions: []*store.Session{sess}, Events: []*store.Event{{UUID: uuid.NewString(), ContactUUID: ca.UUID, SessionUUID: sess.UUID, Type: "x", Data: json.RawMessage(`{}`), CreatedOn: t0}}}, nil
	}))
	_, err = s.Session(ctx, b.ID, sess.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.ContactSession(ctx, b.ID, ca.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	evs, err := s.Events(ctx, b.ID, "", 0, 100)
	require.NoError(t, err)
	assert.Empty(t, evs)
	fs := &store.FlowStart{UUID: uuid.NewString(), FlowUUID: f.UUID, Status: "pending", Request: json.RawMessage(`{}`), CreatedOn: t0, ModifiedOn: t0}
	require.NoError(t, s.CreateFlowStart(ctx, a.ID, fs))
	_, err = s.FlowStart(ctx, b.ID, fs.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	assert.ErrorIs(t, s.UpdateFlowStart(ctx, b.ID, fs), store.ErrNotFound)
}

func testEventsAndRuns(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "e")
	c1 := newContact(t, s, w.ID, "tel:+250788000061")
	c2 := newContact(t, s, w.ID, "tel:+250788000062")
	flowA, flowB := uuid.NewString(), uuid.NewString()
	for i, c := range []*store.Contact{c1, c2, c1} {
		flow := flowA
		if i == 1 {
			flow = flowB
		}
		sess := waitingSession(c.UUID, nil, nil)
		var evs []*store.Event
		for j := 0; j < 60; j++ { // more than one insert batch
			evs = append(evs, &store.Event{UUID: uuid.NewString(), ContactUUID: c.UUID, SessionUUID: sess.UUID, Type: fmt.Sprintf("e%d_%d", i, j), Data: json.RawMessage(`{}`), CreatedOn: t0})
		}
		run := &store.Run{UUID: uuid.NewString(), SessionUUID: sess.UUID, ContactUUID: c.UUID, FlowUUID: flow, Status: "completed", Results: json.RawMessage(`{}`), CreatedOn: t0, ModifiedOn: t0, ExitedOn: &t0}
		require.NoError(t, s.Sprint(ctx, w.ID, c.UUID, func(context.Context, *store.SprintState) (*store.SprintWrite, error) {
			return &store.SprintWrite{Events: evs, Runs: []*store.Run{run}}, nil
		}))
	}
	all, err := s.Events(ctx, w.ID, "", 0, 1000)
	require.NoError(t, err)
	require.Len(t, all, 180)
	assert.Equal(t, "e0_0", all[0].Type)
	assert.Equal(t, "e2_59", all[179].Type)
	for i := 1; i < len(all); i++ {
		assert.Greater(t, all[i].ID, all[i-1].ID)
	}
	page, err := s.Events(ctx, w.ID, "", all[9].ID, 5)
	require.NoError(t, err)
	require.Len(t, page, 5)
	assert.Equal(t, all[10].UUID, page[0].UUID)
	mine, err := s.Events(ctx, w.ID, c2.UUID, 0, 1000)
	require.NoError(t, err)
	assert.Len(t, mine, 60)
	assert.Equal(t, "e1_0", mine[0].Type)

	runs, err := s.Runs(ctx, w.ID, flowA, 0, 10)
	require.NoError(t, err)
	require.Len(t, runs, 2)
	assert.True(t, runs[0].ExitedOn.Equal(t0))
	runs2, err := s.Runs(ctx, w.ID, "", runs[0].Seq, 10)
	require.NoError(t, err)
	assert.Len(t, runs2, 2)
}

func testDeleteContact(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "x")
	c := newContact(t, s, w.ID, "tel:+250788000070")
	sess := waitingSession(c.UUID, nil, nil)
	require.NoError(t, s.Sprint(ctx, w.ID, c.UUID, func(context.Context, *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{Sessions: []*store.Session{sess}}, nil
	}))
	require.NoError(t, s.DeleteContact(ctx, w.ID, c.UUID))
	_, err := s.Contact(ctx, w.ID, c.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.ContactByURN(ctx, w.ID, "tel:+250788000070")
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Session(ctx, w.ID, sess.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	// the URN is free again
	newContact(t, s, w.ID, "tel:+250788000070")
}
