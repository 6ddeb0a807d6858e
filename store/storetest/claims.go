package storetest

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// RunShared runs the tests of many workers on one database: open returns two stores
// opened on the same, fresh database, as two flowserver processes would have them.
func RunShared(t *testing.T, open func(t *testing.T) (store.Store, store.Store)) {
	tests := map[string]func(*testing.T, store.Store, store.Store){
		"ClaimDueWaits":   testSharedDueWaits,
		"ClaimFlowStarts": testSharedFlowStarts,
		"SprintKeys":      testSharedSprintKeys,
		"Batches":         testSharedBatches,
	}
	for name, fn := range tests {
		t.Run(name, func(t *testing.T) {
			a, b := open(t)
			fn(t, a, b)
		})
	}
}

func testClaimDueWaits(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "cd")
	c := newContact(t, s, w.ID, "tel:+250788000051")
	timeout := t0.Add(5 * time.Minute)
	sess := waitingSession(c.UUID, &timeout, nil)
	require.NoError(t, s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{Sessions: []*store.Session{sess}}, nil
	}))
	now := t0.Add(6 * time.Minute)
	lease := now.Add(time.Minute)
	got, err := s.ClaimDueWaits(ctx, t0.Add(4*time.Minute), lease, 10)
	require.NoError(t, err)
	assert.Empty(t, got, "not due yet")
	got, err = s.ClaimDueWaits(ctx, now, lease, 10)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, sess.UUID, got[0].SessionUUID)
	assert.True(t, got[0].TimeoutOn.Equal(timeout), "the claim keeps the session's own timeout")

	// held: nobody claims it again until the lease ends
	got, err = s.ClaimDueWaits(ctx, now.Add(30*time.Second), lease, 10)
	require.NoError(t, err)
	assert.Empty(t, got)
	// the claimer died: the wait is due again once the lease is over
	got, err = s.ClaimDueWaits(ctx, lease, lease.Add(time.Minute), 10)
	require.NoError(t, err)
	require.Len(t, got, 1)
	ss, err := s.Session(ctx, w.ID, sess.UUID)
	require.NoError(t, err)
	assert.True(t, ss.TimeoutOn.Equal(timeout))

	// the sprint firing it rewrites the due time from the session
	sess.Status, sess.TimeoutOn = "completed", nil
	require.NoError(t, s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{Sessions: []*store.Session{sess}}, nil
	}))
	got, err = s.ClaimDueWaits(ctx, lease.Add(time.Hour), lease.Add(2*time.Hour), 10)
	require.NoError(t, err)
	assert.Empty(t, got)
}

