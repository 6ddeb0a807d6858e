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
