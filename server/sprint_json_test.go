package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/buger/jsonparser"
	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/store"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSprintResultAppendJSON(t *testing.T) {
	t1 := time.Date(2026, 12, 3, 10, 4, 5, 123456789, time.UTC)
	t2 := time.Date(2026, 12, 4, 10, 4, 5, 0, time.FixedZone("", -5*3600))
	contact, _ := json.Marshal(map[string]any{"uuid": "c1", "name": "Ben <&> \u2028 \"Q\"", "urns": []string{"tel:+1555"}})
	evt, _ := json.Marshal(map[string]any{"type": "msg_created", "text": "a < b & c > d", "n": 1.5})
	results := []*SprintResult{
		{Contact: contact, Events: []json.RawMessage{}},
		{Contact: contact, Events: nil},
		{Contact: contact, Events: []json.RawMessage{evt, evt}, Session: &SessionView{UUID: "s1", ContactUUID: "c1", Status: "waiting",
			FlowUUID: "f<1>", TimeoutOn: &t1, ExpiresOn: &t2, CreatedOn: t1, ModifiedOn: t2}},
		{Contact: contact, Events: []json.RawMessage{evt}, Session: &SessionView{UUID: "s1", Status: "completed\x01", CreatedOn: t1}, Duplicate: true},
	}
	for i, r := range results {
		r.marshaled = true
		want, err := json.Marshal(r)
		require.NoError(t, err)
		got, ok := r.appendJSON(nil)
		require.True(t, ok, "result %d", i)
		assert.Equal(t, string(want), string(got), "result %d", i)
	}

	// not known to be in json.Marshal's form, or holding the session's own JSON: encoding/json
	for _, r := range []*SprintResult{
		{Contact: json.RawMessage(`{"uuid": "c1"}`), Events: []json.RawMessage{}},
		{Contact: contact, Events: []json.RawMessage{}, Session: &SessionView{UUID: "s1", Session: json.RawMessage(`{}`)}, marshaled: true},
		{Contact: contact, Events: []json.RawMessage{nil}, marshaled: true},
		{Contact: contact, Session: &SessionView{CreatedOn: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, marshaled: true},
	} {
		_, ok := r.appendJSON(nil)
		assert.False(t, ok)
	}
	var d directJSON = &DryRunResult{SprintResult: *results[0]}
	_, ok := d.appendJSON(nil)
	assert.False(t, ok, "a dry run's answer has more than its SprintResult")
}

// every session recorded under testdata (and the conformance cases beside the project) gives
// the same runs read in place as decoded by encoding/json
func TestSessionRunsFast(t *testing.T) {
	var files []string
	for _, pat := range []string{"../testdata/flows/*.test*.json", "../../shared/conformance/runner/*.test*.json", "../../shared/conformance/realworld/runner/*.test*.json"} {
		m, _ := filepath.Glob(pat)
		files = append(files, m...)
	}
	ss := &store.Session{UUID: "s", ContactUUID: "c"}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		jsonparser.ArrayEach(data, func(v []byte, _ jsonparser.ValueType, _ int, _ error) {
			sess, _, _, err := jsonparser.Get(v, "session")
			if err != nil {
				return
			}
			n++
			checkSessionRuns(t, ss, sess, f)
			var compact []byte
			compact, err = compactJSON(sess)
			require.NoError(t, err)
			checkSessionRuns(t, ss, compact, f)
		}, "outputs")
	}
	require.Greater(t, n, 20, "recorded sessions found")

	for _, odd := range []string{
		`{"runs":[]}`, `{}`, `{"runs":null}`, `{"runs":[1]}`, `{"runs":{}}`, `[]`, `{"runs":[{}]}`,
		`{"runs":[{"uuid":"r\u0031","flow":{"uuid":"f"},"status":"waiting","created_on":"2026-01-02T03:04:05Z","modified_on":"2026-01-02T03:04:05Z"}]}`,
		`{"runs":[{"uuid":"r","flow":{"uuid":"f"},"status":"waiting","results":null,"created_on":"2026-01-02T03:04:05Z","modified_on":"2026-01-02T03:04:05.5+01:00","exited_on":null}]}`,
		`{"runs":[{"uuid":"r","flow":{"uuid":"f"},"status":"completed","results":{"a":{"value":"1"}},"created_on":"2026-01-02T03:04:05Z","modified_on":"2026-01-02T03:04:05Z","exited_on":"2026-01-02T03:04:06Z"}]}`,
		`{"runs":[{"uuid":"r","flow":{"uuid":"f"},"status":"completed","results":[],"created_on":"2026-01-02T03:04:05Z","modified_on":"2026-01-02T03:04:05Z"}]}`,
		`{"runs":[{"uuid":"r","flow":"f","status":"completed","created_on":"2026-01-02T03:04:05Z","modified_on":"2026-01-02T03:04:05Z"}]}`,
		`{"runs":[{"uuid":"r","flow":{"uuid":"f"},"status":"completed","created_on":"yesterday","modified_on":"2026-01-02T03:04:05Z"}]}`,
		`{"runs":[{"uuid":"r","flow":{"uuid":"f"},"status":"completed","created_on":"2026-01-02T03:04:05Z","modified_on":"2026-01-02T03:04:05Z","exited_on":5}]}`,
		`{"runs":[{"uuid":5}]}`, `{"runs":[`, `not json`,
	} {
		checkSessionRuns(t, ss, []byte(odd), odd)
	}
}

