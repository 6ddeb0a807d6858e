package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/buger/jsonparser"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

const fuzzContact = `{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan", "status": "active", "created_on": "2018-06-20T11:40:30.123456789Z", "urns": ["tel:+250788000100"]}`

const fuzzResume = `{"type": "msg", "resumed_on": "2018-06-20T11:41:30.123456789Z", "event": {"type": "msg_received", "uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5", "created_on": "2018-06-20T11:41:30.123456789Z", "msg": {"urn": "tel:+250788000100", "text": "yes 12"}}}`

// FuzzRunFlow runs fuzzed flows, as a server running flows written by strangers would:
// the flow is read, started for a contact, resumed with a message, and the session is
// written, read back and written again. Nothing may panic or hang, and the session must
// read back to the same JSON.
func FuzzRunFlow(f *testing.F) {
	for _, s := range testutil.AssetFlows(f, filepath.Join("..", "..", "testdata", "flows")) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, flow []byte) {
		uuid, _ := jsonparser.GetString(flow, "uuid")
		name, _ := jsonparser.GetString(flow, "name")
		src, err := static.ReadSource([]byte(`{"flows": [` + string(flow) + `]}`))
		if err != nil {
			return
		}
		sa := NewAssets(src.Collection())
		ref, _ := json.Marshal(map[string]string{"uuid": uuid, "name": name})
		trigger, err := triggers.Read([]byte(`{"type": "manual", "triggered_on": "2018-06-20T11:40:30Z", "flow": ` + string(ref) + `}`))
		if err != nil {
			return
		}
		contact, err := flows.ReadContact(sa.Collection, []byte(fuzzContact), nil)
		if err != nil {
			t.Fatal(err)
		}
		eng := newReplayEngine(nil)
		session, _, err := eng.NewSession(context.Background(), sa, envs.DefaultSettings(), contact, trigger, nil)
		if err != nil {
			return
		}
		checkSessionRoundTrip(t, eng, sa, session)
		if session.Status() == flows.SessionStatusWaiting {
			resume, err := resumes.Read([]byte(fuzzResume))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := session.Resume(context.Background(), resume); err == nil {
				checkSessionRoundTrip(t, eng, sa, session)
			}
		}
	})
}

// checkSessionRoundTrip writes a session, reads it back and writes it again: the two
// writings must be equal.
func checkSessionRoundTrip(t *testing.T, eng *Engine, sa *Assets, s *Session) {
	t.Helper()
	data, err := s.MarshalJSON()
	if err != nil {
		t.Fatalf("session can't be written: %v", err)
	}
	back, err := eng.ReadSession(sa, data, s.Contact(), nil)
	if err != nil {
		t.Fatalf("session written as %.500s doesn't read: %v", data, err)
	}
	again, err := back.MarshalJSON()
	if err != nil || !bytes.Equal(data, again) {
		t.Fatalf("session written as %.500s reads and writes %.500s (%v)", data, again, err)
	}
}

// FuzzReadSession reads fuzzed stored sessions: nothing panics, a session that reads
// writes the same JSON after another read, and resuming it doesn't panic.
func FuzzReadSession(f *testing.F) {
	for _, s := range sampleSessions(&testing.T{}) {
		f.Add(s)
	}
	src, err := static.ReadSource([]byte(writerTestAssets))
	if err != nil {
		f.Fatal(err)
	}
	sa := NewAssets(src.Collection())
	contact, err := flows.ReadContact(sa.Collection, []byte(fuzzContact), nil)
	if err != nil {
		f.Fatal(err)
	}
	resume, err := resumes.Read([]byte(fuzzResume))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		eng := newReplayEngine(nil)
		s, err := eng.ReadSession(sa, data, contact, nil)
		if err != nil {
			return
		}
		checkSessionRoundTrip(t, eng, sa, s)
		if s.Status() == flows.SessionStatusWaiting {
			s.Resume(context.Background(), resume)
		}
	})
}