func testClaimFlowStarts(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "cf")
	lease := t0.Add(time.Minute)
	held := &store.FlowStart{UUID: uuid.NewString(), FlowUUID: uuid.NewString(), Status: "pending", Request: json.RawMessage(`{"flow":"x"}`), Total: 3, Started: 1, CreatedOn: t0, ModifiedOn: t0, LeaseUntil: &lease}
	done := &store.FlowStart{UUID: uuid.NewString(), FlowUUID: uuid.NewString(), Status: "completed", Request: json.RawMessage(`{}`), CreatedOn: t0, ModifiedOn: t0}
	free := &store.FlowStart{UUID: uuid.NewString(), FlowUUID: uuid.NewString(), Status: "pending", Request: json.RawMessage(`{}`), CreatedOn: t0.Add(time.Second), ModifiedOn: t0}
	for _, fs := range []*store.FlowStart{held, done, free} {
		require.NoError(t, s.CreateFlowStart(ctx, w.ID, fs))
	}
	got, err := s.FlowStart(ctx, w.ID, held.UUID)
	require.NoError(t, err)
	require.NotNil(t, got.LeaseUntil)
	assert.True(t, got.LeaseUntil.Equal(lease))

	claims, err := s.ClaimFlowStarts(ctx, t0.Add(30*time.Second), t0.Add(2*time.Minute), 10)
	require.NoError(t, err)
	require.Len(t, claims, 1, "only the start no worker holds")
	assert.Equal(t, free.UUID, claims[0].Start.UUID)
	assert.Equal(t, w.ID, claims[0].WorkspaceID)

	// the holder of the first dies: its lease ends and the start is taken over as saved
	claims, err = s.ClaimFlowStarts(ctx, lease, lease.Add(time.Minute), 10)
	require.NoError(t, err)
	require.Len(t, claims, 1)
	assert.Equal(t, held.UUID, claims[0].Start.UUID)
	assert.Equal(t, 1, claims[0].Start.Started)
	assert.JSONEq(t, `{"flow":"x"}`, string(claims[0].Start.Request))

	// a start split into batches is no longer claimed whole; its batches are
	held.Total, held.ModifiedOn = 3, lease
	require.NoError(t, s.StartFlowStartBatches(ctx, w.ID, held, [][]string{{"c1", "c2"}, {"c3"}}))
	claims, err = s.ClaimFlowStarts(ctx, t0.Add(time.Hour), t0.Add(2*time.Hour), 10)
	require.NoError(t, err)
	require.Len(t, claims, 1)
	assert.Equal(t, free.UUID, claims[0].Start.UUID)
	got, err = s.FlowStart(ctx, w.ID, held.UUID)
	require.NoError(t, err)
	assert.Equal(t, "started", got.Status)
	assert.Nil(t, got.LeaseUntil)
	assert.ErrorIs(t, s.StartFlowStartBatches(ctx, w.ID, held, nil), store.ErrNotFound, "only a pending start is split")

	now := t0.Add(time.Hour)
	batches, err := s.ClaimFlowStartBatches(ctx, now, now.Add(time.Minute), 1)
	require.NoError(t, err)
	require.Len(t, batches, 1)
	assert.Equal(t, []string{"c1", "c2"}, batches[0].Contacts)
	assert.Equal(t, w.ID, batches[0].WorkspaceID)
	first := batches[0]
	batches, err = s.ClaimFlowStartBatches(ctx, now, now.Add(time.Minute), 10)
	require.NoError(t, err)
	require.Len(t, batches, 1, "the first is held")
	assert.Equal(t, []string{"c3"}, batches[0].Contacts)
	// the second's worker stops and lets it go; it is claimed again at once
	require.NoError(t, s.ReleaseFlowStartBatch(ctx, batches[0], now))
	batches, err = s.ClaimFlowStartBatches(ctx, now, now.Add(time.Minute), 10)
	require.NoError(t, err)
	require.Len(t, batches, 1)
	second := batches[0]

	finished, completed, err := s.FinishFlowStartBatch(ctx, first, 1, 1, 0, now)
	require.NoError(t, err)
	assert.True(t, finished)
	assert.False(t, completed)
	finished, completed, err = s.FinishFlowStartBatch(ctx, first, 1, 1, 0, now)
	require.NoError(t, err)
	assert.False(t, finished, "finished once")
	assert.False(t, completed)
	// the first worker died holding the second: another claims it after the lease
	batches, err = s.ClaimFlowStartBatches(ctx, now.Add(time.Minute), now.Add(2*time.Minute), 10)
	require.NoError(t, err)
	require.Len(t, batches, 1)
	assert.Equal(t, second.Index, batches[0].Index)
	finished, completed, err = s.FinishFlowStartBatch(ctx, batches[0], 0, 0, 1, now)
	require.NoError(t, err)
	assert.True(t, finished)
	assert.True(t, completed)
	got, err = s.FlowStart(ctx, w.ID, held.UUID)
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Status)
	assert.Equal(t, []int{3, 1, 1, 1}, []int{got.Total, got.Started, got.Skipped, got.Failed})
	batches, err = s.ClaimFlowStartBatches(ctx, now.Add(time.Hour), now.Add(2*time.Hour), 10)
	require.NoError(t, err)
	assert.Empty(t, batches)
}

