package resumes

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/buger/jsonparser"
)

// Every sprint after the first starts by reading a resume, and encoding/json's reflection
// was a twelfth of a two-question session. decodeFast reads the plain shape in one pass:
// the five keys in lower case, each once, the type a string without escapes, resumed_on a
// time, and event, contact and environment objects. Anything else says false and goes to
// encoding/json, so what is read and every error are unchanged; a test holds the two
// together.

// errNotPlain ends a jsonparser iteration early.
var errNotPlain = errors.New("not the plain shape")

// decodeFast fills r from data, reporting false (r then undefined) where the text isn't
// the plain shape.
func decodeFast(data []byte, r *Resume) bool {
	if !json.Valid(data) {
		return false
	}
	if trimmed := bytes.TrimLeft(data, " \t\r\n"); len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	var seen [5]bool
	once := func(i int) bool {
		if seen[i] {
			return false
		}
		seen[i] = true
		return true
	}
	raw := func(value []byte, typ jsonparser.ValueType) (json.RawMessage, bool) {
		if typ != jsonparser.Object {
			return nil, false
		}
		return append(json.RawMessage(nil), value...), true
	}
	err := jsonparser.ObjectEach(data, func(key, value []byte, typ jsonparser.ValueType, _ int) error {
		ok := false
		switch string(key) {
		case "type":
			if ok = once(0) && typ == jsonparser.String && bytes.IndexByte(value, '\\') < 0 && isPlainText(value); ok {
				r.Type = string(value)
			}
		case "resumed_on":
			if ok = once(1) && typ == jsonparser.String && bytes.IndexByte(value, '\\') < 0; ok {
				quoted := append(append([]byte{'"'}, value...), '"')
				ok = r.ResumedOn.UnmarshalJSON(quoted) == nil
			}
		case "event":
			if ok = once(2); ok {
				r.Event, ok = raw(value, typ)
			}
		case "contact":
			if ok = once(3); ok {
				r.Contact, ok = raw(value, typ)
			}
		case "environment":
			if ok = once(4); ok {
				r.Environment, ok = raw(value, typ)
			}
		}
		if !ok {
			return errNotPlain
		}
		return nil
	})
	return err == nil
}

// isPlainText reports whether a string's bytes are printable ASCII, which encoding/json
// reads as they are.
func isPlainText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c >= 0x80 {
			return false
		}
	}
	return true
}

// readEnvelope reads a resume's JSON, through decodeFast where it can.
func readEnvelope(data []byte, r *Resume) error {
	if decodeFast(data, r) {
		return nil
	}
	*r = Resume{}
	return json.Unmarshal(data, r)
}
