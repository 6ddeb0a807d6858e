package jsonw

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

// checkCompact fails when AppendCompact differs from json.Compact (then json.HTMLEscape):
// other bytes, or taking what it refuses or refusing what it takes.
func checkCompact(t testing.TB, raw []byte) {
	t.Helper()
	var buf bytes.Buffer
	err := json.Compact(&buf, raw)
	for _, html := range []bool{false, true} {
		want := buf.Bytes()
		if html && err == nil {
			var esc bytes.Buffer
			json.HTMLEscape(&esc, want)
			want = esc.Bytes()
		}
		prefix := []byte("prefix")
		got, ok := AppendCompact(prefix, raw, html)
		if ok != (err == nil) {
			t.Fatalf("AppendCompact(%.200q, %v): ok %v, json.Compact error %v", raw, html, ok, err)
		}
		if !bytes.HasPrefix(got, []byte("prefix")) {
			t.Fatalf("AppendCompact(%.200q, %v) lost what it appends to: %.200q", raw, html, got)
		}
		if !ok {
			if len(got) != len("prefix") {
				t.Fatalf("AppendCompact(%.200q, %v) failed but left %.200q", raw, html, got)
			}
			continue
		}
		if got = got[len("prefix"):]; !bytes.Equal(got, want) {
			t.Fatalf("AppendCompact(%.200q, %v):\ngot  %.300q\nwant %.300q", raw, html, got, want)
		}
	}
}

var compactCases = []string{
	``, ` `, `null`, ` true `, `false`, `nul`, `nulll`, `truex`, `0`, `-0`, `01`, `-`, `1.`, `1.5`, `.5`, `1e5`, `1E+5`, `1e-05`, `1e`, `1e+`,
	`-1.25e10`, `1 2`, `""`, `"a"`, `"a`, `"\"\\\/\b\f\n\r\t"`, `"\u00e9\u00E9"`, `"\u00g0"`, `"\u00"`, `"\x"`, "\"\x01\"", "\"\x7f\xff\xfe\"",
	`"<a>&amp;"`, "\"\u2028\u2029\"", "\"\xe2\x80\"", "\"\xe2\x80\xa8\"", `{}`, `[]`, `{ }`, `[ ]`, `{"a":1}`, ` { "a" : [ 1 , 2 , { } , [ ] ] } `,
	`{"a":1,}`, `[1,]`, `[,]`, `{,}`, `{"a"}`, `{"a":}`, `{a:1}`, `{"a":1 "b":2}`, `[1 2]`, `[1,2]]`, `{"a":1}}`, `[`, `]`, `{`, `}`,
	`{"a":[}`, `[{]`, `{"a":{"b":{"c":[true,false,null,"x",-1.5e-3]}}}`, "{\t\"a\"\r\n:\n1}", "\u00a0{}", `{"a":1}x`, `{"<":">"}`,
	"[1,\n  2,\n  3\n]\n",
}

func TestAppendCompact(t *testing.T) {
	for _, s := range compactCases {
		checkCompact(t, []byte(s))
	}
	for _, n := range []int{maxCompactDepth - 1, maxCompactDepth, maxCompactDepth + 1} {
		checkCompact(t, []byte(testutil.Nested("[", "", "]", n)))
		checkCompact(t, []byte(testutil.Nested(`{"a":`, "1", "}", n)))
		checkCompact(t, []byte(strings.Repeat("[", n))) // unclosed
	}
}

// TestAppendCompactRecorded compacts every JSON file of the conformance cases and of
// testdata (indented as recorded), and each one compacted already.
func TestAppendCompactRecorded(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	var files []string
	for _, pattern := range []string{filepath.Join(dir, "*", "*.json"), filepath.Join(dir, "*", "*", "*.json"),
		filepath.Join("..", "..", "testdata", "*", "*.json")} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) < 50 {
		t.Fatalf("only %d recorded files found", len(files))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkCompact(t, data)
		var buf bytes.Buffer
		if json.Compact(&buf, data) == nil {
			checkCompact(t, buf.Bytes())
		}
	}
	t.Logf("%d files", len(files))
}

func FuzzAppendCompact(f *testing.F) {
	for _, s := range compactCases {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) { checkCompact(t, raw) })
}

func BenchmarkCompact(b *testing.B) {
	raw := []byte(`{
    "type": "msg",
    "flow": {"uuid": "50c3706e-fedb-42c0-8eab-dda3335714b7", "name": "Registration"},
    "msg": {"uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5", "urn": "tel:+12065551212", "text": "hi <there> & \u2028 you"},
    "triggered_on": "2000-01-01T00:00:00.000000000-00:00",
    "params": [1, 2.5, -3e10, true, false, null]
}`)
	b.Run("AppendCompact", func(b *testing.B) {
		b.ReportAllocs()
		var out []byte
		for i := 0; i < b.N; i++ {
			out, _ = AppendCompact(out[:0], raw, true)
		}
	})
	b.Run("json.Compact", func(b *testing.B) {
		b.ReportAllocs()
		var buf, esc bytes.Buffer
		for i := 0; i < b.N; i++ {
			buf.Reset()
			esc.Reset()
			_ = json.Compact(&buf, raw)
			json.HTMLEscape(&esc, buf.Bytes())
		}
	})
}
