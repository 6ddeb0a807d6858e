package main

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestIndentCompact(t *testing.T) {
	for _, src := range []string{
		`{}`, `[]`, `"x"`, `1`, `null`,
		`{"a":[],"b":{},"c":[1,{"d":"e"}],"f":"g\"h\\","i":"{[,:]}"}`,
		`[[[]],[{}],{"":""}]`,
		`{"a" : 1}`, "[1,\n2]", // not compact: json.Indent's answer
	} {
		got, err := indentCompact([]byte(src))
		var want bytes.Buffer
		werr := json.Indent(&want, []byte(src), "", "    ")
		if (err != nil) != (werr != nil) || !bytes.Equal(got, want.Bytes()) {
			t.Errorf("%s:\n got %s (%v)\nwant %s (%v)", src, got, err, want.Bytes(), werr)
		}
	}
	for _, bad := range []string{`{"a":1`, `"abc`, `[1]]`} {
		if _, err := indentCompact([]byte(bad)); err == nil {
			t.Errorf("%s indented without an error", bad)
		}
	}
}

func BenchmarkIndentCompact(b *testing.B) {
	src := []byte(`{"uuid":"1ae96956-4b34-433e-8d1a-f05fe6923d6d","type":"messaging","runs":[{"uuid":"r1","path":[{"node_uuid":"n1","arrived_on":"2026-12-03T11:00:00Z"},{"node_uuid":"n2","arrived_on":"2026-12-03T11:00:01Z"}],"results":{},"status":"waiting"}],"status":"waiting","sprints":2}`)
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, _ = indentCompact(src)
		}
	})
	b.Run("json_indent", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_, _ = indentSlow(src)
		}
	})
}
