package events

import (
	"bytes"
	"encoding/json"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/utils/jsonw"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// Every sprint's events are written as JSON by every caller (the sprint's answer, the
// event log), so the common types write themselves directly rather than through
// encoding/json's reflection, which for an event with a time in it also re-scans the time's
// MarshalJSON output. The direct form is byte for byte what encoding/json writes; a test
// holds the two together on every event type and every recorded sprint. A type without a
// direct writer, or a value the writer can't write the same way, goes to encoding/json.

// directWriter is an event that writes its own JSON.
type directWriter interface {
	writeJSON(w *jsonw.Writer)
}

// AppendJSON appends the JSON of e to b: as json.Marshal writes it when escapeHTML is
// true, as an Encoder with SetEscapeHTML(false) writes it (less the newline) when false.
func AppendJSON(b []byte, e Event, escapeHTML bool) ([]byte, error) {
	if d, ok := e.(directWriter); ok {
		w := jsonw.Writer{B: b, EscapeHTML: escapeHTML}
		d.writeJSON(&w)
		if !w.Failed() {
			return w.B, nil
		}
		b = w.B[:len(b)]
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(escapeHTML)
	if err := enc.Encode(e); err != nil {
		return b, err
	}
	return append(b, bytes.TrimRight(buf.Bytes(), "\n")...), nil
}

// Marshal is json.Marshal of an event without the reflection: the same bytes, faster.
func Marshal(e Event) ([]byte, error) { return AppendJSON(make([]byte, 0, 256), e, true) }

// writeBase opens the event's object with its common fields; the caller writes the rest
// and the closing brace.
func (e *Base) writeBase(w *jsonw.Writer) {
	w.Raw(`{"uuid":`)
	w.String(string(e.UUID_))
	w.Raw(`,"type":`)
	w.String(e.Type_)
	w.Raw(`,"created_on":`)
	w.Time(e.CreatedOn_)
}

// writeUUIDName writes the {"uuid": ..., "name": ...} of most asset references.
func writeUUIDName(w *jsonw.Writer, uuid, name string) {
	w.Raw(`{"uuid":`)
	w.String(uuid)
	w.Raw(`,"name":`)
	w.String(name)
	w.Byte('}')
}

func writeChannelRef(w *jsonw.Writer, r *assets.ChannelReference) {
	if r == nil {
		w.Raw("null")
		return
	}
	writeUUIDName(w, string(r.UUID), r.Name)
}

func writeFieldRef(w *jsonw.Writer, r *assets.FieldReference) {
	if r == nil {
		w.Raw("null")
		return
	}
	w.Raw(`{"key":`)
	w.String(r.Key)
	w.Raw(`,"name":`)
	w.String(r.Name)
	w.Byte('}')
}

// writeOptional writes the omitempty members uuid, name, name_match of group and label
// references.
func writeOptional(w *jsonw.Writer, keys [3]string, values [3]string) {
	w.Byte('{')
	first := true
	for i, v := range values {
		if v == "" {
			continue
		}
		w.Key(keys[i], first)
		w.String(v)
		first = false
	}
	w.Byte('}')
}

var refKeys = [3]string{"uuid", "name", "name_match"}

func writeGroupRefs(w *jsonw.Writer, list []*assets.GroupReference) {
	if list == nil {
		w.Raw("null")
		return
	}
	w.Byte('[')
	for i, g := range list {
		if i > 0 {
			w.Byte(',')
		}
		if g == nil {
			w.Raw("null")
			continue
		}
		writeOptional(w, refKeys, [3]string{string(g.UUID), g.Name, g.NameMatch})
	}
	w.Byte(']')
}

func writeLabelRefs(w *jsonw.Writer, list []*assets.LabelReference) {
	if list == nil {
		w.Raw("null")
		return
	}
	w.Byte('[')
	for i, l := range list {
		if i > 0 {
			w.Byte(',')
		}
		if l == nil {
			w.Raw("null")
			continue
		}
		writeOptional(w, refKeys, [3]string{string(l.UUID), l.Name, l.NameMatch})
	}
	w.Byte(']')
}

func writeURNs(w *jsonw.Writer, list []urns.URN) {
	if list == nil {
		w.Raw("null")
		return
	}
	w.Byte('[')
	for i, u := range list {
		if i > 0 {
			w.Byte(',')
		}
		w.String(string(u))
	}
	w.Byte(']')
}
