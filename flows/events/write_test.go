package events_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// encodingJSON is what the direct writer must match: json.Marshal, or an Encoder without
// HTML escaping less its newline.
func encodingJSON(t *testing.T, e events.Event, escapeHTML bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(e); err != nil {
		t.Fatalf("encoding/json refused %T: %v", e, err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

// checkSameBytes writes e both ways in both escapings and fails on any difference.
func checkSameBytes(t *testing.T, name string, e events.Event) {
	t.Helper()
	for _, esc := range []bool{true, false} {
		want := encodingJSON(t, e, esc)
		got, err := events.AppendJSON([]byte("prefix"), e, esc)
		if err != nil {
			t.Errorf("%s (escapeHTML=%v): %v", name, esc, err)
			continue
		}
		if !bytes.HasPrefix(got, []byte("prefix")) || !bytes.Equal(got[6:], want) {
			t.Errorf("%s (escapeHTML=%v):\n got %s\nwant %s", name, esc, got, want)
		}
	}
	if got, _ := events.Marshal(e); !bytes.Equal(got, encodingJSON(t, e, true)) {
		t.Errorf("%s: Marshal differs from json.Marshal:\n got %s", name, got)
	}
}

// awkward holds what string escaping must get right: quotes, backslashes, control
// characters, HTML characters, U+2028/U+2029, invalid UTF-8 and non-ASCII text.
var awkward = []string{"", "plain", "a \"quoted\" \\ back", "line\nbreak\ttab\r\x00\x1f\b\f", "<b>&amp;</b>", "sep\u2028par\u2029", "bad \xff\xfe utf8 \xe2\x80", "héllo 🌍 مرحبا"}

// fill sets every field reachable from v (a pointer) to a value made from s and n, with one
// element in each list and map, so that every member of an event is written.
func fill(v reflect.Value, s string, n int) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		fill(v.Elem(), s, n)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(time.Time{}) {
			v.Set(reflect.ValueOf(time.Date(2026, 12, 3, 11, 0, 0, n*1000, time.FixedZone("x", -5*3600))))
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), s, n+i)
			}
		}
	case reflect.String:
		if v.Type().Name() == "Number" {
			v.SetString("12.50")
		} else {
			v.SetString(s)
		}
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 { // json.RawMessage
			raw, _ := json.Marshal(map[string]any{"text": s, "n": n, "list": []any{1, true, nil}})
			v.SetBytes(append([]byte(" "), raw...))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), s, n)
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i, k := range []string{"b", s, "a"} {
			key := reflect.New(v.Type().Key()).Elem()
			key.SetString(k)
			val := reflect.New(v.Type().Elem()).Elem()
			fill(val, s, n+i)
			v.SetMapIndex(key, val)
		}
	case reflect.Interface:
		if v.Type() == reflect.TypeOf((*json.Marshaler)(nil)).Elem() {
			raw, _ := json.Marshal(s)
			v.Set(reflect.ValueOf(json.RawMessage(raw)))
		} else {
			v.Set(reflect.ValueOf(map[string]any{"type": s, "count": n}))
		}
	}
}

func TestAppendJSONEveryType(t *testing.T) {
	for _, typ := range events.Types() {
		// the zero event, and one with every field set from each awkward string
		e, _ := events.New(typ)
		checkSameBytes(t, typ+" (empty)", e)
		for i, s := range awkward {
			e, _ := events.New(typ)
			e.Stamp("c1b3a5a4-6e3d-4b7a-9d4e-0a5b4c3d2e1f", time.Date(2026, 12, 3, 11, 0, 0, 123456789, time.UTC))
			fill(reflect.ValueOf(e), s, i)
			checkSameBytes(t, typ, e)
		}
	}
}

func TestAppendJSONFallsBack(t *testing.T) {
	// a time encoding/json refuses is refused the same way, and raw JSON that isn't valid
	// gives encoding/json's error
	e := events.NewFailure("x")
	e.Stamp("u", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	if _, err := events.AppendJSON(nil, e, false); err == nil {
		t.Error("year 10000 was written")
	}
	r := events.NewResthookCalled("hook", json.RawMessage(`{"a":`))
	if _, err := events.AppendJSON(nil, r, false); err == nil {
		t.Error("invalid payload was written")
	}
	// odd offsets are written as time.Time writes them
	for _, off := range []int{0, 3600, -(23*3600 + 59*60), 5*3600 + 30*60 + 15} {
		e := events.NewFailure("x")
		e.Stamp("u", time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("z", off)))
		checkSameBytes(t, "offset", e)
	}
}

// TestAppendJSONRecordedSprints writes every event of every recorded sprint both ways.
func TestAppendJSONRecordedSprints(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	n := 0
	for _, pattern := range []string{
		filepath.Join(dir, "runner", "*.test*.json"),
		filepath.Join(dir, "realworld", "*", "*.test*.json"),
		filepath.Join(dir, "realworld", "*.test*.json"),
		filepath.Join("..", "..", "testdata", "flows", "*.test*.json"),
	} {
		for name, evs := range recordedSprints(t, pattern) {
			raw, _ := json.Marshal(evs)
			list, err := events.ReadList(raw)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			for _, e := range list {
				checkSameBytes(t, name+" "+e.Type(), e)
				n++
			}
		}
	}
	if n < 200 {
		t.Errorf("only %d recorded events written", n)
	}
	t.Logf("%d recorded events", n)
}

func BenchmarkAppendJSON(b *testing.B) {
	e := events.NewMsgCreated(&events.MsgOut{URN: "tel:+12065551212", Text: "Hi there, what is your favourite colour?", Locale: "eng-US",
		QuickReplies: []*events.QuickReply{{Type: "text", Text: "Red"}, {Type: "text", Text: "Blue"}}})
	e.Stamp("c1b3a5a4-6e3d-4b7a-9d4e-0a5b4c3d2e1f", time.Date(2026, 12, 3, 11, 0, 0, 123456789, time.UTC))
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for i := 0; i < b.N; i++ {
			buf, _ = events.AppendJSON(buf[:0], e, false)
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(e)
		}
	})
}
