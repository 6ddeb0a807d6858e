package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/store/postgres"
	"github.com/rivuletflows/rivulet/store/postgres/pgtest"
	"github.com/rivuletflows/rivulet/store/storetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := postgres.Open(context.Background(), pgtest.DSN(t))
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestOpenMigratesOnce(t *testing.T) {
	dsn := pgtest.DSN(t)
	for i := 0; i < 2; i++ {
		s, err := postgres.Open(context.Background(), dsn)
		require.NoError(t, err)
		require.NoError(t, s.Close())
	}
	_, err := postgres.Open(context.Background(), "postgres://127.0.0.1:1/none?connect_timeout=2")
	require.Error(t, err)
}

// TestShared runs the many-workers suite on two stores opened on one schema.
func TestShared(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (store.Store, store.Store) {
		dsn := pgtest.DSN(t)
		a, err := postgres.Open(context.Background(), dsn)
		require.NoError(t, err)
		t.Cleanup(func() { a.Close() })
		b, err := postgres.Open(context.Background(), dsn)
		require.NoError(t, err)
		t.Cleanup(func() { b.Close() })
		return a, b
	})
}

// TestOpenTogether opens a fresh schema from several workers at once: one migrates, the
// others wait for it and find the schema up to date.
func TestOpenTogether(t *testing.T) {
	dsn := pgtest.DSN(t)
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		go func() {
			s, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < 3; i++ {
		require.NoError(t, <-errs)
	}
}

// TestSprintsOnASmallPool runs more sprints at once than the pool has connections, each
// reading through the store while it holds its contact (as a sprint reads a workspace's
// sinks when their cache is cold): they all finish instead of each holding a connection
// and waiting for another.
func TestSprintsOnASmallPool(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	_, err := postgres.OpenPool(ctx, "postgres://127.0.0.1:1/none", 1)
	assert.ErrorContains(t, err, "at least 2")
	assert.ErrorContains(t, err, "not 1")
	s, err := postgres.OpenPool(ctx, pgtest.DSN(t), 4)
	require.NoError(t, err)
	defer s.Close()
	now := time.Now()
	ws, err := s.CreateWorkspace(ctx, "pool", "pool-hash", now)
	require.NoError(t, err)
	const n = 16
	contacts := make([]string, n)
	for i := range contacts {
		c := &store.Contact{UUID: uuid.NewString(), URNs: []string{fmt.Sprintf("tel:+1555000%04d", i)}, Data: json.RawMessage(`{}`), CreatedOn: now, ModifiedOn: now}
		require.NoError(t, s.CreateContact(ctx, ws.ID, c))
		contacts[i] = c.UUID
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i, c := range contacts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.Sprint(ctx, ws.ID, c, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
				if _, err := s.Sinks(ctx, ws.ID); err != nil {
					return nil, err
				}
				st.Contact.Data = json.RawMessage(`{"seen":true}`)
				st.Contact.ModifiedOn = now
				return &store.SprintWrite{Contact: st.Contact}, nil
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "sprint %d", i)
		got, err := s.Contact(ctx, ws.ID, contacts[i])
		require.NoError(t, err)
		assert.JSONEq(t, `{"seen":true}`, string(got.Data))
	}
}
