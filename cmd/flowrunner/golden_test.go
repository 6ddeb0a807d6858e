package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the outputs of the golden tests under testdata/")

// TestGolden replays every golden test of the project's testdata/ through the same code as
// `flowrunner test`; `go test ./cmd/flowrunner -update` records their outputs again.
func TestGolden(t *testing.T) {
	root := filepath.Join("..", "..", "testdata")
	if _, err := os.Stat(root); err != nil {
		t.Fatalf("testdata folder missing: %s", err)
	}
	tests, err := findTests([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	for _, gt := range tests {
		t.Run(filepath.Base(gt.Path), func(t *testing.T) {
			res := runGoldenTest(gt, *updateGolden, nil)
			if res.Err != nil {
				t.Fatal(res.Err)
			}
			if res.Updated {
				t.Logf("updated %s", gt.Path)
			}
			for _, d := range res.Diffs {
				t.Error(d)
			}
		})
	}
}
