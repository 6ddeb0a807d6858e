package flows

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/buger/jsonparser"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils"
)

// A caller reads the contact for every sprint, and through encoding/json that was half of
// a short sprint: the text validated, then decoded by reflection, then each field value
// decoded again by a Decoder of its own. decodeContactFast reads the common shape in one
// pass instead. It takes only what encoding/json would read the same way (known keys in
// lower case, each once; strings without escapes; values of the expected JSON type) and
// says false for anything else, which then goes to encoding/json, so what is read and
// every error are unchanged; a test holds the two together.

// decodeContactFast fills e from valid JSON data, reporting false (e then undefined) where
// the text isn't the plain shape it reads.
func decodeContactFast(data []byte, e *contactEnvelope) bool {
	if !json.Valid(data) {
		return false
	}
	data = bytes.TrimLeft(data, " \t\r\n")
	if len(data) == 0 || data[0] != '{' {
		return false
	}
	var seen map[string]bool // keys read, made when there is a second
	var first string
	ok := true
	err := jsonparser.ObjectEach(data, func(key, value []byte, typ jsonparser.ValueType, _ int) error {
		k := string(key)
		if !firstTime(&first, &seen, k) {
			ok = false
			return errStop
		}
		switch k {
		case "uuid":
			var s string
			s, ok = plainString(value, typ)
			e.UUID = utils.UUID(s)
		case "name":
			e.Name, ok = plainString(value, typ)
		case "language":
			var s string
			s, ok = plainString(value, typ)
			e.Language = envs.Language(s)
		case "status":
			var s string
			s, ok = plainString(value, typ)
			e.Status = ContactStatus(s)
		case "timezone":
			e.Timezone, ok = plainString(value, typ)
		case "id":
			if typ != jsonparser.Number {
				ok = false
				break
			}
			var err error
			if e.ID, err = strconv.ParseInt(string(value), 10, 64); err != nil {
				ok = false
			}
		case "created_on":
			ok = plainTime(value, typ, &e.CreatedOn)
		case "last_seen_on":
			var t time.Time
			if ok = plainTime(value, typ, &t); ok {
				e.LastSeenOn = &t
			}
		case "urns":
			e.URNs, ok = plainStrings(value, typ)
		case "groups":
			e.Groups, ok = plainGroups(value, typ)
		case "fields":
			e.Fields, ok = plainFields(value, typ)
		default: // tickets, other keys, keys in other cases: encoding/json's reading
			ok = false
		}
		if !ok {
			return errStop
		}
		return nil
	})
	return ok && err == nil
}

// errStop ends a jsonparser iteration early.
var errStop = errors.New("not the plain shape")

// firstTime reports whether key is met for the first time in an object, keeping the first
// key without a map (most values have one key) and the rest in seen.
func firstTime(first *string, seen *map[string]bool, key string) bool {
	if *first == "" && *seen == nil {
		*first = key
		return key != ""
	}
	if key == "" || key == *first || (*seen)[key] {
		return false
	}
	if *seen == nil {
		*seen = map[string]bool{}
	}
	(*seen)[key] = true
	return true
}

// plainString is a JSON string value that encoding/json reads as the same bytes: valid
// UTF-8 with no escapes.
func plainString(value []byte, typ jsonparser.ValueType) (string, bool) {
	if typ != jsonparser.String || bytes.IndexByte(value, '\\') >= 0 || !utf8.Valid(value) {
		return "", false
	}
	return string(value), true
}

// plainTime reads a time string as time.Time's UnmarshalJSON does.
func plainTime(value []byte, typ jsonparser.ValueType, t *time.Time) bool {
	if typ != jsonparser.String || bytes.IndexByte(value, '\\') >= 0 {
		return false
	}
	quoted := make([]byte, 0, len(value)+2)
	quoted = append(append(append(quoted, '"'), value...), '"')
	return t.UnmarshalJSON(quoted) == nil
}

func plainStrings(value []byte, typ jsonparser.ValueType) ([]string, bool) {
	if typ != jsonparser.Array {
		return nil, false
	}
	list := []string{}
	ok := true
	_, err := jsonparser.ArrayEach(value, func(v []byte, t jsonparser.ValueType, _ int, _ error) {
		if !ok {
			return
		}
		var s string
		if s, ok = plainString(v, t); ok {
			list = append(list, s)
		}
	})
	return list, ok && err == nil
}

func plainGroups(value []byte, typ jsonparser.ValueType) ([]*assets.GroupReference, bool) {
	if typ != jsonparser.Array {
		return nil, false
	}
	list := []*assets.GroupReference{}
	ok := true
	_, err := jsonparser.ArrayEach(value, func(v []byte, t jsonparser.ValueType, _ int, _ error) {
		if !ok {
			return
		}
		if t != jsonparser.Object {
			ok = false
			return
		}
		g := &assets.GroupReference{}
		seen := map[string]bool{}
		err := jsonparser.ObjectEach(v, func(key, value []byte, typ jsonparser.ValueType, _ int) error {
			k := string(key)
			if seen[k] {
				return errStop
			}
			seen[k] = true
			s, sok := plainString(value, typ)
			if !sok {
				return errStop
			}
			switch k {
			case "uuid":
				g.UUID = utils.UUID(s)
			case "name":
				g.Name = s
			case "name_match":
				g.NameMatch = s
			default:
				return errStop
			}
			return nil
		})
		if err != nil {
			ok = false
			return
		}
		list = append(list, g)
	})
	return list, ok && err == nil
}

func plainFields(value []byte, typ jsonparser.ValueType) (map[string]*Value, bool) {
	if typ != jsonparser.Object {
		return nil, false
	}
	fields := map[string]*Value{}
	err := jsonparser.ObjectEach(value, func(key, value []byte, typ jsonparser.ValueType, _ int) error {
		k, ok := plainString(key, jsonparser.String)
		if !ok {
			return errStop
		}
		if _, dup := fields[k]; dup {
			return errStop
		}
		if typ == jsonparser.Null {
			fields[k] = nil
			return nil
		}
		v, ok := plainValue(value, typ)
		if !ok {
			return errStop
		}
		fields[k] = v
		return nil
	})
	return fields, err == nil
}

// plainValue reads a field value as Value.UnmarshalJSON does.
func plainValue(value []byte, typ jsonparser.ValueType) (*Value, bool) {
	if typ != jsonparser.Object {
		return nil, false
	}
	var e valueEnvelope
	var seen map[string]bool
	var first string
	err := jsonparser.ObjectEach(value, func(key, value []byte, typ jsonparser.ValueType, _ int) error {
		k := string(key)
		if !firstTime(&first, &seen, k) {
			return errStop
		}
		if k == "number" {
			if typ != jsonparser.Number {
				return errStop
			}
			e.Number = json.Number(value)
			return nil
		}
		s, ok := plainString(value, typ)
		if !ok {
			return errStop
		}
		switch k {
		case "text":
			e.Text = &s
		case "datetime":
			e.Datetime = &s
		case "state":
			e.State = envs.LocationPath(s)
		case "district":
			e.District = envs.LocationPath(s)
		case "ward":
			e.Ward = envs.LocationPath(s)
		default:
			return errStop
		}
		return nil
	})
	if err != nil {
		return nil, false
	}
	v, err := e.value()
	if err != nil {
		return nil, false // encoding/json's reading gives the error
	}
	return v, true
}
