package testutil_test

import (
	"fmt"
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

// recorder is a testing.TB that keeps the failures instead of failing, to test checkers.
type recorder struct {
	testing.TB
	failures []string
}

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}

func TestCheckTypeDocs(t *testing.T) {
	file := filepath.Join(t.TempDir(), "kinds.go")
	src := "package kinds\n\nconst (\n\tTypeA = \"a\"\n\tTypeB = \"b\"\n\tOther = \"x\"\n)\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	read := func(example string) (string, error) {
		if example == "bad" {
			return "", fmt.Errorf("unreadable")
		}
		return example, nil
	}
	tests := []struct {
		docs []testutil.DocumentedType
		want []string
	}{
		{[]testutil.DocumentedType{{"a", "A.", "a"}, {"b", "B.", "b"}}, nil},
		{[]testutil.DocumentedType{{"a", "A.", "a"}}, []string{
			"kind type b is listed 0 times in Docs, want once",
			"Docs lists 1 types, " + file + " declares 2"}},
		{[]testutil.DocumentedType{{"a", " ", "a"}, {"b", "B.", "bad"}, {"b", "B.", "a"}}, []string{
			"kind type a has no description",
			"example of kind type b doesn't read: unreadable",
			"example of kind type b is of type a",
			"kind type b is listed 2 times in Docs, want once"}},
	}
	for i, tc := range tests {
		r := &recorder{TB: t}
		testutil.CheckTypeDocs(r, "kind", file, tc.docs, read)
		if fmt.Sprint(r.failures) != fmt.Sprint(tc.want) {
			t.Errorf("case %d: want failures\n%q\ngot\n%q", i, tc.want, r.failures)
		}
	}
	if got := testutil.TypeConstants(t, file); fmt.Sprint(got) != "[a b]" {
		t.Errorf("TypeConstants: want [a b], got %v", got)
	}
}
