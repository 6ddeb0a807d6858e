package flows

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

// checkFastContact fails when the one-pass reader takes data and reads it differently from
// encoding/json (or takes what encoding/json refuses); it reports whether it took it.
func checkFastContact(t *testing.T, data []byte) bool {
	t.Helper()
	var fast contactEnvelope
	if !decodeContactFast(data, &fast) {
		return false
	}
	var slow contactEnvelope
	if err := json.Unmarshal(data, &slow); err != nil {
		t.Errorf("fast reader took what encoding/json refuses (%v): %s", err, data)
		return true
	}
	if !reflect.DeepEqual(fast, slow) {
		t.Errorf("read differently:\nfast %+v\nslow %+v\nfrom %s", fast, slow, data)
	}
	return true
}

var plainContact = `{"uuid": "ba96bf7f-bc2a-4873-a7c7-254d1927c4e3", "id": 1234567, "name": "Ben Haggerty 🎤", "language": "eng",
	"status": "active", "timezone": "America/Guayaquil", "created_on": "2000-01-01T00:00:00Z", "last_seen_on": "2017-12-31T11:35:10.035757-02:00",
	"urns": ["tel:+12065551212", "mailto:ben@macklemore"], "groups": [{"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Testers"}, {"name_match": "x"}],
	"fields": {"age": {"text": "23", "number": 23}, "gender": null, "state": {"text": "Ecuador > Azuay", "state": "Ecuador > Azuay"},
	"joined": {"text": "2017-12-31T11:35:10Z", "datetime": "2017-12-31T11:35:10Z"}, "ward": {"ward": "a", "district": "b"}}}`

func TestContactFastReadsPlainShape(t *testing.T) {
	if !checkFastContact(t, []byte(plainContact)) {
		t.Fatal("the plain contact went to encoding/json")
	}
	for _, s := range []string{`{}`, `{"uuid": "x", "urns": [], "groups": [], "fields": {}}`, ` {"uuid": "a\u0062"} `,
		"{\"name\": \"\xff\xfe \u00e9 \\n\\u00e9\", \"urns\": [\"tel:\\u002b1\"]}", `{"fields": {"\u00e9": {"text": "\"x\"", "number": -1.5e-3}, "b": null}}`,
		`{"groups": [{}, {"name": "\u003cG\u003e"}]}`, `{"id": -0}`, `{"id": 9223372036854775807}`, `{"name": "\ud800"}`} {
		if !checkFastContact(t, []byte(s)) {
			t.Errorf("%s went to encoding/json", s)
		}
	}
}

func TestContactFastLeavesTheRest(t *testing.T) {
	// each of these is read by encoding/json, which may read it some other way or refuse it
	for _, s := range []string{
		``, `null`, `[]`, `{"uuid": "x"} x`, `{"uuid": "x",}`,
		`{"UUID": "x"}`, `{"uuid": "x", "uuid": "y"}`, `{"\u0075uid": "x"}`, `{"name": "\xff"}`,
		`{"uuid": "x"`, `{"uuid" "x"}`, `{"urns": ["a",]}`, `{"groups": [{"uuid": "a", "uuid": "b"}]}`, `{"id": -}`, `{"id": 1e3}`,
		`{"fields": {"a": {"number": 1.5e}}}`, `{"fields": {"a": {"number": 1}}, "fields": {}}`, `{"last_seen_on": null}`,
		`{"name": null}`, `{"id": 1.5}`, `{"id": "5"}`, `{"id": 99999999999999999999}`,
		`{"created_on": ""}`, `{"created_on": "2000-01-01"}`, `{"created_on": 5}`, `{"other": 1}`,
		`{"tickets": []}`, `{"urns": ["a", 5]}`, `{"urns": "a"}`, `{"groups": [null]}`, `{"groups": [{"uuid": "a", "extra": 1}]}`,
		`{"fields": {"a": {"number": "5"}}}`, `{"fields": {"a": {"datetime": "soon"}}}`,
		`{"fields": {"a": {"text": "x", "text": "y"}}}`, `{"fields": {"a": {"Text": "x"}}}`, `{"fields": {"a": 5}}`, `{"fields": {"a": {}, "a": {}}}`,
	} {
		if checkFastContact(t, []byte(s)) {
			t.Errorf("%s was read by the fast reader", s)
		}
	}
}

// TestContactFastRecordedContacts reads every contact of every recorded test both ways.
func TestContactFastRecordedContacts(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	var files []string
	for _, pattern := range []string{filepath.Join(dir, "runner", "*.test*.json"), filepath.Join(dir, "realworld", "runner", "*.test*.json"),
		filepath.Join("..", "testdata", "flows", "*.test*.json")} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	fast := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var tc struct {
			Contact json.RawMessage `json:"contact"`
		}
		if err := json.Unmarshal(data, &tc); err != nil || len(tc.Contact) == 0 {
			continue
		}
		if checkFastContact(t, tc.Contact) {
			fast++
		}
	}
	if fast < len(files)/2 {
		t.Errorf("only %d of %d recorded contacts read by the fast reader", fast, len(files))
	}
	t.Logf("%d of %d recorded contacts read by the fast reader", fast, len(files))
}

func FuzzContactFast(f *testing.F) {
	f.Add([]byte(plainContact))
	f.Add([]byte(`{"uuid": "x", "fields": {"a": {"number": 5}}}`))
	f.Fuzz(func(t *testing.T, data []byte) { checkFastContact(t, data) })
}

func BenchmarkReadContact(b *testing.B) {
	data := []byte(plainContact)
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var e contactEnvelope
			decodeContactFast(data, &e)
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var e contactEnvelope
			_ = json.Unmarshal(data, &e)
		}
	})
}
