package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// jsonObject is a JSON object that keeps its keys in the order they were read, so that a
// file an author wrote can be edited and written back with only the edit changed.
type jsonObject struct {
	keys   []string
	values map[string]any // *jsonObject, []any, string, json.Number, bool or nil
}

func newJSONObject() *jsonObject { return &jsonObject{values: map[string]any{}} }

// get returns the value of a key.
func (o *jsonObject) get(key string) (any, bool) {
	v, ok := o.values[key]
	return v, ok
}

// set sets a key, appending it when it is new.
func (o *jsonObject) set(key string, v any) {
	if _, ok := o.values[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.values[key] = v
}

// object returns the object under key, creating it (after the keys there are) when missing.
func (o *jsonObject) object(key string) *jsonObject {
	if v, ok := o.values[key].(*jsonObject); ok {
		return v
	}
	v := newJSONObject()
	o.set(key, v)
	return v
}

// readOrderedJSON reads a JSON document keeping the order of object keys.
func readOrderedJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := readOrderedValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("unexpected data after the JSON value")
	}
	return v, nil
}

func readOrderedValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			o := newJSONObject()
			for dec.More() {
				kt, err := dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := kt.(string)
				v, err := readOrderedValue(dec)
				if err != nil {
					return nil, err
				}
				o.set(key, v)
			}
			_, err := dec.Token() // }
			return o, err
		case '[':
			list := []any{}
			for dec.More() {
				v, err := readOrderedValue(dec)
				if err != nil {
					return nil, err
				}
				list = append(list, v)
			}
			_, err := dec.Token() // ]
			return list, err
		}
		return nil, fmt.Errorf("unexpected %s", t)
	default:
		return t, nil
	}
}

// writeOrderedJSON writes a value read by readOrderedJSON, indented by indent, with lists
// of nothing but strings and numbers on one line when they are short, as flow files have them.
func writeOrderedJSON(v any, indent string) []byte {
	var b strings.Builder
	writeOrderedValue(&b, v, indent, "")
	b.WriteByte('\n')
	return []byte(b.String())
}

func writeOrderedValue(b *strings.Builder, v any, indent, prefix string) {
	switch x := v.(type) {
	case *jsonObject:
		if len(x.keys) == 0 {
			b.WriteString("{}")
			return
		}
		b.WriteString("{\n")
		for i, k := range x.keys {
			b.WriteString(prefix + indent)
			writeJSONString(b, k)
			b.WriteString(": ")
			writeOrderedValue(b, x.values[k], indent, prefix+indent)
			if i < len(x.keys)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(prefix + "}")
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return
		}
		b.WriteString("[\n")
		for i, it := range x {
			b.WriteString(prefix + indent)
			writeOrderedValue(b, it, indent, prefix+indent)
			if i < len(x)-1 {
				b.WriteByte(',')
			}
			b.WriteByte('\n')
		}
		b.WriteString(prefix + "]")
	case string:
		writeJSONString(b, x)
	case json.Number:
		b.WriteString(x.String())
	case bool:
		if x {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case nil:
		b.WriteString("null")
	}
}

func writeJSONString(b *strings.Builder, s string) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Write(bytes.TrimRight(buf.Bytes(), "\n"))
}

// detectIndent returns the indentation of the first indented line of a JSON file, two
// spaces when there is none.
func detectIndent(data []byte) string {
	for _, line := range strings.Split(string(data), "\n")[1:] {
		trimmed := strings.TrimLeft(line, " \t")
		if trimmed != "" && len(trimmed) < len(line) {
			return line[:len(line)-len(trimmed)]
		}
	}
	return "  "
}
