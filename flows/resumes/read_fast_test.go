package resumes

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

// checkFast fails when decodeFast takes data and reads it differently from encoding/json
// (or takes what encoding/json refuses); it reports whether it took it.
func checkFast(t *testing.T, data []byte) bool {
	t.Helper()
	var fast Resume
	if !decodeFast(data, &fast) {
		return false
	}
	var slow Resume
	if err := json.Unmarshal(data, &slow); err != nil {
		t.Errorf("fast reader took what encoding/json refuses (%v): %s", err, data)
		return true
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("read differently:\nfast %+v\nslow %+v\nfrom %s", fast, slow, data)
	}
	return true
}

const plainResume = `{"type": "msg", "resumed_on": "2000-01-01T00:00:00.000000000-00:00", "event": {"type": "msg_received", "msg": {"text": "I like blue! 💙"}},
	"contact": {"uuid": "x"}, "environment": {"date_format": "DD-MM-YYYY"}}`

func TestReadFastPlainShape(t *testing.T) {
	for _, s := range []string{plainResume, `{"type": "wait_timeout", "resumed_on": "2026-12-03T11:00:00Z"}`, `{}`} {
		if !checkFast(t, []byte(s)) {
			t.Errorf("%s went to encoding/json", s)
		}
	}
}

func TestReadFastLeavesTheRest(t *testing.T) {
	for _, s := range []string{
		``, `null`, `[]`, `{"type": "msg"} x`, `{"type": "msg",}`, `{"Type": "msg"}`, `{"type": "msg", "type": "dial"}`,
		`{"type": "m\u0073g"}`, `{"type": "\xff"}`, `{"type": null}`, `{"type": 5}`, `{"resumed_on": "soon"}`, `{"resumed_on": null}`,
		`{"event": null}`, `{"event": []}`, `{"event": "x"}`, `{"contact": null}`, `{"other": 1}`, `{"event": {}, "event": {}}`,
	} {
		if checkFast(t, []byte(s)) {
			t.Errorf("%s was read by the fast reader", s)
		}
	}
}

// TestReadFastRecordedResumes reads every resume of every recorded test both ways.
func TestReadFastRecordedResumes(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	var files []string
	for _, pattern := range []string{filepath.Join(dir, "runner", "*.json"), filepath.Join(dir, "realworld", "runner", "*.test*.json"),
		filepath.Join("..", "..", "testdata", "flows", "*.test*.json")} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	n, fast := 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tc struct {
			Resumes []json.RawMessage `json:"resumes"`
		}
		if json.Unmarshal(data, &tc) != nil {
			continue
		}
		for _, r := range tc.Resumes {
			n++
			if checkFast(t, r) {
				fast++
			}
		}
	}
	if n < 30 || fast < n*3/4 {
		t.Errorf("only %d of %d recorded resumes read by the fast reader", fast, n)
	}
	t.Logf("%d of %d recorded resumes read by the fast reader", fast, n)
}

func FuzzReadFast(f *testing.F) {
	f.Add([]byte(plainResume))
	f.Add([]byte(`{"type": "dial", "event": {"dial": {"status": "busy"}}}`))
	f.Fuzz(func(t *testing.T, data []byte) { checkFast(t, data) })
}

func BenchmarkRead(b *testing.B) {
	data := []byte(plainResume)
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var r Resume
			decodeFast(data, &r)
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var r Resume
			_ = json.Unmarshal(data, &r)
		}
	})
}
