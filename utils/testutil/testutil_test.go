package testutil_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

func TestConformanceDir(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	for _, sub := range []string{"runner", "reference", "expressions"} {
		if st, err := os.Stat(filepath.Join(dir, sub)); err != nil || !st.IsDir() {
			t.Errorf("%s has no %s folder", dir, sub)
		}
	}
	if got, want := testutil.ConformancePath(t, "expressions", "vectors.json"), filepath.Join(dir, "expressions", "vectors.json"); got != want {
		t.Errorf("ConformancePath: want %s, got %s", want, got)
	}
}

func TestReadCaseFiles(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"_assets.json": `{"flows": []}`,
		"b.json":       `[{"n": 3}]`,
		"a.json":       `[{"n": 1}, {"n": 2}]`,
		"notes.txt":    `not a case file`,
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	type numbered struct {
		N int `json:"n"`
	}
	got := testutil.ReadCaseFiles[numbered](t, dir)
	want := []struct {
		name string
		ns   []int
	}{{"a", []int{1, 2}}, {"b", []int{3}}}
	if len(got) != len(want) {
		t.Fatalf("want %d files, got %d: %+v", len(want), len(got), got)
	}
	for i, w := range want {
		if got[i].Name != w.name || got[i].Path != filepath.Join(dir, w.name+".json") {
			t.Errorf("file %d: want %s, got %s (%s)", i, w.name, got[i].Name, got[i].Path)
		}
		if len(got[i].Cases) != len(w.ns) {
			t.Errorf("%s: want %d cases, got %d", w.name, len(w.ns), len(got[i].Cases))
			continue
		}
		for j, n := range w.ns {
			if got[i].Cases[j].N != n {
				t.Errorf("%s[%d]: want %d, got %d", w.name, j, n, got[i].Cases[j].N)
			}
		}
	}
}

func TestReadConformanceFixtures(t *testing.T) {
	vectors := testutil.ReadVectors(t)
	withError := 0
	for _, v := range vectors {
		if v.Template == "" || v.Group == "" {
			t.Errorf("vector without template or group: %+v", v)
		}
		if v.Error {
			withError++
		}
	}
	if withError == 0 || withError == len(vectors) {
		t.Errorf("%d of %d vectors expect an error: the error flag isn't read", withError, len(vectors))
	}

	s := testutil.ReadExpressionSession(t)
	if s.Now.IsZero() || len(s.Environment) == 0 || len(s.Contact) == 0 || len(s.Locations) == 0 {
		t.Errorf("session fixture incomplete: now %s, %d environment bytes, %d contact bytes, %d locations",
			s.Now, len(s.Environment), len(s.Contact), len(s.Locations))
	}
}
