package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/store/sqlite"
	"github.com/rivuletflows/rivulet/store/storetest"
	"github.com/stretchr/testify/require"
)

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
		require.NoError(t, err)
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestOpenMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	for i := 0; i < 2; i++ {
		s, err := sqlite.Open(context.Background(), path)
		require.NoError(t, err)
		require.NoError(t, s.Close())
	}
	_, err := sqlite.Open(context.Background(), "")
	require.ErrorContains(t, err, "path can't be empty")
	_, err = sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "missing", "dir", "x.db"))
	require.Error(t, err)
}

// TestPragmas checks that connections use the write-ahead log without a sync per commit,
// which is what makes one transaction per sprint affordable.
func TestPragmas(t *testing.T) {
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	require.NoError(t, err)
	defer s.Close()
	var mode string
	var sync, timeout int
	require.NoError(t, s.DB().QueryRow("PRAGMA journal_mode").Scan(&mode))
	require.NoError(t, s.DB().QueryRow("PRAGMA synchronous").Scan(&sync))
	require.NoError(t, s.DB().QueryRow("PRAGMA busy_timeout").Scan(&timeout))
	require.Equal(t, "wal", mode)
	require.Equal(t, 1, sync) // NORMAL
	require.Equal(t, 10000, timeout)
}

// TestShared runs the many-workers suite on two stores opened on one file.
func TestShared(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (store.Store, store.Store) {
		path := filepath.Join(t.TempDir(), "test.db")
		a, err := sqlite.Open(context.Background(), path)
		require.NoError(t, err)
		t.Cleanup(func() { a.Close() })
		b, err := sqlite.Open(context.Background(), path)
		require.NoError(t, err)
		t.Cleanup(func() { b.Close() })
		return a, b
	})
}
