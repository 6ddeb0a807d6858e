package engine

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/utils"
)

// decodeSession reads the stored form of a session. A caller reads the session before
// every resume, and encoding/json first validates the whole text and then decodes it by
// reflection, which made reading cost more than the sprint that follows. The stored form
// is ours, so a strict reader of exactly that shape does it in one pass; anything it does
// not expect (a key it doesn't know or sees twice, a null or a type out of place, a number
// that isn't a plain integer, text that isn't valid JSON) sends the whole text to
// encoding/json, so the result, and any error, is always what encoding/json gives.
func decodeSession(data []byte, j *sessionJSON) error {
	r := &jsonReader{data: data}
	if r.session(j) {
		r.space()
		if r.pos == len(r.data) {
			return nil
		}
	}
	*j = sessionJSON{}
	return json.Unmarshal(data, j)
}

// jsonReader reads JSON strictly: every method returns false on anything that isn't valid
// JSON of the expected shape, leaving the caller to fall back.
type jsonReader struct {
	data []byte
	pos  int
}

func (r *jsonReader) space() {
	for r.pos < len(r.data) {
		switch r.data[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

// peek skips space and returns the next byte, or 0 at the end.
func (r *jsonReader) peek() byte {
	r.space()
	if r.pos < len(r.data) {
		return r.data[r.pos]
	}
	return 0
}

func (r *jsonReader) literal(word string) bool {
	r.space()
	if len(r.data)-r.pos >= len(word) && string(r.data[r.pos:r.pos+len(word)]) == word {
		r.pos += len(word)
		return true
	}
	return false
}

// quoted returns the next string with its quotes, and whether it needs unescaping.
func (r *jsonReader) quoted() ([]byte, bool, bool) {
	if r.peek() != '"' {
		return nil, false, false
	}
	start := r.pos
	r.pos++
	escaped := false
	for r.pos < len(r.data) {
		c := r.data[r.pos]
		switch {
		case c == '"':
			r.pos++
			return r.data[start:r.pos], escaped, true
		case c == '\\':
			escaped = true
			r.pos += 2
		case c < 0x20:
			return nil, false, false
		case c >= utf8.RuneSelf:
			escaped = true // invalid UTF-8 is replaced in decoding, so let encoding/json judge
			r.pos++
		default:
			r.pos++
		}
	}
	return nil, false, false
}

func (r *jsonReader) str() (string, bool) {
	q, escaped, ok := r.quoted()
	if !ok {
		return "", false
	}
	if !escaped {
		return string(q[1 : len(q)-1]), true
	}
	if !utf8.Valid(q) || containsByte(q, '\\') {
		var s string
		if json.Unmarshal(q, &s) != nil {
			return "", false
		}
		return s, true
	}
	return string(q[1 : len(q)-1]), true
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

func (r *jsonReader) uuid() (utils.UUID, bool) {
	s, ok := r.str()
	return utils.UUID(s), ok
}

// time reads a time as time.Time's UnmarshalJSON does (it is what decodes it).
func (r *jsonReader) time() (time.Time, bool) {
	var t time.Time
	q, _, ok := r.quoted()
	if !ok || t.UnmarshalJSON(q) != nil {
		return t, false
	}
	return t, true
}

func (r *jsonReader) boolean() (bool, bool) {
	if r.literal("true") {
		return true, true
	}
	if r.literal("false") {
		return false, true
	}
	return false, false
}

// integer reads a plain JSON integer that fits an int.
func (r *jsonReader) integer() (int, bool) {
	r.space()
	start := r.pos
	if r.pos < len(r.data) && r.data[r.pos] == '-' {
		r.pos++
	}
	digits := r.pos
	for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
		r.pos++
	}
	if r.pos == digits || (r.data[digits] == '0' && r.pos-digits > 1) {
		return 0, false
	}
	if r.pos < len(r.data) {
		if c := r.data[r.pos]; c == '.' || c == 'e' || c == 'E' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(string(r.data[start:r.pos]))
	return n, err == nil
}

// skip passes over any JSON value, checking its syntax, and returns its text.
func (r *jsonReader) skip(depth int) ([]byte, bool) {
	if depth > 200 {
		return nil, false
	}
	c := r.peek()
	start := r.pos
	ok := false
	switch {
	case c == '{':
		ok = r.members(func() bool {
			q, escaped, ok := r.quoted()
			return ok && validString(q, escaped)
		}, func() bool { _, ok := r.skip(depth + 1); return ok })
	case c == '[':
		ok = r.array(func() bool { _, ok := r.skip(depth + 1); return ok })
	case c == '"':
		var q []byte
		var escaped bool
		q, escaped, ok = r.quoted()
		ok = ok && validString(q, escaped)
	case c == 't':
		ok = r.literal("true")
	case c == 'f':
		ok = r.literal("false")
	case c == 'n':
		ok = r.literal("null")
	case c == '-' || c >= '0' && c <= '9':
		ok = r.number()
	}
	if !ok {
		return nil, false
	}
	return r.data[start:r.pos], true
}

// number passes over a JSON number: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?
func (r *jsonReader) number() bool {
	digits := func() int {
		n := 0
		for r.pos < len(r.data) && r.data[r.pos] >= '0' && r.data[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if r.data[r.pos] == '-' {
		r.pos++
	}
	if r.pos < len(r.data) && r.data[r.pos] == '0' {
		r.pos++
	} else if digits() == 0 {
		return false
	}
	if r.pos < len(r.data) && r.data[r.pos] == '.' {
		r.pos++
		if digits() == 0 {
			return false
		}
	}
	if r.pos < len(r.data) && (r.data[r.pos] == 'e' || r.data[r.pos] == 'E') {
		r.pos++
		if r.pos < len(r.data) && (r.data[r.pos] == '+' || r.data[r.pos] == '-') {
			r.pos++
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}

// raw reads any value other than null as a copy of its text, as json.RawMessage does.
func (r *jsonReader) raw() (json.RawMessage, bool) {
	if r.peek() == 'n' {
		return nil, false
	}
	b, ok := r.skip(0)
	if !ok {
		return nil, false
	}
	return append(json.RawMessage(nil), b...), true
}

// object reads an object, calling value for each key to read what follows the colon.
func (r *jsonReader) object(value func(key string) bool) bool {
	var k string
	return r.members(func() bool {
		var ok bool
		k, ok = r.str()
		return ok
	}, func() bool { return value(k) })
}

// members reads an object, its keys with key and what follows each colon with value.
func (r *jsonReader) members(key func() bool, value func() bool) bool {
	if r.peek() != '{' {
		return false
	}
	r.pos++
	if r.peek() == '}' {
		r.pos++
		return true
	}
	for {
		if !key() || r.peek() != ':' {
			return false
		}
		r.pos++
		if !value() {
			return false
		}
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			return true
		default:
			return false
		}
	}
}

// validString reports whether a quoted string (as quoted returns it) is valid JSON.
func validString(q []byte, escaped bool) bool {
	return !escaped || (!containsByte(q, '\\') && utf8.Valid(q)) || json.Valid(q)
}

// fields reads an object of known keys, refusing unknown and repeated ones.
func (r *jsonReader) fields(keys []string, value func(i int) bool) bool {
	var seen uint64
	var key []byte
	return r.members(func() bool {
		// no key of ours has escapes or non-ASCII text, so the key is compared as written
		q, escaped, ok := r.quoted()
		key = q
		return ok && !escaped
	}, func() bool {
		for i, k := range keys {
			if len(key) == len(k)+2 && k == string(key[1:len(key)-1]) {
				if seen&(1<<i) != 0 {
					return false
				}
				seen |= 1 << i
				return value(i)
			}
		}
		return false
	})
}

func (r *jsonReader) array(item func() bool) bool {
	if r.peek() != '[' {
		return false
	}
	r.pos++
	if r.peek() == ']' {
		r.pos++
		return true
	}
	for {
		if !item() {
			return false
		}
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			return true
		default:
			return false
		}
	}
}

var sessionKeys = []string{"uuid", "type", "created_on", "environment", "trigger", "contact_uuid", "call_uuid", "runs", "status", "input", "sprints"}

func (r *jsonReader) session(j *sessionJSON) bool {
	return r.fields(sessionKeys, func(i int) bool {
		var ok bool
		switch i {
		case 0:
			j.UUID, ok = r.uuid()
		case 1:
			var s string
			s, ok = r.str()
			j.Type = flows.FlowType(s)
		case 2:
			j.CreatedOn, ok = r.time()
		case 3:
			if r.literal("null") {
				j.Environment = nil
				return true
			}
			j.Environment = &envs.Settings{}
			ok = r.settings(j.Environment)
		case 4:
			j.Trigger, ok = r.raw()
		case 5:
			j.ContactUUID, ok = r.uuid()
		case 6:
			j.CallUUID, ok = r.uuid()
		case 7:
			if r.literal("null") {
				j.Runs = nil
				return true
			}
			j.Runs = []*runJSON{}
			ok = r.array(func() bool {
				rj := &runJSON{}
				j.Runs = append(j.Runs, rj)
				return r.run(rj)
			})
		case 8:
			var s string
			s, ok = r.str()
			j.Status = flows.SessionStatus(s)
		case 9:
			if r.literal("null") {
				j.Input = nil
				return true
			}
			j.Input = &Input{}
			ok = r.input(j.Input)
		case 10:
			j.Sprints, ok = r.integer()
		}
		return ok
	})
}

var settingsKeys = []string{"date_format", "time_format", "timezone", "allowed_languages", "default_country", "number_format", "redaction_policy", "input_collation"}

func (r *jsonReader) settings(st *envs.Settings) bool {
	return r.fields(settingsKeys, func(i int) bool {
		if i == 3 {
			if r.literal("null") {
				st.AllowedLanguages_ = nil
				return true
			}
			st.AllowedLanguages_ = []envs.Language{}
			return r.array(func() bool {
				s, ok := r.str()
				st.AllowedLanguages_ = append(st.AllowedLanguages_, envs.Language(s))
				return ok
			})
		}
		if i == 5 {
			if r.literal("null") {
				st.NumberFormat_ = nil
				return true
			}
			nf := &envs.NumberFormat{}
			st.NumberFormat_ = nf
			return r.fields([]string{"decimal_symbol", "digit_grouping_symbol"}, func(i int) bool {
				var ok bool
				if i == 0 {
					nf.DecimalSymbol, ok = r.str()
				} else {
					nf.DigitGroupingSymbol, ok = r.str()
				}
				return ok
			})
		}
		s, ok := r.str()
		switch i {
		case 0:
			st.DateFormat_ = envs.DateFormat(s)
		case 1:
			st.TimeFormat_ = envs.TimeFormat(s)
		case 2:
			st.Timezone_ = s
		case 4:
			st.DefaultCountry_ = envs.Country(s)
		case 6:
			st.RedactionPolicy_ = envs.RedactionPolicy(s)
		case 7:
			st.InputCollation_ = envs.Collation(s)
		}
		return ok
	})
}

var runKeys = []string{"uuid", "flow", "path", "results", "locals", "status", "parent_uuid", "had_input", "webhook", "created_on", "modified_on", "exited_on", "terminal"}

func (r *jsonReader) run(rj *runJSON) bool {
	return r.fields(runKeys, func(i int) bool {
		var ok bool
		switch i {
		case 0:
			rj.UUID, ok = r.uuid()
		case 1:
			ok = r.fields([]string{"uuid", "name"}, func(i int) bool {
				var ok bool
				if i == 0 {
					rj.Flow.UUID, ok = r.uuid()
				} else {
					rj.Flow.Name, ok = r.str()
				}
				return ok
			})
		case 2:
			if r.literal("null") {
				rj.Path = nil
				return true
			}
			rj.Path = []Step{}
			ok = r.array(func() bool {
				var st Step
				ok := r.fields([]string{"node_uuid", "arrived_on"}, func(i int) bool {
					var ok bool
					if i == 0 {
						st.NodeUUID, ok = r.uuid()
					} else {
						st.ArrivedOn, ok = r.time()
					}
					return ok
				})
				rj.Path = append(rj.Path, st)
				return ok
			})
		case 3:
			if r.literal("null") {
				rj.Results = nil
				return true
			}
			rj.Results = map[string]*flows.Result{}
			seen := map[string]bool{}
			ok = r.object(func(key string) bool {
				if seen[key] {
					return false
				}
				seen[key] = true
				res := &flows.Result{}
				rj.Results[key] = res
				return r.result(res)
			})
		case 4:
			if r.literal("null") {
				rj.Locals = nil
				return true
			}
			rj.Locals = map[string]string{}
			ok = r.object(func(key string) bool {
				if _, dup := rj.Locals[key]; dup {
					return false
				}
				v, ok := r.str()
				rj.Locals[key] = v
				return ok
			})
		case 5:
			var s string
			s, ok = r.str()
			rj.Status = flows.RunStatus(s)
		case 6:
			rj.ParentUUID, ok = r.uuid()
		case 7:
			rj.HadInput, ok = r.boolean()
		case 8:
			rj.Webhook, ok = r.raw()
		case 9:
			rj.CreatedOn, ok = r.time()
		case 10:
			rj.ModifiedOn, ok = r.time()
		case 11:
			if r.literal("null") {
				rj.ExitedOn = nil
				return true
			}
			var t time.Time
			t, ok = r.time()
			rj.ExitedOn = &t
		case 12:
			rj.Terminal, ok = r.boolean()
		}
		return ok
	})
}

var resultKeys = []string{"name", "value", "category", "category_localized", "node_uuid", "input", "extra", "created_on"}

func (r *jsonReader) result(res *flows.Result) bool {
	return r.fields(resultKeys, func(i int) bool {
		var ok bool
		switch i {
		case 0:
			res.Name, ok = r.str()
		case 1:
			res.Value, ok = r.str()
		case 2:
			res.Category, ok = r.str()
		case 3:
			res.CategoryLocalized, ok = r.str()
		case 4:
			res.NodeUUID, ok = r.uuid()
		case 5:
			res.Input, ok = r.str()
		case 6:
			res.Extra, ok = r.raw()
		case 7:
			res.CreatedOn, ok = r.time()
		}
		return ok
	})
}

var inputKeys = []string{"type", "uuid", "created_on", "channel", "urn", "text", "attachments", "external_id"}

func (r *jsonReader) input(in *Input) bool {
	return r.fields(inputKeys, func(i int) bool {
		var ok bool
		switch i {
		case 0:
			in.Type, ok = r.str()
		case 1:
			in.UUID, ok = r.uuid()
		case 2:
			in.CreatedOn, ok = r.time()
		case 3:
			if r.literal("null") {
				in.Channel = nil
				return true
			}
			ch := &ChannelRef{}
			in.Channel = ch
			ok = r.fields([]string{"uuid", "name"}, func(i int) bool {
				var ok bool
				if i == 0 {
					ch.UUID, ok = r.uuid()
				} else {
					ch.Name, ok = r.str()
				}
				return ok
			})
		case 4:
			in.URN, ok = r.str()
		case 5:
			in.Text, ok = r.str()
		case 6:
			if r.literal("null") {
				in.Attachments = nil
				return true
			}
			in.Attachments = []string{}
			ok = r.array(func() bool {
				s, ok := r.str()
				in.Attachments = append(in.Attachments, s)
				return ok
			})
		case 7:
			in.ExternalID, ok = r.str()
		}
		return ok
	})
}
