package engine

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestSegmentAppendJSON(t *testing.T) {
	operands := []*string{nil}
	for _, s := range []string{"", "42", "a \"b\" <c> & \u2028 \xff \n"} {
		operands = append(operands, &s)
	}
	times := []time.Time{{}, time.Date(2026, 12, 3, 11, 0, 0, 123456789, time.UTC), time.Date(2026, 1, 2, 3, 4, 5, 0, time.FixedZone("z", -(4*3600+30*60)))}
	n := 0
	for _, op := range operands {
		for _, tm := range times {
			seg := &Segment{FlowUUID: "f<1>", NodeUUID: "n&1", ExitUUID: "e1", DestinationUUID: "", Operand: op, Time: tm}
			for _, esc := range []bool{true, false} {
				var buf bytes.Buffer
				enc := json.NewEncoder(&buf)
				enc.SetEscapeHTML(esc)
				if err := enc.Encode(seg); err != nil {
					t.Fatal(err)
				}
				want := bytes.TrimRight(buf.Bytes(), "\n")
				got, err := seg.AppendJSON(nil, esc)
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("escapeHTML=%v: got %s (%v), want %s", esc, got, err, want)
				}
				n++
			}
		}
	}
	bad := &Segment{Time: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := bad.AppendJSON(nil, false); err == nil {
		t.Error("a year before 0 was written")
	}
}

func BenchmarkSegmentAppendJSON(b *testing.B) {
	op := "blue"
	seg := &Segment{FlowUUID: "615b8a0f-588c-4d20-a05f-363b0b4ce6f4", NodeUUID: "46d51f50-58de-49da-8d13-dadbf322685d",
		ExitUUID: "f9e3a0d8-6b1d-4b0f-9c39-9a6b12b7c6c1", DestinationUUID: "11a772f3-3ca2-4429-8b33-20fdcfc2b69e", Operand: &op,
		Time: time.Date(2026, 12, 3, 11, 0, 0, 123456789, time.UTC)}
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for i := 0; i < b.N; i++ {
			buf, _ = seg.AppendJSON(buf[:0], false)
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			_ = enc.Encode(seg)
		}
	})
}
