package postgres_test

import (
	"context"
	"testing"

	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/store/postgres"
	"github.com/rivuletflows/rivulet/store/postgres/pgtest"
	"github.com/rivuletflows/rivulet/store/storetest"
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
