package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/buger/jsonparser"
	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// directJSON is a response that can write itself without encoding/json. Every message's
// answer is a SprintResult whose parts (the contact, each event) were just written by
// json.Marshal or a writer held to it; encoding/json would validate, compact and
// HTML-escape each of them again, which costs more than writing the answer.
type directJSON interface {
	// appendJSON appends what json.Marshal writes for the value, or reports false when it
	// can't be sure of writing the same, and the caller uses json.Marshal.
	appendJSON(b []byte) ([]byte, bool)
}

// appendJSON writes the result as json.Marshal does when its raw parts are known to be in
// json.Marshal's own form (r.marshaled); a result holding JSON read back from the store
// (a duplicate's answer) goes to encoding/json.
func (r *SprintResult) appendJSON(b []byte) ([]byte, bool) {
	if !r.marshaled || len(r.Contact) == 0 {
		return nil, false
	}
	w := &jsonw.Writer{B: b, EscapeHTML: true}
	w.Raw(`{"contact":`)
	w.Raw(string(r.Contact))
	w.Raw(`,"session":`)
	if r.Session == nil {
		w.Raw("null")
	} else if !r.Session.appendTo(w) {
		return nil, false
	}
	w.Raw(`,"events":`)
	if r.Events == nil {
		w.Raw("null")
	} else {
		w.Byte('[')
		for i, e := range r.Events {
			if len(e) == 0 {
				return nil, false
			}
			if i > 0 {
				w.Byte(',')
			}
			w.Raw(string(e))
		}
		w.Byte(']')
	}
	if r.Duplicate {
		w.Raw(`,"duplicate":true`)
	}
	w.Byte('}')
	return w.B, !w.Failed()
}

// appendJSON is never direct for a dry run: without it the embedded SprintResult's
// method would write the answer without its calls and deliveries.
func (r *DryRunResult) appendJSON([]byte) ([]byte, bool) { return nil, false }

// appendTo writes the view as json.Marshal does; the session's own JSON, when shown, is
// left to encoding/json (it may come from the store in another form).
func (v *SessionView) appendTo(w *jsonw.Writer) bool {
	if len(v.Session) > 0 {
		return false
	}
	w.Raw(`{"uuid":`)
	w.String(v.UUID)
	w.Raw(`,"contact_uuid":`)
	w.String(v.ContactUUID)
	w.Raw(`,"status":`)
	w.String(v.Status)
	w.Raw(`,"flow_uuid":`)
	w.String(v.FlowUUID)
	if v.TimeoutOn != nil {
		w.Raw(`,"timeout_on":`)
		w.Time(*v.TimeoutOn)
	}
	if v.ExpiresOn != nil {
		w.Raw(`,"expires_on":`)
		w.Time(*v.ExpiresOn)
	}
	w.Raw(`,"created_on":`)
	w.Time(v.CreatedOn)
	w.Raw(`,"modified_on":`)
	w.Time(v.ModifiedOn)
	w.Byte('}')
	return true
}

// sessionRuns reads the runs out of a session's JSON as rows for analytics. The JSON is
// the engine's own (written by Session.MarshalJSON, or stored from it), so the fields are
// taken out where they are rather than decoded whole; what isn't in the shape expected
// goes to sessionRunsDecoded, which reads it with encoding/json.
func sessionRuns(ss *store.Session, data []byte) ([]*store.Run, error) {
	var out []*store.Run
	ok := true
	_, err := jsonparser.ArrayEach(data, func(v []byte, vt jsonparser.ValueType, _ int, _ error) {
		if !ok {
			return
		}
		if vt != jsonparser.Object {
			ok = false
			return
		}
		r, good := plainRun(ss, v)
		if !good {
			ok = false
			return
		}
		out = append(out, r)
	}, "runs")
	if err != nil || !ok {
		return sessionRunsDecoded(ss, data)
	}
	if out == nil {
		out = []*store.Run{}
	}
	return out, nil
}

// runPaths are the members of a run that sessionRuns takes, read in one pass.
var runPaths = [][]string{{"uuid"}, {"flow", "uuid"}, {"status"}, {"created_on"}, {"modified_on"}, {"exited_on"}, {"results"}}

