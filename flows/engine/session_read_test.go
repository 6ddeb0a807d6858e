package engine

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// checkSessionReaders holds the strict reader to encoding/json: where it accepts a text,
// encoding/json must accept it too and decode the same; decodeSession as a whole must
// always agree with encoding/json, errors included.
func checkSessionReaders(t *testing.T, name string, data []byte) {
	t.Helper()
	var want sessionJSON
	wantErr := json.Unmarshal(data, &want)
	if wantErr == nil {
		// unknown fields are refused (nothing read may be dropped on the next write)
		want = sessionJSON{}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		wantErr = dec.Decode(&want)
	}

	var fast sessionJSON
	r := &jsonReader{Data: data}
	accepted := sessionShape.read(r, &fast)
	if accepted {
		r.Space()
		accepted = r.Pos == len(data)
	}
	if accepted {
		if wantErr != nil {
			t.Errorf("%s: strict reader accepts what encoding/json refuses (%s):\n%s", name, wantErr, data)
		} else if !reflect.DeepEqual(fast, want) {
			t.Errorf("%s: strict reader differs\nwant %+v\ngot  %+v", name, want, fast)
		}
	}

	var got sessionJSON
	gotErr := decodeSession(&jsonReader{Data: data}, &got)
	if (gotErr == nil) != (wantErr == nil) || (gotErr != nil && gotErr.Error() != wantErr.Error()) {
		t.Errorf("%s: expected error %v, got %v", name, wantErr, gotErr)
	} else if gotErr == nil && !reflect.DeepEqual(got, want) {
		t.Errorf("%s: decodeSession differs\nwant %+v\ngot  %+v", name, want, got)
	}
}

// sampleSessions are stored sessions: the awkward ones of the writer test, compact and
// indented, and each recorded session after every sprint.
func sampleSessions(t *testing.T) [][]byte {
	var out [][]byte
	add := func(s *Session) {
		b, err := s.MarshalJSON()
		if err != nil {
			return
		}
		out = append(out, b)
		var indented strings.Builder
		enc := json.NewEncoder(&indented)
		enc.SetIndent("", "    ")
		if enc.Encode(json.RawMessage(b)) == nil {
			out = append(out, []byte(indented.String()))
		}
	}
	add(newWriterTestSession(t))
	full := newWriterTestSession(t)
	fillAwkward(full)
	add(full)
	s := newWriterTestSession(t)
	s.runs[0].results = nil
	add(s)
	return out
}

func TestSessionReaderAgrees(t *testing.T) {
	samples := sampleSessions(t)
	handWritten := []string{
		`{}`, `null`, `[]`, `{"uuid": "x"}`, ` {"uuid":"x"} `, `{"uuid":"x"} x`, `{"uuid":"x",}`, `{"uuid" "x"}`,
		`{"UUID":"x"}`, `{"uuid":"x","uuid":"y"}`, `{"other":1}`, `{"uuid":null}`, `{"sprints":1}`, `{"sprints":-0}`,
		`{"sprints":01}`, `{"sprints":1.0}`, `{"sprints":1e2}`, `{"sprints":99999999999999999999}`, `{"sprints":"1"}`,
		`{"uuid":"a\u00e9\n\"b"}`, `{"uuid":"a\x"}`, "{\"uuid\":\"a\x01\"}", "{\"uuid\":\"\xff\"}", `{"uuid":"é😀"}`,
		`{"environment":null,"input":null,"runs":null}`, `{"environment":{},"input":{},"runs":[]}`,
		`{"environment":{"allowed_languages":[],"number_format":null}}`, `{"environment":{"date_format":null}}`,
		`{"trigger":null}`, `{"trigger":{"a":[1,2.5e-3,true,false,null,{"b":"\u003c"}]}}`, `{"trigger":{"a":01}}`,
		`{"trigger":{"a":[1,]}}`, `{"trigger":{"a":1}`, `{"trigger":"x\u12"}`, `{"trigger":-}`, `{"trigger":1.}`,
		`{"runs":[{"path":[],"results":{},"locals":{},"exited_on":null}]}`, `{"runs":[null]}`,
		`{"runs":[{"results":{"a":null}}]}`, `{"runs":[{"results":{"a":{},"a":{}}}]}`, `{"runs":[{"locals":{"a":"1","a":"2"}}]}`,
		`{"runs":[{"created_on":"2020-01-01T00:00:00Z","exited_on":"2020-01-01T00:00:00+05:30"}]}`,
		`{"runs":[{"created_on":"2020-01-01"}]}`, `{"runs":[{"created_on":"2020-01-01T00:00:00\u005a"}]}`,
		`{"runs":[{"had_input":null}]}`, `{"runs":[{"had_input":1}]}`, `{"runs":[{"webhook":{"x": [ ]} }]}`,
		`{"input":{"channel":null,"attachments":null}}`, `{"input":{"attachments":["a",null]}}`,
	}
	for _, h := range handWritten {
		samples = append(samples, []byte(h))
	}
	for i, data := range samples {
		checkSessionReaders(t, "sample "+strconv.Itoa(i), data)
	}
}

// TestSessionReaderEdits checks every single-byte deletion and a set of insertions at every
// position of a stored session: whatever the strict reader accepts, encoding/json agrees.
func TestSessionReaderEdits(t *testing.T) {
	data := sampleSessions(t)[0]
	inserts := []string{",", "}", "]", "\"", "x", "\x01", "\\", " ", "0", "null,", "{"}
	for i := 0; i <= len(data); i++ {
		if i < len(data) {
			edited := append(append([]byte{}, data[:i]...), data[i+1:]...)
			checkSessionReaders(t, "delete "+strconv.Itoa(i), edited)
		}
		for _, ins := range inserts {
			edited := append(append(append([]byte{}, data[:i]...), ins...), data[i:]...)
			checkSessionReaders(t, "insert "+strconv.Itoa(i), edited)
		}
	}
}

// FuzzSessionReader runs the same agreement check on fuzzed text (seeds only under go test).
func FuzzSessionReader(f *testing.F) {
	for _, s := range sampleSessions(&testing.T{}) {
		f.Add(s)
	}
	f.Add([]byte(`{"runs":[{"path":[{"node_uuid":"a","arrived_on":"2020-01-01T00:00:00Z"}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		checkSessionReaders(t, "fuzz", data)
	})
}

// TestSessionReaderTakesOwnOutput checks the strict reader reads the sessions the engine
// writes (else reads would quietly take the slow path), including one with every part.
func TestSessionReaderTakesOwnOutput(t *testing.T) {
	full := newWriterTestSession(t)
	fillAwkward(full)
	delete(full.runs[0].results, "a") // a nil result, which the engine never stores
	for name, s := range map[string]*Session{"plain": newWriterTestSession(t), "full": full} {
		data, err := s.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var j sessionJSON
		r := &jsonReader{Data: data}
		if !sessionShape.read(r, &j) {
			t.Errorf("%s: strict reader declined %s", name, data)
		}
		checkSessionReaders(t, name, data)
	}
}
