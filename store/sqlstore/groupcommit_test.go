package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/store/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestGroupCommit writes many transactions at once through SQLite's single writer, every
// other one failing on a taken URN at its end: the failing ones leave nothing behind and
// the others all commit, however they were grouped.
func TestGroupCommit(t *testing.T) {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "g.db"))
	require.NoError(t, err)
	defer s.Close()
	now := time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC)
	ws, err := s.CreateWorkspace(ctx, "g", "h", now)
	require.NoError(t, err)
	taken := &store.Contact{UUID: uuid.NewString(), URNs: []string{"tel:+1000"}, Data: json.RawMessage(`{}`), CreatedOn: now, ModifiedOn: now}
	require.NoError(t, s.CreateContact(ctx, ws.ID, taken))

	const n = 200
	contacts := make([]*store.Contact, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range contacts {
		urns := []string{fmt.Sprintf("tel:+2%04d", i)}
		if i%2 == 1 {
			urns = append(urns, "tel:+1000")
		}
		contacts[i] = &store.Contact{UUID: uuid.NewString(), URNs: urns, Data: json.RawMessage(`{}`), CreatedOn: now, ModifiedOn: now}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.CreateContact(ctx, ws.ID, contacts[i])
		}()
	}
	wg.Wait()
	for i, c := range contacts {
		_, err := s.Contact(ctx, ws.ID, c.UUID)
		_, urnErr := s.ContactUUIDByURN(ctx, ws.ID, c.URNs[0])
		if i%2 == 1 {
			assert.ErrorIs(t, errs[i], store.ErrConflict, "contact %d", i)
			assert.True(t, errors.Is(err, store.ErrNotFound), "contact %d was half-saved", i)
			assert.True(t, errors.Is(urnErr, store.ErrNotFound), "contact %d's URN was half-saved", i)
		} else {
			assert.NoError(t, errs[i], "contact %d", i)
			assert.NoError(t, err, "contact %d", i)
			assert.NoError(t, urnErr, "contact %d", i)
		}
	}
}
