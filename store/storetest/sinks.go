package storetest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func testSinks(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "sinks")
	other := newWorkspace(t, s, "other")
	k := &store.Sink{UUID: uuid.NewString(), Data: json.RawMessage(`{"name":"a"}`), CreatedOn: t0, ModifiedOn: t0}
	require.NoError(t, s.CreateSink(ctx, w.ID, k))
	assert.ErrorIs(t, s.CreateSink(ctx, w.ID, k), store.ErrConflict)

	got, err := s.Sink(ctx, w.ID, k.UUID)
	require.NoError(t, err)
	assert.JSONEq(t, `{"name":"a"}`, string(got.Data))
	_, err = s.Sink(ctx, other.ID, k.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)

	k.Data, k.ModifiedOn = json.RawMessage(`{"name":"b"}`), t0.Add(time.Hour)
	require.NoError(t, s.UpdateSink(ctx, w.ID, k))
	assert.ErrorIs(t, s.UpdateSink(ctx, other.ID, k), store.ErrNotFound)
	all, err := s.Sinks(ctx, w.ID)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.JSONEq(t, `{"name":"b"}`, string(all[0].Data))
	assert.True(t, all[0].ModifiedOn.Equal(t0.Add(time.Hour)))
	none, err := s.Sinks(ctx, other.ID)
	require.NoError(t, err)
	assert.Empty(t, none)

	require.NoError(t, s.AddDeliveries(ctx, []*store.Delivery{{WorkspaceID: w.ID, SinkUUID: k.UUID, EventUUID: uuid.NewString(),
		Request: json.RawMessage(`{}`), NextAttempt: t0, CreatedOn: t0}}))
	assert.ErrorIs(t, s.DeleteSink(ctx, other.ID, k.UUID), store.ErrNotFound)
	require.NoError(t, s.DeleteSink(ctx, w.ID, k.UUID))
	_, err = s.Sink(ctx, w.ID, k.UUID)
	assert.ErrorIs(t, err, store.ErrNotFound)
	n, err := s.CountPendingDeliveries(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "deleting a sink removes its deliveries")
}

func testOutbox(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "outbox")
	c := newContact(t, s, w.ID, "tel:+250788000070")
	sink := uuid.NewString()
	ev1, ev2 := uuid.NewString(), uuid.NewString()

	// deliveries are written with the sprint, and not at all when it rolls back
	err := s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{
			Events: []*store.Event{{UUID: ev1, ContactUUID: c.UUID, Type: "x", Data: json.RawMessage(`{}`), CreatedOn: t0}},
			Deliveries: []*store.Delivery{
				{WorkspaceID: w.ID, SinkUUID: sink, EventUUID: ev1, Request: json.RawMessage(`{"n":1}`), NextAttempt: t0, CreatedOn: t0},
				{WorkspaceID: w.ID, SinkUUID: sink, EventUUID: ev1, Request: json.RawMessage(`{"n":2}`), NextAttempt: t0.Add(time.Minute), CreatedOn: t0},
			},
		}, nil
	})
	require.NoError(t, err)
	err = s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{
			Events: []*store.Event{
				{UUID: ev2, ContactUUID: c.UUID, Type: "x", Data: json.RawMessage(`{}`), CreatedOn: t0},
				{UUID: ev2, ContactUUID: c.UUID, Type: "x", Data: json.RawMessage(`{}`), CreatedOn: t0},
			},
			Deliveries: []*store.Delivery{{WorkspaceID: w.ID, SinkUUID: sink, EventUUID: ev2, Request: json.RawMessage(`{}`), NextAttempt: t0, CreatedOn: t0}},
		}, nil
	})
	require.Error(t, err)
	n, err := s.CountPendingDeliveries(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, n)

	// only what is due is claimed, and a claimed delivery is not claimed again in its lease
	got, err := s.ClaimDeliveries(ctx, t0, t0.Add(30*time.Second), 10)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.JSONEq(t, `{"n":1}`, string(got[0].Request))
	assert.Equal(t, ev1, got[0].EventUUID)
	assert.Equal(t, w.ID, got[0].WorkspaceID)
	again, err := s.ClaimDeliveries(ctx, t0.Add(10*time.Second), t0.Add(40*time.Second), 10)
	require.NoError(t, err)
	assert.Empty(t, again)

	// a failed attempt is retried when due; the last makes a failure
	d := got[0]
	require.NoError(t, s.DeliveryRetry(ctx, d.ID, 1, t0.Add(2*time.Minute), "HTTP 500"))
	got, err = s.ClaimDeliveries(ctx, t0.Add(90*time.Second), t0.Add(3*time.Minute), 10)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.JSONEq(t, `{"n":2}`, string(got[0].Request))
	require.NoError(t, s.DeliveryDone(ctx, got[0].ID))

	got, err = s.ClaimDeliveries(ctx, t0.Add(2*time.Minute), t0.Add(3*time.Minute), 10)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, 1, got[0].Attempts)
	assert.Equal(t, "HTTP 500", got[0].LastError)
	require.NoError(t, s.DeliveryDead(ctx, d.ID, 2, t0.Add(2*time.Minute), "HTTP 502"))
	n, err = s.CountPendingDeliveries(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)

	fails, err := s.Failures(ctx, w.ID, sink, 0, 10)
	require.NoError(t, err)
	require.Len(t, fails, 1)
	assert.Equal(t, store.DeliveryFailed, fails[0].Status)
	assert.Equal(t, 2, fails[0].Attempts)
	assert.Equal(t, "HTTP 502", fails[0].LastError)
	require.NotNil(t, fails[0].FailedOn)
	other := newWorkspace(t, s, "other-outbox")
	none, err := s.Failures(ctx, other.ID, sink, 0, 10)
	require.NoError(t, err)
	assert.Empty(t, none)
	assert.ErrorIs(t, s.RetryFailure(ctx, other.ID, sink, d.ID, t0), store.ErrNotFound)

	// retried, it is pending again from its first attempt
	require.NoError(t, s.RetryFailure(ctx, w.ID, sink, d.ID, t0.Add(time.Hour)))
	got, err = s.ClaimDeliveries(ctx, t0.Add(time.Hour), t0.Add(2*time.Hour), 10)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Zero(t, got[0].Attempts)
	require.NoError(t, s.DeliveryDead(ctx, d.ID, 1, t0.Add(time.Hour), "again"))
	assert.ErrorIs(t, s.DiscardFailure(ctx, other.ID, sink, d.ID), store.ErrNotFound)
	require.NoError(t, s.DiscardFailure(ctx, w.ID, sink, d.ID))
	assert.ErrorIs(t, s.DiscardFailure(ctx, w.ID, sink, d.ID), store.ErrNotFound)
	fails, err = s.Failures(ctx, w.ID, sink, 0, 10)
	require.NoError(t, err)
	assert.Empty(t, fails)
}

