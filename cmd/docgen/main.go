// Command docgen writes the reference pages of docs/reference (actions, events, triggers,
// resumes, functions, case tests) from the code's own registries and doc comments, so that
// they cannot drift from the code. `go generate ./docs` runs it:
//
//	go run ./cmd/docgen [-root DIR] [-out DIR]
//
// Every registered type and function must have a doc comment; actions and events must hold
// a JSON example (an indented line of JSON), functions and case tests hold examples written
// as indented lines `@(expression) → output` and a signature with a line per parameter, in
// the form the package doc of excellent/functions describes. docgen fails, naming the
// function and its file, when a function or case test has no signature or one whose
// required and optional parameters disagree with functions.Arity. The package's tests
// check that the committed pages are up to date and run every example.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	rootFlag := flag.String("root", "", "the repository root (default: the folder holding go.mod above the working directory)")
	outFlag := flag.String("out", "", "where to write the pages (default: ROOT/docs/reference)")
	flag.Parse()

	root := *rootFlag
	if root == "" {
		var err error
		if root, err = findRoot(); err != nil {
			fail(err)
		}
	}
	out := *outFlag
	if out == "" {
		out = filepath.Join(root, ReferenceDir)
	}
	files, err := Generate(root)
	if err != nil {
		fail(err)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		fail(err)
	}
	for name, content := range files {
		target := filepath.Join(out, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			fail(err)
		}
		if err := os.WriteFile(target, content, 0o644); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "docgen: %s\n", err)
	os.Exit(1)
}

// ReferenceDir is where the pages live, relative to the repository root.
const ReferenceDir = "docs/reference"

// Generate renders every reference page, by file name.
func Generate(root string) (map[string][]byte, error) {
	pages, err := gather(root)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(pages))
	for _, p := range pages {
		files[p.File] = render(p)
	}
	return files, nil
}

// findRoot walks up from the working directory to the folder holding go.mod.
func findRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod found above the working directory")
		}
		dir = parent
	}
}
