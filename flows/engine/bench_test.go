package engine_test

import (
	"context"

	"testing"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/engine/enginetest"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
)

// benchAssets is a two-question flow of our own: a greeting with the contact's name and a
// wait, a word test on the answer, a second question quoting the first answer, a number
// test, and a closing message using both results.
const benchAssets = `{
	"channels": [{"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "Android", "address": "+12345671111", "schemes": ["tel"], "roles": ["send", "receive"]}],
	"fields": [{"key": "age", "name": "Age", "type": "number"}],
	"flows": [{
		"uuid": "b2b9a0e8-6a3c-4d8f-9a44-6b9f3b1c2d01", "name": "Bench Two Questions", "spec_version": "13.0.0",
		"language": "eng", "type": "messaging", "revision": 1,
		"nodes": [
			{
				"uuid": "0d5c1c1e-2f7a-4b57-8f1a-6e1f0b6c9a01",
				"actions": [{"uuid": "5a2f9e5c-1b3d-4c7e-9f0a-2b6d8e4c1a01", "type": "send_msg", "text": "Hi @contact.first_name! Do you like red or blue?", "quick_replies": ["Red", "Blue"]}],
				"router": {
					"type": "switch", "wait": {"type": "msg"}, "result_name": "Color", "operand": "@input.text",
					"cases": [
						{"uuid": "7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e01", "type": "has_any_word", "arguments": ["red"], "category_uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01"},
						{"uuid": "7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e02", "type": "has_any_word", "arguments": ["blue"], "category_uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c02"}
					],
					"categories": [
						{"uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c01", "name": "Red", "exit_uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b01"},
						{"uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c02", "name": "Blue", "exit_uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b02"},
						{"uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c03", "name": "Other", "exit_uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b03"}
					],
					"default_category_uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c03"
				},
				"exits": [
					{"uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b01", "destination_uuid": "0d5c1c1e-2f7a-4b57-8f1a-6e1f0b6c9a02"},
					{"uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b02", "destination_uuid": "0d5c1c1e-2f7a-4b57-8f1a-6e1f0b6c9a02"},
					{"uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b03", "destination_uuid": "0d5c1c1e-2f7a-4b57-8f1a-6e1f0b6c9a01"}
				]
			},
			{
				"uuid": "0d5c1c1e-2f7a-4b57-8f1a-6e1f0b6c9a02",
				"actions": [{"uuid": "5a2f9e5c-1b3d-4c7e-9f0a-2b6d8e4c1a02", "type": "send_msg", "text": "@(title(results.color.category)), nice. How old are you?"}],
				"router": {
					"type": "switch", "wait": {"type": "msg"}, "result_name": "Age", "operand": "@input.text",
					"cases": [{"uuid": "7c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e03", "type": "has_number_between", "arguments": ["1", "120"], "category_uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c04"}],
					"categories": [
						{"uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c04", "name": "Valid", "exit_uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b04"},
						{"uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c05", "name": "Other", "exit_uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b05"}
					],
					"default_category_uuid": "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c05"
				},
				"exits": [
					{"uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b04", "destination_uuid": "0d5c1c1e-2f7a-4b57-8f1a-6e1f0b6c9a03"},
					{"uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b05", "destination_uuid": "0d5c1c1e-2f7a-4b57-8f1a-6e1f0b6c9a02"}
				]
			},
			{
				"uuid": "0d5c1c1e-2f7a-4b57-8f1a-6e1f0b6c9a03",
				"actions": [
					{"uuid": "5a2f9e5c-1b3d-4c7e-9f0a-2b6d8e4c1a03", "type": "set_contact_field", "field": {"key": "age", "name": "Age"}, "value": "@results.age"},
					{"uuid": "5a2f9e5c-1b3d-4c7e-9f0a-2b6d8e4c1a04", "type": "send_msg", "text": "Thanks @contact.name, @results.age and @results.color.category noted."}
				],
				"exits": [{"uuid": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b06"}]
			}
		]
	}]
}`

const benchContact = `{
	"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan Lewis", "status": "active",
	"language": "eng", "timezone": "America/Guayaquil", "created_on": "2018-06-20T11:40:30.123456789Z",
	"urns": ["tel:+12065551212"]
}`