func testInboundSecrets(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "inbound")
	other := newWorkspace(t, s, "inbound-other")
	_, err := s.InboundSecret(ctx, w.ID, "shop")
	assert.ErrorIs(t, err, store.ErrNotFound)
	require.NoError(t, s.SetInboundSecret(ctx, w.ID, "shop", "one", t0))
	require.NoError(t, s.SetInboundSecret(ctx, w.ID, "shop", "two", t0))
	got, err := s.InboundSecret(ctx, w.ID, "shop")
	require.NoError(t, err)
	assert.Equal(t, "two", got)
	_, err = s.InboundSecret(ctx, other.ID, "shop")
	assert.ErrorIs(t, err, store.ErrNotFound)
	assert.ErrorIs(t, s.DeleteInboundSecret(ctx, other.ID, "shop"), store.ErrNotFound)
	require.NoError(t, s.DeleteInboundSecret(ctx, w.ID, "shop"))
	_, err = s.InboundSecret(ctx, w.ID, "shop")
	assert.ErrorIs(t, err, store.ErrNotFound)

	ws, err := s.WorkspaceByUUID(ctx, w.UUID)
	require.NoError(t, err)
	assert.Equal(t, w.ID, ws.ID)
	_, err = s.WorkspaceByUUID(ctx, uuid.NewString())
	assert.ErrorIs(t, err, store.ErrNotFound)
}

func testSprintRecords(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "records")
	c := newContact(t, s, w.ID, "tel:+250788000071")
	sess := uuid.NewString()
	for i := range 3 {
		require.NoError(t, s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
			return &store.SprintWrite{
				Events:  []*store.Event{{UUID: uuid.NewString(), ContactUUID: c.UUID, SessionUUID: sess, Type: "x", Data: json.RawMessage(`{}`), CreatedOn: t0}},
				Records: []*store.SprintRecord{{SessionUUID: sess, SprintUUID: uuid.NewString(), Kind: "msg", Actions: json.RawMessage(`[{"n":` + string(rune('0'+i)) + `}]`), CreatedOn: t0}},
			}, nil
		}))
	}
	recs, err := s.SprintRecords(ctx, w.ID, sess, 0, 2)
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.JSONEq(t, `[{"n":0}]`, string(recs[0].Actions))
	assert.Equal(t, "msg", recs[0].Kind)
	more, err := s.SprintRecords(ctx, w.ID, sess, recs[1].ID, 10)
	require.NoError(t, err)
	require.Len(t, more, 1)
	assert.JSONEq(t, `[{"n":2}]`, string(more[0].Actions))
	other := newWorkspace(t, s, "records-other")
	none, err := s.SprintRecords(ctx, other.ID, sess, 0, 10)
	require.NoError(t, err)
	assert.Empty(t, none)
}
