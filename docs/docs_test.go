package docs

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// guidePages are the hand-written pages whose examples this test runs.
var guidePages = []string{"guide.md", "flows.md", "cli.md", "assets.md", "tests.md", "webhooks.md", "dates.md"}

// fence is a fenced block of a markdown page: its info string, its lines, the line it
// starts on, and the file named by a `<!-- file: PATH -->` comment right above it.
type fence struct {
	info  string
	lines []string
	line  int
	file  string
}

// fences returns the fenced blocks of a markdown text.
func fences(text string) []fence {
	var out []fence
	var cur *fence
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		switch {
		case cur == nil && strings.HasPrefix(l, "```"):
			cur = &fence{info: strings.TrimSpace(strings.TrimPrefix(l, "```")), line: i + 1}
			if i > 0 {
				if path, ok := strings.CutPrefix(strings.TrimSpace(lines[i-1]), "<!-- file: "); ok {
					cur.file = strings.TrimSpace(strings.TrimSuffix(path, "-->"))
				}
			}
		case cur != nil && strings.HasPrefix(l, "```"):
			out = append(out, *cur)
			cur = nil
		case cur != nil:
			cur.lines = append(cur.lines, l)
		}
	}
	return out
}

// session is a command of a console block and the output the page shows for it.
type session struct {
	command string
	want    []string
}

// sessions splits a console block into commands ($ lines) and their shown outputs.
func sessions(f fence) []session {
	var out []session
	for _, l := range f.lines {
		if cmd, ok := strings.CutPrefix(l, "$ "); ok {
			out = append(out, session{command: cmd})
		} else if len(out) > 0 {
			out[len(out)-1].want = append(out[len(out)-1].want, l)
		}
	}
	return out
}

// matchLines compares output lines with shown lines, where a shown line "..." stands for
// any number of lines.
func matchLines(got, want []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if matchLines(got[i:], want[1:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && got[0] == want[0] && matchLines(got[1:], want[1:])
}

func TestMatchLines(t *testing.T) {
	tests := []struct {
		got, want []string
		match     bool
	}{
		{[]string{"a", "b"}, []string{"a", "b"}, true},
		{[]string{"a", "b"}, []string{"a"}, false},
		{[]string{"a", "b", "c", "d"}, []string{"a", "...", "d"}, true},
		{[]string{"a", "d"}, []string{"a", "...", "d"}, true},
		{[]string{"a", "b"}, []string{"a", "...", "d"}, false},
		{[]string{"x"}, []string{"..."}, true},
	}
	for _, tc := range tests {
		if got := matchLines(tc.got, tc.want); got != tc.match {
			t.Errorf("matchLines(%q, %q) = %v", tc.got, tc.want, got)
		}
	}
}

// TestFilesShown checks that a block marked <!-- file: PATH --> shows that file exactly,
// and that every JSON block is valid JSON.
func TestFilesShown(t *testing.T) {
	for _, page := range guidePages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fences(string(data)) {
			body := strings.Join(f.lines, "\n") + "\n"
			if f.info == "json" && !json.Valid([]byte(body)) {
				t.Errorf("%s:%d: JSON block is not valid JSON", page, f.line)
			}
			if f.file == "" {
				continue
			}
			file, err := os.ReadFile(f.file)
			if err != nil {
				t.Errorf("%s:%d: %s", page, f.line, err)
			} else if string(file) != body {
				t.Errorf("%s:%d: block differs from %s", page, f.line, f.file)
			}
		}
	}
}

// TestConsoleExamples runs every command of the pages' console blocks from the
// repository root, with flowrunner built from this tree, and compares what it prints with
// what the page shows.
func TestConsoleExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("builds flowrunner")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	build := exec.Command("go", "build", "-o", filepath.Join(bin, "flowrunner"), "./cmd/flowrunner")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building flowrunner: %s\n%s", err, out)
	}
	env := append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "NO_COLOR=1")

	ran := 0
	for _, page := range guidePages {
		data, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fences(string(data)) {
			if f.info != "console" {
				continue
			}
			for _, s := range sessions(f) {
				// the quick start runs flowrunner with go run; the built binary is the same
				command := strings.Replace(s.command, "go run ./cmd/flowrunner", "flowrunner", 1)
				cmd := exec.Command("sh", "-c", command)
				cmd.Dir, cmd.Env = root, env
				out, _ := cmd.CombinedOutput() // commands that report problems exit non-zero
				got := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
				if !matchLines(got, s.want) {
					t.Errorf("%s:%d: $ %s\nprinted:\n%s\npage shows:\n%s", page, f.line, s.command, out, strings.Join(s.want, "\n"))
				}
				ran++
			}
		}
	}
	if ran == 0 {
		t.Fatal("no console examples found")
	}
}
