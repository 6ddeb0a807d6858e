package jsonw

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// encoded is v as encoding/json writes it, HTML-escaped or not, without the newline.
func encoded(t testing.TB, v any, escapeHTML bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimRight(buf.Bytes(), "\n")
}

var texts = []string{"", "plain", `"q" \ /`, "\x00\x01\x1f\x7f\b\f\n\r\t", "<a href='x'>&amp;</a>", "\u2028\u2029", "\xff", "a\xe2\x80", "\xe2\x80\xa8x", "é🌍", "\xed\xa0\x80"}

func checkString(t testing.TB, s string) {
	for _, esc := range []bool{true, false} {
		w := Writer{EscapeHTML: esc}
		w.String(s)
		if want := encoded(t, s, esc); !bytes.Equal(w.B, want) {
			t.Errorf("String(%q) escapeHTML=%v: got %s, want %s", s, esc, w.B, want)
		}
	}
}

func TestString(t *testing.T) {
	for _, s := range texts {
		checkString(t, s)
	}
}

func FuzzString(f *testing.F) {
	for _, s := range texts {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkString(t, s) })
}

func TestTime(t *testing.T) {
	for _, tm := range []time.Time{{}, time.Date(2026, 12, 3, 11, 0, 0, 1, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", 23*3600+59*60))} {
		var w Writer
		w.Time(tm)
		if want := encoded(t, tm, false); w.Failed() || !bytes.Equal(w.B, want) {
			t.Errorf("Time(%v): got %s, want %s", tm, w.B, want)
		}
	}
	for _, tm := range []time.Time{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600))} {
		var w Writer
		if w.Time(tm); !w.Failed() {
			t.Errorf("Time(%v) written as %s, but time.Time refuses it", tm, w.B)
		}
	}
}

func TestRawMessage(t *testing.T) {
	for _, raw := range []string{"null", "true", "1.50", `"x"`, `"<&>"`, " { \"a\" : [ 1 , \"<b>\u2028\" ] } ", `{}`} {
		for _, esc := range []bool{true, false} {
			w := Writer{EscapeHTML: esc}
			w.RawMessage([]byte(raw))
			if want := encoded(t, json.RawMessage(raw), esc); w.Failed() || !bytes.Equal(w.B, want) {
				t.Errorf("RawMessage(%s) escapeHTML=%v: got %s, want %s", raw, esc, w.B, want)
			}
		}
	}
	var w Writer
	if w.RawMessage(nil); string(w.B) != "null" {
		t.Errorf("nil raw written as %s", w.B)
	}
	for _, bad := range []string{"", "{", `{"a":}`, "nul"} {
		var w Writer
		if w.RawMessage([]byte(bad)); !w.Failed() {
			t.Errorf("invalid raw %q written as %s", bad, w.B)
		}
	}
}

func TestListsAndMaps(t *testing.T) {
	for _, esc := range []bool{true, false} {
		w := Writer{EscapeHTML: esc}
		w.Strings(nil)
		w.Byte(' ')
		w.Strings([]string{"a", "<b>"})
		w.Byte(' ')
		w.StringMap(nil)
		w.Byte(' ')
		w.StringMap(map[string]string{"z": "1", "a": "<2>", "m": ""})
		w.Byte(' ')
		w.Value(map[string]any{"b": 1, "a": "&"})
		want := bytes.Join([][]byte{encoded(t, []string(nil), esc), encoded(t, []string{"a", "<b>"}, esc), encoded(t, map[string]string(nil), esc),
			encoded(t, map[string]string{"z": "1", "a": "<2>", "m": ""}, esc), encoded(t, map[string]any{"b": 1, "a": "&"}, esc)}, []byte(" "))
		if !bytes.Equal(w.B, want) {
			t.Errorf("escapeHTML=%v: got %s, want %s", esc, w.B, want)
		}
	}
}

func BenchmarkString(b *testing.B) {
	s := "Hi there, what is your favourite colour? Reply with one of red, green or blue."
	b.ReportAllocs()
	w := Writer{}
	for i := 0; i < b.N; i++ {
		w.B = w.B[:0]
		w.String(s)
	}
}
