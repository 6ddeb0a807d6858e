package engine

import (
	"context"

	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services/servicestest"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// checkSessionWriters compares the direct session writer with encoding/json.
func checkSessionWriters(t *testing.T, name string, s *Session) {
	t.Helper()
	want, wantErr := s.marshalReflect()
	got, ok := appendSession(nil, s)
	if wantErr != nil {
		if ok {
			t.Errorf("%s: encoding/json fails (%s) but the direct writer gave %s", name, wantErr, got)
		}
		return
	}
	if !ok {
		t.Errorf("%s: direct writer declined what encoding/json writes:\n%s", name, want)
		return
	}
	if string(got) != string(want) {
		t.Errorf("%s: direct writer differs\nwant %s\ngot  %s", name, want, got)
	}
}

// TestSessionWriterRecorded replays every recorded session and compares the two writers
// after each sprint.
func TestSessionWriterRecorded(t *testing.T) {
	dir := testutil.ConformancePath(t, "runner")
	files, _ := filepath.Glob(filepath.Join(dir, "*.*.json"))
	if len(files) == 0 {
		t.Fatal("no recorded sessions")
	}
	for _, f := range files {
		base := filepath.Base(f)
		src, err := static.LoadSource(filepath.Join(dir, base[:strings.IndexByte(base, '.')]+".json"))
		if err != nil {
			t.Fatalf("%s: %s", base, err)
		}
		sa := NewAssets(src.Collection())
		var tc struct {
			Contact     json.RawMessage   `json:"contact"`
			Environment json.RawMessage   `json:"environment"`
			Trigger     json.RawMessage   `json:"trigger"`
			Resumes     []json.RawMessage `json:"resumes"`
			HTTPMocks   json.RawMessage   `json:"http_mocks"`
		}
		data, _ := os.ReadFile(f)
		if err := json.Unmarshal(data, &tc); err != nil {
			t.Fatalf("%s: %s", base, err)
		}
		mocks, err := servicestest.NewMockTransport(tc.HTTPMocks)
		if err != nil {
			t.Fatalf("%s: %s", base, err)
		}
		settings, err := envs.ReadSettings(tc.Environment)
		if err != nil {
			t.Fatalf("%s: %s", base, err)
		}
		trigger, err := triggers.Read(tc.Trigger)
		if err != nil {
			t.Fatalf("%s: %s", base, err)
		}
		var contact *flows.Contact
		if len(tc.Contact) > 0 && string(tc.Contact) != "null" {
			if contact, err = flows.ReadContact(sa.Collection, tc.Contact, nil); err != nil {
				t.Fatalf("%s: %s", base, err)
			}
		}
		session, _, err := newReplayEngine(mocks).NewSession(context.Background(), sa, settings, contact, trigger, nil)
		if err != nil {
			t.Fatalf("%s: %s", base, err)
		}
		checkSessionWriters(t, base+" start", session)
		for i, raw := range tc.Resumes {
			r, err := resumes.Read(raw)
			if err != nil {
				t.Fatalf("%s: %s", base, err)
			}
			if _, err := session.Resume(context.Background(), r); err != nil {
				break // a refused resume is the recording's point, not ours
			}
			checkSessionWriters(t, base+" resume "+strconv.Itoa(i), session)
		}
	}
}

// TestSessionWriterAwkward compares the writers on sessions with text that needs escaping,
// raw JSON that needs compacting, empty and missing parts, and times JSON can't hold.
func TestSessionWriterAwkward(t *testing.T) {
	zone := time.FixedZone("odd", 5*3600+30*60)
	exited := time.Date(2024, 2, 29, 23, 59, 59, 1, zone)
	tcs := []struct {
		name string
		edit func(s *Session)
	}{
		{"plain", func(s *Session) {}},
		{"escaped texts", fillAwkward},
		{"empty parts", func(s *Session) {
			s.settings = envs.Settings{AllowedLanguages_: []envs.Language{}}
			s.contact, s.callUUID = nil, "call-1"
			r := s.runs[0]
			r.results, r.locals, r.path = map[string]*flows.Result{}, nil, nil
			r.exitedOn = &exited
			s.input = &Input{}
		}},
		{"exited run keeps no path", func(s *Session) { s.runs[0].exitedOn = &exited }},
		{"year beyond 9999", func(s *Session) { s.created = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"year before 0", func(s *Session) { s.runs[0].createdOn = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{"offset of 24 hours", func(s *Session) {
			s.runs[0].modifiedOn = time.Date(2020, 1, 1, 0, 0, 0, 0, time.FixedZone("far", 24*3600))
		}},
		{"invalid raw", func(s *Session) { s.runs[0].webhook = json.RawMessage(`{"a":`) }},
	}
	for _, tc := range tcs {
		s := newWriterTestSession(t)
		tc.edit(s)
		checkSessionWriters(t, tc.name, s)
	}
}

// fillAwkward gives a session every stored part, with text that needs escaping and raw
// JSON that needs compacting.
func fillAwkward(s *Session) {
	weird := "<b>Tom & \"Jerry\"</b>\n\t\r\b\f\x01\x1f\x7f \u2028\u2029 é 😀 \xff\xfe bad \\ /"
	exited := time.Date(2024, 2, 29, 23, 59, 59, 1, time.FixedZone("odd", 5*3600+30*60))
	s.uuid, s.typ = "u<1>", "messaging&"
	s.input = &Input{Type: "msg", UUID: "x", CreatedOn: exited, Channel: &ChannelRef{UUID: "c", Name: weird}, URN: weird, Text: weird, Attachments: []string{weird, ""}, ExternalID: weird}
	r := s.runs[0]
	r.results = map[string]*flows.Result{
		weird: {Name: weird, Value: weird, Category: weird, CategoryLocalized: weird, NodeUUID: "n", Input: weird, Extra: json.RawMessage(" { \"a\" : [1, 2,\n 3], \"h\": \"<&>\u2028\" } "), CreatedOn: exited},
		"b":   {Name: "b", CreatedOn: time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)},
		"a":   nil,
	}
	r.locals = map[string]string{"z": weird, "<": "", "a": "1"}
	r.webhook = json.RawMessage("\n[ \"<x>\" , {\"k\" :null} ]\n")
	r.parentUUID, r.hadInput, r.terminal = "p&", true, true
	s.settings.AllowedLanguages_ = []envs.Language{"eng", "fr<a"}
	s.settings.DefaultCountry_ = "R&W"
	s.settings.NumberFormat_ = &envs.NumberFormat{DecimalSymbol: "<", DigitGroupingSymbol: "\u2028"}
	s.settings.InputCollation_ = "confusables"
}

const writerTestAssets = `{"flows": [{
	"uuid": "b2b9a0e8-6a3c-4d8f-9a44-6b9f3b1c2d01", "name": "Writer <Test>", "spec_version": "13.0.0",
	"language": "eng", "type": "messaging",
	"nodes": [{
		"uuid": "0d5c1c1e-2f7a-4b57-8f1a-6e1f0b6c9a01",
		"actions": [{"uuid": "5a2f9e5c-1b3d-4c7e-9f0a-2b6d8e4c1a01", "type": "send_msg", "text": "Hi @contact.name"}],
		"router": {"type": "switch", "wait": {"type": "msg"}, "operand": "@input.text",
			"categories": [{"uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01", "name": "All", "exit_uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b01"}],
			"default_category_uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01"},
		"exits": [{"uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b01"}]
	}]
}]}`

func newWriterTestSession(t *testing.T) *Session {
	src, err := static.ReadSource([]byte(writerTestAssets))
	if err != nil {
		t.Fatal(err)
	}
	sa := NewAssets(src.Collection())
	trigger, err := triggers.Read([]byte(`{"type": "manual", "triggered_on": "2018-06-20T11:40:30.123456789Z",
		"flow": {"uuid": "b2b9a0e8-6a3c-4d8f-9a44-6b9f3b1c2d01", "name": "Writer <Test>"}, "params": {"x": "<&>",  "y" : [ 1 ] }}`))
	if err != nil {
		t.Fatal(err)
	}
	contact, err := flows.ReadContact(sa.Collection, []byte(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan", "status": "active", "created_on": "2018-06-20T11:40:30.123456789Z"}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	s, _, err := newReplayEngine(nil).NewSession(context.Background(), sa, envs.DefaultSettings(), contact, trigger, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.runs) != 1 {
		t.Fatalf("expected one run, got %d", len(s.runs))
	}
	return s
}

// newReplayEngine is enginetest.NewReplay, which tests inside this package can't import.
func newReplayEngine(mocks *servicestest.MockTransport) *Engine {
	clock := utils.NewSequentialClock(utils.ReplayStart, time.Second)
	uuids := utils.NewSeededV7Generator(clock, utils.ReplaySeed)
	return New(Options{
		Clock:    clock,
		UUIDs:    uuids,
		Random:   utils.NewSeededRandom(utils.ReplaySeed),
		Services: servicestest.New(servicestest.Config{Mocks: mocks, Clock: clock, UUIDs: uuids}),
	})
}
