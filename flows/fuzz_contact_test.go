package flows_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// FuzzReadContact reads fuzzed contacts against assets with fields, groups and channels:
// nothing panics, and a contact that reads writes JSON that reads back to the same JSON.
func FuzzReadContact(f *testing.F) {
	dir := filepath.Join("..", "testdata", "flows")
	for _, s := range testutil.GoldenParts(f, dir, "contact") {
		f.Add(s)
	}
	sa := loadAssets(&testing.T{}, filepath.Join(dir, "contact_updates.json"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := flows.ReadContact(sa, data, nil)
		if err != nil {
			return
		}
		out, err := c.MarshalJSON()
		if err != nil {
			t.Fatalf("read but can't write: %v", err)
		}
		back, err := flows.ReadContact(sa, out, nil)
		if err != nil {
			t.Fatalf("writes %.300q, which doesn't read: %v", out, err)
		}
		again, err := back.MarshalJSON()
		if err != nil || !bytes.Equal(out, again) {
			t.Fatalf("writes %.300q, which reads and writes %.300q (%v)", out, again, err)
		}
	})
}
