package engine

import (
	"bytes"
	"encoding/json"

	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// AppendJSON appends the segment's JSON to b, byte for byte what encoding/json writes for
// it (json.Marshal when escapeHTML is true, an Encoder with SetEscapeHTML(false) less the
// newline when false), without the reflection: a sprint through a loop writes one segment
// per hop, and callers write them all.
func (s *Segment) AppendJSON(b []byte, escapeHTML bool) ([]byte, error) {
	w := jsonw.Writer{B: b, EscapeHTML: escapeHTML}
	w.Raw(`{"flow_uuid":`)
	w.String(string(s.FlowUUID))
	w.Raw(`,"node_uuid":`)
	w.String(string(s.NodeUUID))
	w.Raw(`,"exit_uuid":`)
	w.String(string(s.ExitUUID))
	w.Raw(`,"destination_uuid":`)
	w.String(string(s.DestinationUUID))
	if s.Operand != nil {
		w.Raw(`,"operand":`)
		w.String(*s.Operand)
	}
	w.Raw(`,"time":`)
	w.Time(s.Time)
	w.Byte('}')
	if !w.Failed() {
		return w.B, nil
	}
	// a time JSON can't hold: encoding/json's error
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(s); err != nil {
		return b, err
	}
	return append(b, bytes.TrimRight(buf.Bytes(), "\n")...), nil
}
