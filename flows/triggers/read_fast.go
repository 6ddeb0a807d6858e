package triggers

import (
	"github.com/rivuletflows/rivulet/utils/jsonr"
)

// Every session starts by reading its trigger, and reads it again each time the stored
// session is read back; through encoding/json (validation, then reflection) that was a
// fifth of a short session. decodeFast reads the plain shape in one pass on the strict
// reader of utils/jsonr: the known keys in lower case, each once; type an unescaped
// string (so it is what jsonparser.GetString finds); flow, user and keyword_match objects
// of their own keys; triggered_on a time; batch a boolean; the raw parts objects, kept as
// their text as json.RawMessage keeps it. Anything else says false and goes to
// encoding/json, so what is read and every error are unchanged; a test holds Read to its
// encoding/json path on every recorded trigger, odd shapes and a fuzz target.

// triggerKeys are the keys decodeFast reads.
var triggerKeys = [...]string{"type", "flow", "triggered_on", "params", "user", "origin", "batch", "event",
	"keyword_match", "run_summary", "contact", "environment", "call", "ticket"}

// decodeFast fills t from data, reporting false (t then undefined) where the text isn't
// valid JSON of the plain shape, or has no type.
func decodeFast(data []byte, t *Trigger) bool {
	r := &jsonr.Reader{Data: data}
	var seen [len(triggerKeys)]bool
	key := -1
	ok := r.Members(func() bool {
		key = r.PlainKey(triggerKeys[:], seen[:])
		return key >= 0
	}, func() bool {
		ok := false
		switch triggerKeys[key] {
		case "type":
			var q []byte
			var escaped bool
			if q, escaped, ok = r.Quoted(); ok && !escaped {
				t.Type = string(q[1 : len(q)-1])
			} else {
				ok = false
			}
		case "flow":
			t.Flow, ok = plainRef(r)
		case "triggered_on":
			t.TriggeredOn, ok = r.Time()
		case "params":
			t.Params, ok = rawObject(r)
		case "user":
			t.User, ok = plainRef(r)
		case "origin":
			t.Origin, ok = r.Str()
		case "batch":
			t.Batch, ok = r.Boolean()
		case "event":
			t.Event, ok = rawObject(r)
		case "keyword_match":
			t.KeywordMatch, ok = plainKeywordMatch(r)
		case "run_summary":
			t.RunSummary, ok = rawObject(r)
		case "contact":
			t.Contact, ok = rawObject(r)
		case "environment":
			t.Environment, ok = rawObject(r)
		case "call":
			t.Call, ok = rawObject(r)
		case "ticket":
			t.Ticket, ok = rawObject(r)
		}
		return ok
	})
	return ok && seen[0] && r.End()
}

// rawObject reads an object as a copy of its text, as json.RawMessage keeps it.
func rawObject(r *jsonr.Reader) ([]byte, bool) {
	if r.Peek() != '{' {
		return nil, false
	}
	return r.Raw()
}

var refKeys = []string{"uuid", "name"}

func plainRef(r *jsonr.Reader) (*Ref, bool) {
	ref := &Ref{}
	return ref, r.StringMembers(refKeys, []*string{(*string)(&ref.UUID), &ref.Name})
}

var keywordMatchKeys = []string{"type", "keyword"}

func plainKeywordMatch(r *jsonr.Reader) (*KeywordMatch, bool) {
	m := &KeywordMatch{}
	return m, r.StringMembers(keywordMatchKeys, []*string{&m.Type, &m.Keyword})
}
