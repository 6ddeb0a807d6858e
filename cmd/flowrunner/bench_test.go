package main

import (
	"bytes"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// benchAllocs runs bench on the project's subflows test and returns its allocations per
// session.
func benchAllocs(t *testing.T, extra ...string) float64 {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "flows")
	var stdout, stderr bytes.Buffer
	args := append([]string{"bench", "-n", "3"}, extra...)
	args = append(args, filepath.Join(dir, "subflows.json"), filepath.Join(dir, "subflows.test.json"))
	if code := run(args, nil, &stdout, &stderr); code != 0 {
		t.Fatalf("bench %v: exit %d: %s", extra, code, stderr.String())
	}
	m := regexp.MustCompile(`^3 sessions in \S+: \d+ sessions/s, (\d+) allocs/session, \d+ bytes/session, \d+ bytes of session JSON\n$`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("bench %v printed %q", extra, stdout.String())
	}
	n, _ := strconv.ParseFloat(m[1], 64)
	return n
}

func TestBenchResumes(t *testing.T) {
	all := benchAllocs(t)
	start := benchAllocs(t, "-resumes", "0")
	one := benchAllocs(t, "-resumes", "1")
	if !(start < one && one <= all) {
		t.Errorf("allocs: start only %v, one resume %v, all %v: each resume should add work", start, one, all)
	}
	var stderr bytes.Buffer
	if code := run([]string{"bench", "-resumes", "-2", "a.json", "b.json"}, nil, &bytes.Buffer{}, &stderr); code != exitInput {
		t.Errorf("-resumes -2: exit %d, %s", code, stderr.String())
	} else if want := "flag -resumes must be at least 0, not -2"; !bytes.Contains(stderr.Bytes(), []byte(want)) {
		t.Errorf("-resumes -2: %q, want %q", stderr.String(), want)
	}
}

// TestBenchParallel replays on several goroutines over one set of assets (run under -race
// it shows that replays share them safely).
func TestBenchParallel(t *testing.T) {
	for _, dir := range flowFolders(t) {
		for _, c := range []string{"subflows", "two_questions", "all_actions"} {
			assetsPath := filepath.Join(dir, c+".json")
			tests, _ := filepath.Glob(filepath.Join(dir, c+".test*.json"))
			if len(tests) == 0 {
				continue
			}
			var stdout, stderr bytes.Buffer
			if code := run([]string{"bench", "-n", "8", "-parallel", "3", assetsPath, tests[0]}, nil, &stdout, &stderr); code != 0 {
				t.Fatalf("%s: exit %d: %s", tests[0], code, stderr.String())
			}
			if !regexp.MustCompile(`^3 goroutines: 8 sessions in \S+: \d+ sessions/s`).Match(stdout.Bytes()) {
				t.Errorf("%s: printed %q", tests[0], stdout.String())
			}
		}
	}
	var stderr bytes.Buffer
	if code := run([]string{"bench", "-parallel", "0", "a.json", "b.json"}, nil, &bytes.Buffer{}, &stderr); code != exitInput ||
		!bytes.Contains(stderr.Bytes(), []byte("flag -parallel must be at least 1, not 0")) {
		t.Errorf("-parallel 0: exit %d, %s", code, stderr.String())
	}
}
