package flows

import (
	"encoding/json"
	"time"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/jsonr"
)

// A caller reads the contact for every sprint, and through encoding/json that was half of
// a short sprint: the text validated, then decoded by reflection, then each field value
// decoded again by a Decoder of its own. decodeContactFast reads the common shape in one
// pass instead, on the strict reader of utils/jsonr, which checks the text as it reads it
// (so no json.Valid first, and no map or string made for each key). It takes only what
// encoding/json would read the same way (known keys in lower case, each once; values of
// the expected JSON type; strings decoded as encoding/json decodes them) and says false
// for anything else, which then goes to encoding/json, so what is read and every error are
// unchanged; a test and a fuzz target hold the two together.

// decodeContactFast fills e from data, reporting false (e then undefined) where the text
// isn't valid JSON of the plain shape it reads.
func decodeContactFast(data []byte, e *contactEnvelope) bool {
	r := &jsonr.Reader{Data: data}
	var seen [len(contactKeys)]bool
	key := -1
	ok := r.Members(func() bool {
		key = r.PlainKey(contactKeys[:], seen[:])
		return key >= 0
	}, func() bool {
		ok := false
		switch contactKeys[key] {
		case "uuid":
			var s string
			s, ok = r.Str()
			e.UUID = utils.UUID(s)
		case "name":
			e.Name, ok = r.Str()
		case "language":
			var s string
			s, ok = r.Str()
			e.Language = envs.Language(s)
		case "status":
			var s string
			s, ok = r.Str()
			e.Status = ContactStatus(s)
		case "timezone":
			e.Timezone, ok = r.Str()
		case "id":
			var n int
			n, ok = r.Integer()
			e.ID = int64(n)
		case "created_on":
			e.CreatedOn, ok = r.Time()
		case "last_seen_on":
			var t time.Time
			if t, ok = r.Time(); ok {
				e.LastSeenOn = &t
			}
		case "urns":
			e.URNs, ok = plainStrings(r)
		case "groups":
			e.Groups, ok = plainGroups(r)
		case "fields":
			e.Fields, ok = plainFields(r)
		}
		return ok
	})
	return ok && r.End()
}

// contactKeys are the keys decodeContactFast reads; tickets, other keys and keys in other
// cases go to encoding/json.
var contactKeys = [...]string{"uuid", "name", "language", "status", "timezone", "id", "created_on", "last_seen_on", "urns", "groups", "fields"}

func plainStrings(r *jsonr.Reader) ([]string, bool) {
	list := []string{}
	ok := r.Array(func() bool {
		s, ok := r.Str()
		list = append(list, s)
		return ok
	})
	return list, ok
}

// groupKeys are the keys of a group reference.
var groupKeys = []string{"uuid", "name", "name_match"}

func plainGroups(r *jsonr.Reader) ([]*assets.GroupReference, bool) {
	list := []*assets.GroupReference{}
	ok := r.Array(func() bool {
		g := &assets.GroupReference{}
		list = append(list, g)
		return r.StringMembers(groupKeys, []*string{(*string)(&g.UUID), &g.Name, &g.NameMatch})
	})
	return list, ok
}

func plainFields(r *jsonr.Reader) (map[string]*Value, bool) {
	fields := map[string]*Value{}
	var k string
	return fields, r.Members(func() bool {
		var ok bool
		if k, ok = r.Str(); !ok {
			return false
		}
		_, dup := fields[k]
		return !dup
	}, func() bool {
		if r.Literal("null") {
			fields[k] = nil
			return true
		}
		v, ok := plainValue(r)
		fields[k] = v
		return ok
	})
}

// valueKeys are the keys of a field value.
var valueKeys = [...]string{"text", "number", "datetime", "state", "district", "ward"}

// plainValue reads a field value as Value.UnmarshalJSON does.
func plainValue(r *jsonr.Reader) (*Value, bool) {
	var e valueEnvelope
	var seen [len(valueKeys)]bool
	key := -1
	ok := r.Members(func() bool {
		key = r.PlainKey(valueKeys[:], seen[:])
		return key >= 0
	}, func() bool {
		if valueKeys[key] == "number" {
			if c := r.Peek(); c != '-' && (c < '0' || c > '9') {
				return false
			}
			start := r.Pos
			if !r.Number() {
				return false
			}
			e.Number = json.Number(r.Data[start:r.Pos])
			return true
		}
		s, ok := r.Str()
		switch valueKeys[key] {
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
		}
		return ok
	})
	if !ok {
		return nil, false
	}
	v, err := e.value()
	if err != nil {
		return nil, false // encoding/json's reading gives the error
	}
	return v, true
}
