package testutil

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// GoldenParts returns a part (such as "contact" or "trigger") of every golden test under
// dir (files NAME.SUFFIX.json holding that key), as fuzz seeds. "resumes" returns each
// resume separately.
func GoldenParts(t testing.TB, dir, key string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var test map[string]json.RawMessage
		if json.Unmarshal(data, &test) != nil || test[key] == nil {
			continue
		}
		if key == "resumes" {
			var list []json.RawMessage
			if json.Unmarshal(test[key], &list) == nil {
				for _, r := range list {
					out = append(out, r)
				}
			}
			continue
		}
		out = append(out, test[key])
	}
	return out
}

// AssetFlows returns each flow of every assets file (NAME.json, not a test) under dir, as
// fuzz seeds.
func AssetFlows(t testing.TB, dir string) [][]byte {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, f := range files {
		if filepath.Ext(f[:len(f)-len(".json")]) != "" {
			continue // a test file
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var a struct {
			Flows []json.RawMessage `json:"flows"`
		}
		if json.Unmarshal(data, &a) == nil {
			for _, fl := range a.Flows {
				out = append(out, fl)
			}
		}
	}
	return out
}