const benchTrigger = `{
	"type": "manual", "triggered_on": "2018-06-20T11:40:30.123456789Z",
	"flow": {"uuid": "b2b9a0e8-6a3c-4d8f-9a44-6b9f3b1c2d01", "name": "Bench Two Questions"}
}`

func benchResume(text string) string {
	return `{"type": "msg", "resumed_on": "2018-06-20T11:41:30.123456789Z", "event": {"type": "msg_received", "uuid": "9bf91c2b-ce58-4cef-aacc-281e03f69ab5", "created_on": "2018-06-20T11:41:30.123456789Z",
		"msg": {"urn": "tel:+12065551212", "channel": {"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "Android"}, "text": "` + text + `"}}}`
}

type benchSetup struct {
	sa       *engine.Assets
	trigger  *triggers.Trigger
	resumes  []*resumes.Resume
	settings envs.Settings
}

func newBenchSetup(b *testing.B) *benchSetup {
	src, err := static.ReadSource([]byte(benchAssets))
	if err != nil {
		b.Fatal(err)
	}
	trigger, err := triggers.Read([]byte(benchTrigger))
	if err != nil {
		b.Fatal(err)
	}
	bs := &benchSetup{sa: engine.NewAssets(src.Collection()), trigger: trigger, settings: envs.DefaultSettings()}
	for _, text := range []string{"I like RED", "I am 37"} {
		r, err := resumes.Read([]byte(benchResume(text)))
		if err != nil {
			b.Fatal(err)
		}
		bs.resumes = append(bs.resumes, r)
	}
	return bs
}

func (bs *benchSetup) contact(b *testing.B) *flows.Contact {
	c, err := flows.ReadContact(bs.sa.Collection, []byte(benchContact), nil)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// start runs the first sprint, leaving the session waiting for the first answer.
func (bs *benchSetup) start(b *testing.B, eng *engine.Engine, c *flows.Contact) *engine.Session {
	s, sprint, err := eng.NewSession(context.Background(), bs.sa, bs.settings, c, bs.trigger, nil)
	if err != nil {
		b.Fatal(err)
	}
	if s.Status() != flows.SessionStatusWaiting || len(sprint.Events) == 0 {
		b.Fatalf("session is %s after %d events, expected it waiting", s.Status(), len(sprint.Events))
	}
	return s
}

// BenchmarkTwoQuestionSprints runs the whole conversation: start, then both answers, the
// engine's work without any JSON.
func BenchmarkTwoQuestionSprints(b *testing.B) {
	bs := newBenchSetup(b)
	eng := enginetest.NewReplay(nil)
	b.ReportAllocs()
	for b.Loop() {
		s := bs.start(b, eng, bs.contact(b))
		for _, r := range bs.resumes {
			if _, err := s.Resume(context.Background(), r); err != nil {
				b.Fatal(err)
			}
		}
		if s.Status() != flows.SessionStatusCompleted {
			b.Fatalf("session is %s, expected it completed", s.Status())
		}
	}
}

// BenchmarkResumeSprint is one sprint: the answer to the first question, which routes,
// saves a result and asks the second.
func BenchmarkResumeSprint(b *testing.B) {
	bs := newBenchSetup(b)
	eng := enginetest.NewReplay(nil)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		s := bs.start(b, eng, bs.contact(b))
		b.StartTimer()
		sprint, err := s.Resume(context.Background(), bs.resumes[0])
		if err != nil || len(sprint.Events) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkSessionMarshal writes a waiting session (one run with a result and a path).
func BenchmarkSessionMarshal(b *testing.B) {
	bs := newBenchSetup(b)
	eng := enginetest.NewReplay(nil)
	s := bs.start(b, eng, bs.contact(b))
	if _, err := s.Resume(context.Background(), bs.resumes[0]); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSessionRead reads that session back, as a caller does before each resume.
func BenchmarkSessionRead(b *testing.B) {
	bs := newBenchSetup(b)
	eng := enginetest.NewReplay(nil)
	c := bs.contact(b)
	s := bs.start(b, eng, c)
	if _, err := s.Resume(context.Background(), bs.resumes[0]); err != nil {
		b.Fatal(err)
	}
	data, err := s.MarshalJSON()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := eng.ReadSession(bs.sa, data, c, nil); err != nil {
			b.Fatal(err)
		}
	}
}