// plainRun reads one run of the expected shape in one pass: strings without escapes,
// times in the form time.Time writes them. The run is the engine's own JSON, whose keys
// are never repeated (jsonparser takes the first of repeated keys, encoding/json the last).
func plainRun(ss *store.Session, v []byte) (*store.Run, bool) {
	r := &store.Run{SessionUUID: ss.UUID, ContactUUID: ss.ContactUUID, Results: json.RawMessage(`{}`)}
	var found [7]bool
	bad := false
	jsonparser.EachKey(v, func(i int, b []byte, t jsonparser.ValueType, err error) {
		found[i] = true
		if err != nil {
			bad = true
			return
		}
		switch i {
		case 0, 1, 2, 3, 4:
			if t != jsonparser.String || bytes.IndexByte(b, '\\') >= 0 {
				bad = true
				return
			}
		case 5:
			if t == jsonparser.Null {
				return
			}
			if t != jsonparser.String || bytes.IndexByte(b, '\\') >= 0 {
				bad = true
				return
			}
		}
		switch i {
		case 0:
			r.UUID = string(b)
		case 1:
			r.FlowUUID = string(b)
		case 2:
			r.Status = string(b)
		case 3, 4, 5:
			tm, err := time.Parse(time.RFC3339Nano, string(b))
			if err != nil {
				bad = true
				return
			}
			switch i {
			case 3:
				r.CreatedOn = tm
			case 4:
				r.ModifiedOn = tm
			default:
				r.ExitedOn = &tm
			}
		case 6:
			if t != jsonparser.Object && t != jsonparser.Null {
				bad = true
				return
			}
			r.Results = json.RawMessage(b)
		}
	}, runPaths...)
	// every member but exited_on and results is required
	for i := 0; i < 5; i++ {
		if !found[i] {
			bad = true
		}
	}
	return r, !bad
}

// sessionRunsDecoded is sessionRuns through encoding/json, for JSON of another shape.
func sessionRunsDecoded(ss *store.Session, data []byte) ([]*store.Run, error) {
	var j struct {
		Runs []struct {
			UUID string `json:"uuid"`
			Flow struct {
				UUID string `json:"uuid"`
			} `json:"flow"`
			Status     string          `json:"status"`
			Results    json.RawMessage `json:"results"`
			CreatedOn  time.Time       `json:"created_on"`
			ModifiedOn time.Time       `json:"modified_on"`
			ExitedOn   *time.Time      `json:"exited_on"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &j); err != nil {
		return nil, fmt.Errorf("unable to read runs of session %s: %w", ss.UUID, err)
	}
	out := make([]*store.Run, len(j.Runs))
	for i, r := range j.Runs {
		results := r.Results
		if len(results) == 0 {
			results = json.RawMessage(`{}`)
		}
		out[i] = &store.Run{UUID: r.UUID, SessionUUID: ss.UUID, ContactUUID: ss.ContactUUID, FlowUUID: r.Flow.UUID, Status: r.Status,
			Results: results, CreatedOn: r.CreatedOn, ModifiedOn: r.ModifiedOn, ExitedOn: r.ExitedOn}
	}
	return out, nil
}

// newMsgReceived writes the msg_received event of an incoming message with new UUIDs and
// returns the event's UUID with it.
func newMsgReceived(urn, text string, attachments []string, ch *ref, now time.Time) (string, []byte, error) {
	msgUUID := uuid.NewString()
	evtUUID := uuid.NewString()
	evt, ok := msgReceivedJSON(evtUUID, msgUUID, urn, text, attachments, ch, now)
	if !ok {
		return "", nil, fmt.Errorf("unable to write the msg_received event of a message received at %s", now)
	}
	return evtUUID, evt, nil
}

// msgReceivedJSON writes the msg_received event of an incoming message as json.Marshal
// writes the same event built as maps (keys sorted), without the maps and the reflection:
// every incoming message makes one.
func msgReceivedJSON(evtUUID, msgUUID, urn, text string, attachments []string, ch *ref, now time.Time) ([]byte, bool) {
	w := &jsonw.Writer{B: make([]byte, 0, 256+len(text)), EscapeHTML: true}
	w.Raw(`{"created_on":`)
	w.Time(now)
	w.Raw(`,"msg":{`)
	if len(attachments) > 0 {
		w.Raw(`"attachments":`)
		w.Strings(attachments)
		w.Byte(',')
	}
	if ch != nil {
		w.Raw(`"channel":{"uuid":`)
		w.String(ch.UUID)
		w.Raw(`,"name":`)
		w.String(ch.Name)
		w.Raw(`},`)
	}
	w.Raw(`"text":`)
	w.String(text)
	w.Raw(`,"urn":`)
	w.String(urn)
	w.Raw(`,"uuid":`)
	w.String(msgUUID)
	w.Raw(`},"type":"msg_received","uuid":`)
	w.String(evtUUID)
	w.Byte('}')
	return w.B, !w.Failed()
}

// msgResumeJSON writes the msg resume of an event written by msgReceivedJSON, as
// json.Marshal writes {"type": "msg", "resumed_on": now, "event": evt}.
func msgResumeJSON(evt []byte, now time.Time) ([]byte, error) {
	w := &jsonw.Writer{B: make([]byte, 0, len(evt)+64), EscapeHTML: true}
	w.Raw(`{"event":`)
	w.Raw(string(evt))
	w.Raw(`,"resumed_on":`)
	w.Time(now)
	w.Raw(`,"type":"msg"}`)
	if w.Failed() {
		return nil, fmt.Errorf("unable to write the resume of a message received at %s", now)
	}
	return w.B, nil
}