func checkSessionRuns(t *testing.T, ss *store.Session, data []byte, what string) {
	t.Helper()
	want, werr := sessionRunsDecoded(ss, data)
	got, gerr := sessionRuns(ss, data)
	if werr != nil {
		assert.EqualError(t, gerr, werr.Error(), what)
		return
	}
	require.NoError(t, gerr, what)
	if len(want) == 0 {
		assert.Empty(t, got, what)
		return
	}
	assert.Equal(t, want, got, what)
}

func compactJSON(b []byte) ([]byte, error) {
	var v json.RawMessage
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func TestMsgReceivedJSON(t *testing.T) {
	now := time.Date(2026, 12, 3, 10, 4, 5, 120000000, time.UTC)
	for _, tc := range []struct {
		text        string
		attachments []string
		ch          *ref
	}{
		{"hi", nil, nil},
		{"<b>\"quoted\" & \\ \u2028\x01 ünï", []string{"image/jpeg:http://x/a.jpg?a=1&b=<2>"}, &ref{UUID: "c<1>", Name: "Ch & \"1\""}},
		{"", []string{"audio/mp3:u", "video/mp4:v"}, &ref{UUID: "c", Name: ""}},
		{"bad \xff utf8", []string{}, nil},
	} {
		m := msgReceived("tel:+1555", tc.text, tc.attachments, tc.ch, now)
		m["uuid"] = "e-uuid"
		m["msg"].(map[string]any)["uuid"] = "m-uuid"
		want, err := json.Marshal(m)
		require.NoError(t, err)
		got, ok := msgReceivedJSON("e-uuid", "m-uuid", "tel:+1555", tc.text, tc.attachments, tc.ch, now)
		require.True(t, ok)
		assert.Equal(t, string(want), string(got))

		want, err = json.Marshal(map[string]any{"type": "msg", "resumed_on": now, "event": json.RawMessage(got)})
		require.NoError(t, err)
		res, err := msgResumeJSON(got, now)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(res))
	}
	_, ok := msgReceivedJSON("e", "m", "tel:+1", "x", nil, nil, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	assert.False(t, ok, "a time JSON can't hold")
}

// BenchmarkSprintResultJSON writes a message's answer directly and through encoding/json.
func BenchmarkSprintResultJSON(b *testing.B) {
	contact, _ := json.Marshal(map[string]any{"uuid": "ba96bf7f-bc2a-4873-a7c7-254d1927c4e3", "name": "Ben Haggerty", "status": "active",
		"urns": []string{"tel:+12065551212"}, "fields": map[string]any{"age": map[string]any{"text": "23", "number": 23}}})
	evt, _ := json.Marshal(map[string]any{"uuid": "01969b47-1523-76f8-92ed-42cbd11a03fd", "type": "msg_created",
		"created_on": time.Now(), "msg": map[string]any{"text": "What is your favorite fruit?", "urn": "tel:+12065551212"}})
	now := time.Now()
	r := &SprintResult{Contact: contact, Events: []json.RawMessage{evt, evt, evt}, marshaled: true,
		Session: &SessionView{UUID: "s", ContactUUID: "c", Status: "waiting", FlowUUID: "f", ExpiresOn: &now, CreatedOn: now, ModifiedOn: now}}
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			r.appendJSON(make([]byte, 0, 2048))
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			json.Marshal(r)
		}
	})
}

// BenchmarkSessionRuns reads the runs of a recorded session in place and through encoding/json.
func BenchmarkSessionRuns(b *testing.B) {
	data, err := os.ReadFile("../testdata/flows/two_questions.test.json")
	require.NoError(b, err)
	sess, _, _, err := jsonparser.Get(data, "outputs", "[1]", "session")
	require.NoError(b, err)
	sess, err = compactJSON(sess)
	require.NoError(b, err)
	ss := &store.Session{UUID: "s", ContactUUID: "c"}
	b.Run("in_place", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sessionRuns(ss, sess)
		}
	})
	b.Run("encoding_json", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sessionRunsDecoded(ss, sess)
		}
	})
}

// msgReceived builds the msg_received event as maps, the form encoding/json writes that
// msgReceivedJSON is held to.
func msgReceived(urn, text string, attachments []string, ch *ref, now time.Time) map[string]any {
	msg := map[string]any{"uuid": uuid.NewString(), "urn": urn, "text": text}
	if ch != nil {
		msg["channel"] = ch
	}
	if len(attachments) > 0 {
		msg["attachments"] = attachments
	}
	return map[string]any{"uuid": uuid.NewString(), "type": "msg_received", "created_on": now, "msg": msg}
}
