package engine

import (
	"bytes"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// TestJSONMillionLevels feeds every reader of outside JSON a value nested a million levels
// deep where it takes an arbitrary value (trigger params, a webhook body, a session's
// trigger, a field value, a flow's UI data, ...): each refuses it with an error, quickly,
// in bounded memory, without overflowing the stack.
func TestJSONMillionLevels(t *testing.T) {
	deep := testutil.Nested("[", "1", "]", testutil.Million)
	deepObj := testutil.Nested(`{"a":`, "1", "}", testutil.Million)
	session, err := newWriterTestSession(t).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	sa := NewAssets(newWriterTestSession(t).Assets())
	inject := func(doc []byte, key, value string) []byte {
		i := bytes.Index(doc, []byte(`"`+key+`":`))
		if i < 0 {
			t.Fatalf("no %q in %s", key, doc)
		}
		return append(append(append([]byte{}, doc[:i]...), []byte(`"__deep":`+value+`,`)...), doc[i:]...)
	}
	readers := map[string]func() error{
		"session": func() error {
			_, err := newReplayEngine(nil).ReadSession(sa, inject(session, "trigger", deep), nil, nil)
			return err
		},
		"session object": func() error {
			_, err := newReplayEngine(nil).ReadSession(sa, inject(session, "trigger", deepObj), nil, nil)
			return err
		},
		"trigger": func() error {
			_, err := triggers.Read([]byte(`{"type": "manual", "triggered_on": "2018-06-20T11:40:30Z", "flow": {"uuid": "b2b9a0e8-6a3c-4d8f-9a44-6b9f3b1c2d01", "name": "x"}, "params": ` + deep + `}`))
			return err
		},
		"resume": func() error {
			_, err := resumes.Read([]byte(`{"type": "msg", "resumed_on": "2018-06-20T11:40:30Z", "msg": {"text": ` + deep + `}}`))
			return err
		},
		"contact": func() error {
			_, err := flows.ReadContact(sa.Collection, []byte(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "x", "status": "active", "created_on": "2018-06-20T11:40:30Z", "fields": `+deepObj+`}`), nil)
			return err
		},
		"flow": func() error {
			_, err := definition.ReadFlow([]byte(`{"uuid": "b2b9a0e8-6a3c-4d8f-9a44-6b9f3b1c2d01", "name": "x", "spec_version": "14.4.2", "language": "eng", "type": "messaging", "nodes": [], "_ui": ` + deep + `}`))
			return err
		},
		"legacy flow": func() error {
			_, err := definition.ReadFlow([]byte(`{"version": 11, "flow_type": "M", "action_sets": [], "rule_sets": [], "metadata": ` + deep + `}`))
			return err
		},
		"assets": func() error {
			_, err := static.ReadSource([]byte(`{"flows": [], "globals": ` + deep + `}`))
			return err
		},
		"webhook body": func() error {
			if v, ok := types.AsXError(types.ReadXValue([]byte(deep))); ok {
				return v
			}
			return nil
		},
	}
	for name, read := range readers {
		testutil.Bounded(t, name, 5*time.Second, 500<<20, func() {
			if err := read(); err == nil {
				t.Errorf("%s: a million levels read without error", name)
			} else if len(err.Error()) > 2000 {
				t.Errorf("%s: error of %d bytes", name, len(err.Error()))
			}
		})
	}
}
