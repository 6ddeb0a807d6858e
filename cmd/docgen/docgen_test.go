package main

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

// repoRoot is the repository root, two folders above this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		t.Fatalf("no go.mod at %s", root)
	}
	return root
}

// TestPagesAreCurrent regenerates the reference pages in memory and compares them with
// the committed ones, so a doc comment or registry change can't leave them behind.
func TestPagesAreCurrent(t *testing.T) {
	root := repoRoot(t)
	files, err := Generate(root)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, ReferenceDir)
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != string(want) {
			t.Errorf("docs are stale: run go generate ./docs (%s differs)", filepath.Join(ReferenceDir, name))
		}
	}
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		if _, generated := files[filepath.ToSlash(rel)]; !generated {
			t.Errorf("%s is in %s but not generated: delete it", rel, ReferenceDir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestParseDoc(t *testing.T) {
	tests := []struct {
		doc  string
		want []block
	}{
		{
			doc:  "Upper makes text\nupper case.\n\nMore here.\n",
			want: []block{{Kind: blockProse, Text: "Upper makes text upper case."}, {Kind: blockProse, Text: "More here."}},
		},
		{
			doc:  "Says hi.\n\n\t{\"type\": \"x\"}\n",
			want: []block{{Kind: blockProse, Text: "Says hi."}, {Kind: blockJSON, Text: `{"type": "x"}`}},
		},
		{
			doc: "Adds.\n\n\t@(1 + 2) → 3\n\t@(1 / 0) → ERROR\n",
			want: []block{{Kind: blockProse, Text: "Adds."}, {Kind: blockTemplates, Text: "@(1 + 2) → 3\n@(1 / 0) → ERROR", Templates: []templateExample{
				{Template: "@(1 + 2)", Output: "3"}, {Template: "@(1 / 0)", Output: "ERROR"},
			}}},
		},
		{
			doc:  "Layouts:\n\tYYYY the year\n\tMM the month\n",
			want: []block{{Kind: blockProse, Text: "Layouts:"}, {Kind: blockCode, Text: "YYYY the year\nMM the month"}},
		},
		{
			// a block mixing examples and other lines is shown, not run
			doc:  "\t@(1) → 1\n\tnot an example\n",
			want: []block{{Kind: blockCode, Text: "@(1) → 1\nnot an example"}},
		},
	}
	for _, tc := range tests {
		if got := parseDoc(tc.doc); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseDoc(%q)\n got %#v\nwant %#v", tc.doc, got, tc.want)
		}
	}
}

func TestNewEntryNamesAndSummaries(t *testing.T) {
	tests := []struct {
		name, goName, doc   string
		wantFirst, wantSumm string
	}{
		{"send_msg", "SendMsg", "SendMsg sends a message. Text is a template.", "`send_msg` sends a message. Text is a template.", "`send_msg` sends a message"},
		{"upper", "upper", "upper converts text, e.g. upper(\"a\") is A: nothing else.", "`upper` converts text, e.g. upper(\"a\") is A: nothing else.", "`upper` converts text, e.g. upper(\"a\") is A"},
		{"text", "text", "Converts anything to text.", "Converts anything to text.", "Converts anything to text"},
		{"contains", "contains", "contains says (same type and value: 1 and \"1\" differ). More.", "`contains` says (same type and value: 1 and \"1\" differ). More.", "`contains` says (same type and value: 1 and \"1\" differ)"},
	}
	for _, tc := range tests {
		e := newEntry(tc.name, tc.goName, tc.doc, "x.go")
		if e.Blocks[0].Text != tc.wantFirst || e.Summary != tc.wantSumm {
			t.Errorf("newEntry(%s): got %q / %q, want %q / %q", tc.name, e.Blocks[0].Text, e.Summary, tc.wantFirst, tc.wantSumm)
		}
	}
}

func TestEscapeProse(t *testing.T) {
	tests := map[string]string{
		`quick replies ("text<extra>more")`: `quick replies ("text&lt;extra&gt;more")`,
		"`a<b` stays, c<d doesn't":          "`a<b` stays, c&lt;d doesn't",
	}
	for in, want := range tests {
		if got := escapeProse(in); got != want {
			t.Errorf("escapeProse(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRegistrationsFound checks the source reading against this repository: every
// function registered in excellent/functions is found with a doc, under its own name.
func TestRegistrationsFound(t *testing.T) {
	pkg, err := loadPackage(repoRoot(t), "excellent/functions")
	if err != nil {
		t.Fatal(err)
	}
	regs, err := pkg.registrations("Register", "registerText", "registerArgs")
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	for _, r := range regs {
		names[r.Name] = r.GoName
	}
	for name, goName := range map[string]string{"upper": "textUpper", "count": "count", "array": "array"} {
		if names[name] != goName {
			t.Errorf("registration of %s documented by %q, want %q", name, names[name], goName)
		}
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	if len(sorted) < 50 {
		t.Errorf("only %d registrations found: %v", len(sorted), sorted)
	}
}
