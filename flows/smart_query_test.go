package flows

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/flows/contactql"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// smartQueryTexts are queries that parse and queries that don't, with those of the smart
// groups of the recorded assets.
func smartQueryTexts(t *testing.T) []string {
	texts := []string{
		`age > 18`, `name ~ bob OR tel ~ 2065`, `(name ~ bob OR tel ~ 2065) language != ""`,
		`last_seen_on >= 2026-01-01`, `"quoted \" text"`, `gender = "Male" AND age < 30`,
		``, `(`, `age >`, `)`, `"unclosed`, `a = b = c`, strings.Repeat("x", contactql.MaxQueryLength+1),
	}
	dir := testutil.ConformanceDir(t)
	var files []string
	for _, pattern := range []string{filepath.Join(dir, "runner", "*.json"), filepath.Join("..", "testdata", "flows", "*.json")} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, f := range files {
		src, err := static.LoadSource(f)
		if err != nil || src.Collection().Groups == nil {
			continue
		}
		for _, g := range src.Collection().Groups.Smart() {
			texts = append(texts, g.Query)
		}
	}
	return texts
}

// TestSmartQueryCached holds parseSmartQuery to contactql.Parse: the same query where it
// parses, nil where it doesn't, and the same value again from the cache.
func TestSmartQueryCached(t *testing.T) {
	texts := smartQueryTexts(t)
	t.Logf("%d queries", len(texts))
	for _, text := range texts {
		want, err := contactql.Parse(text)
		for i := 0; i < 2; i++ { // the second time from the cache
			got := parseSmartQuery(text)
			if err != nil {
				if got != nil {
					t.Errorf("%.60q doesn't parse (%v) but the cache gave %v", text, err, got)
				}
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%.60q: cached %v, parsed %v", text, got, want)
			}
		}
	}
}

func BenchmarkSmartQuery(b *testing.B) {
	const text = `(name ~ bob OR tel ~ 2065) language != "" AND age > 18`
	b.Run("cached", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			parseSmartQuery(text)
		}
	})
	b.Run("parse", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, _ = contactql.Parse(text)
		}
	})
}