func testSprintKeys(t *testing.T, s store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, s, "k")
	other := newWorkspace(t, s, "k2")
	c := newContact(t, s, w.ID, "tel:+250788000061")
	c2 := newContact(t, s, other.ID, "tel:+250788000061")
	event := func(contact string) *store.Event {
		return &store.Event{UUID: uuid.NewString(), ContactUUID: contact, Type: "msg_received", Data: json.RawMessage(`{}`), CreatedOn: t0}
	}
	seen := func(ws int64, contact, key string) bool {
		var out bool
		require.NoError(t, s.Sprint(ctx, ws, contact, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
			require.NotNil(t, st.Seen)
			var err error
			out, err = st.Seen(key)
			return nil, err
		}))
		return out
	}
	assert.False(t, seen(w.ID, c.UUID, "msg:1"))
	require.NoError(t, s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{Events: []*store.Event{event(c.UUID)}, Keys: []string{"msg:1"}}, nil
	}))
	assert.True(t, seen(w.ID, c.UUID, "msg:1"))
	assert.False(t, seen(other.ID, c2.UUID, "msg:1"), "keys are per workspace")

	// writing a key again rolls the whole sprint back
	err := s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{Events: []*store.Event{event(c.UUID)}, Keys: []string{"msg:2", "msg:1"}}, nil
	})
	assert.ErrorIs(t, err, store.ErrDuplicate)
	evs, err := s.Events(ctx, w.ID, c.UUID, 0, 10)
	require.NoError(t, err)
	assert.Len(t, evs, 1)
	assert.False(t, seen(w.ID, c.UUID, "msg:2"), "the rolled back sprint's other key is not kept")

	// keys older than the window are pruned, in bounded batches, in every workspace
	for i := 3; i < 8; i++ {
		key := fmt.Sprintf("msg:%d", i)
		require.NoError(t, s.Sprint(ctx, other.ID, c2.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
			return &store.SprintWrite{Events: []*store.Event{event(c2.UUID)}, Keys: []string{key}}, nil
		}))
	}
	n, err := s.PruneSprintKeys(ctx, time.Now().Add(-time.Hour), 100)
	require.NoError(t, err)
	assert.Zero(t, n, "no key is older than an hour")
	assert.True(t, seen(w.ID, c.UUID, "msg:1"))
	n, err = s.PruneSprintKeys(ctx, time.Now().Add(time.Second), 4)
	require.NoError(t, err)
	assert.Equal(t, 4, n, "at most the limit")
	n, err = s.PruneSprintKeys(ctx, time.Now().Add(time.Second), 4)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the rest")
	assert.False(t, seen(w.ID, c.UUID, "msg:1"))
	assert.False(t, seen(other.ID, c2.UUID, "msg:7"))
	_, err = s.PruneSprintKeys(ctx, time.Now(), 0)
	assert.EqualError(t, err, "the number of sprint keys to prune must be above zero, not 0")
	// a pruned key no longer refuses its sprint
	require.NoError(t, s.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		return &store.SprintWrite{Events: []*store.Event{event(c.UUID)}, Keys: []string{"msg:1"}}, nil
	}))
}

// testSharedDueWaits has two workers claim the same due waits at once, many times over:
// each wait is claimed by exactly one.
func testSharedDueWaits(t *testing.T, a, b store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, a, "sd")
	timeout := t0.Add(time.Minute)
	const n = 60
	for i := 0; i < n; i++ {
		c := newContact(t, a, w.ID, fmt.Sprintf("tel:+25078810%04d", i))
		sess := waitingSession(c.UUID, &timeout, nil)
		require.NoError(t, a.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
			return &store.SprintWrite{Sessions: []*store.Session{sess}}, nil
		}))
	}
	now, lease := t0.Add(2*time.Minute), t0.Add(3*time.Minute)
	claimed := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, st := range []store.Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := st.ClaimDueWaits(ctx, now, lease, 7)
				if !assert.NoError(t, err) || len(got) == 0 {
					return
				}
				mu.Lock()
				for _, d := range got {
					claimed[d.SessionUUID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, claimed, n, "every due wait claimed")
	for u, k := range claimed {
		assert.Equal(t, 1, k, "session %s claimed %d times", u, k)
	}
	// and once the lease is over the other worker gets each of them, once
	got, err := b.ClaimDueWaits(ctx, lease, lease.Add(time.Minute), 2*n)
	require.NoError(t, err)
	assert.Len(t, got, n)
}

