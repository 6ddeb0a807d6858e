// Package testutil holds the few helpers that tests of many packages share: finding the
// shared conformance data that lives beside the repository (never inside it) and reading
// its JSON files. Tests that need the data skip cleanly where the folder is absent, so
// the repository's tests run anywhere.
package testutil

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ConformanceDir returns the shared conformance folder, ../shared/conformance beside the
// repository root (the nearest folder above the working directory holding go.mod), and
// skips the test when there is none, so a checkout without the data still passes.
func ConformanceDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatalf("unable to read the working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found above the working directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared", "conformance")
	if st, err := os.Stat(shared); err != nil || !st.IsDir() {
		t.Skip("../shared/conformance not found beside the repository")
	}
	return shared
}

// ConformancePath joins elem onto ConformanceDir, e.g. ConformancePath(t, "expressions",
// "session.json"), skipping the test like ConformanceDir where the data is absent.
func ConformancePath(t testing.TB, elem ...string) string {
	t.Helper()
	return filepath.Join(append([]string{ConformanceDir(t)}, elem...)...)
}

// ReadFile reads the file at path, failing the test with the path when it can't, so
// callers need no error plumbing for fixtures that must exist.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("unable to read %s: %v", path, err)
	}
	return data
}

// ReadJSON decodes the JSON file at path into v, failing the test with the path when the
// file can't be read or decoded.
func ReadJSON(t testing.TB, path string, v any) {
	t.Helper()
	if err := json.Unmarshal(ReadFile(t, path), v); err != nil {
		t.Fatalf("unable to decode %s: %v", path, err)
	}
}

// CaseFile is one file of a reference folder: its name without ".json" (the type of
// action, modifier, trigger... its cases are about), its path, and its cases.
type CaseFile[T any] struct {
	Name  string
	Path  string
	Cases []T
}

// ReadCaseFiles reads the case files of a reference folder in name order, each a JSON list
// of T, leaving out the folder's fixtures (files starting with "_", such as _assets.json).
// It fails the test when there are none, since an empty folder would pass silently.
func ReadCaseFiles[T any](t testing.TB, dir string) []CaseFile[T] {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatalf("unable to list %s: %v", dir, err)
	}
	var files []CaseFile[T]
	for _, path := range paths {
		base := filepath.Base(path)
		if strings.HasPrefix(base, "_") {
			continue
		}
		file := CaseFile[T]{Name: strings.TrimSuffix(base, ".json"), Path: path}
		ReadJSON(t, path, &file.Cases)
		files = append(files, file)
	}
	if len(files) == 0 {
		t.Fatalf("no case files in %s", dir)
	}
	return files
}