// testSharedFlowStarts has two workers claim the same free flow starts at once.
func testSharedFlowStarts(t *testing.T, a, b store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, a, "sf")
	const n = 20
	for i := 0; i < n; i++ {
		past := t0
		fs := &store.FlowStart{UUID: uuid.NewString(), FlowUUID: uuid.NewString(), Status: "pending", Request: json.RawMessage(`{}`),
			CreatedOn: t0.Add(time.Duration(i) * time.Second), ModifiedOn: t0, LeaseUntil: &past}
		require.NoError(t, a.CreateFlowStart(ctx, w.ID, fs))
	}
	now := t0.Add(time.Minute)
	claimed := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, st := range []store.Store{a, b, b, a} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := st.ClaimFlowStarts(ctx, now, now.Add(time.Minute), 3)
				if !assert.NoError(t, err) || len(got) == 0 {
					return
				}
				mu.Lock()
				for _, c := range got {
					claimed[c.Start.UUID]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	assert.Len(t, claimed, n)
	for u, k := range claimed {
		assert.Equal(t, 1, k, "flow start %s claimed %d times", u, k)
	}
}

// testSharedSprintKeys has two workers run the same keyed sprint at once: one writes it,
// the other gets ErrDuplicate, whatever the order.
func testSharedSprintKeys(t *testing.T, a, b store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, a, "sk")
	c := newContact(t, a, w.ID, "tel:+250788000071")
	for i := 0; i < 10; i++ {
		key := fmt.Sprintf("msg:%d", i)
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for j, st := range []store.Store{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[j] = st.Sprint(ctx, w.ID, c.UUID, func(ctx context.Context, s *store.SprintState) (*store.SprintWrite, error) {
					ev := &store.Event{UUID: uuid.NewString(), ContactUUID: c.UUID, Type: "msg_received", Data: json.RawMessage(`{}`), CreatedOn: t0}
					return &store.SprintWrite{Events: []*store.Event{ev}, Keys: []string{key}}, nil
				})
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
			} else {
				assert.ErrorIs(t, err, store.ErrDuplicate)
			}
		}
		assert.Equal(t, 1, ok, "key %s written once", key)
	}
	evs, err := a.Events(ctx, w.ID, c.UUID, 0, 100)
	require.NoError(t, err)
	assert.Len(t, evs, 10)
}

// testSharedBatches has two workers claim and finish the batches of one start at once:
// each batch is claimed and counted once, and the start completes once.
func testSharedBatches(t *testing.T, a, b store.Store) {
	ctx := t.Context()
	w := newWorkspace(t, a, "sb")
	fs := &store.FlowStart{UUID: uuid.NewString(), FlowUUID: uuid.NewString(), Status: "pending", Request: json.RawMessage(`{}`), CreatedOn: t0, ModifiedOn: t0}
	require.NoError(t, a.CreateFlowStart(ctx, w.ID, fs))
	const n = 30
	var batches [][]string
	for i := 0; i < n; i++ {
		batches = append(batches, []string{fmt.Sprint(i)})
	}
	fs.Total = n
	require.NoError(t, a.StartFlowStartBatches(ctx, w.ID, fs, batches))
	var mu sync.Mutex
	claimed := map[int]int{}
	completions := 0
	var wg sync.WaitGroup
	for _, st := range []store.Store{a, b, a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				got, err := st.ClaimFlowStartBatches(ctx, t0, t0.Add(time.Hour), 2)
				if !assert.NoError(t, err) || len(got) == 0 {
					return
				}
				for _, bt := range got {
					done, completed, err := st.FinishFlowStartBatch(ctx, bt, 1, 0, 0, t0)
					if !assert.NoError(t, err) {
						return
					}
					mu.Lock()
					if done {
						claimed[bt.Index]++
					}
					if completed {
						completions++
					}
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	assert.Len(t, claimed, n)
	for i, k := range claimed {
		assert.Equal(t, 1, k, "batch %d finished %d times", i, k)
	}
	assert.Equal(t, 1, completions)
	got, err := a.FlowStart(ctx, w.ID, fs.UUID)
	require.NoError(t, err)
	assert.Equal(t, "completed", got.Status)
	assert.Equal(t, n, got.Started)
}
