package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows/actions"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/utils"
)

// eventTypes makes an empty value of each event type to decode its example into. The
// events package has no reader (events are only written), so the list is kept here and
// TestExamples checks it against the event types the source declares.
var eventTypes = map[string]func() events.Event{
	events.TypeAirtimeCreated:         func() events.Event { return &events.AirtimeCreated{} },
	events.TypeBroadcastCreated:       func() events.Event { return &events.BroadcastCreated{} },
	events.TypeContactFieldChanged:    func() events.Event { return &events.ContactFieldChanged{Value: &json.RawMessage{}} },
	events.TypeContactGroupsChanged:   func() events.Event { return &events.ContactGroupsChanged{} },
	events.TypeContactLanguageChanged: func() events.Event { return &events.ContactLanguageChanged{} },
	events.TypeContactLastSeenChanged: func() events.Event { return &events.ContactLastSeenChanged{} },
	events.TypeContactNameChanged:     func() events.Event { return &events.ContactNameChanged{} },
	events.TypeContactStatusChanged:   func() events.Event { return &events.ContactStatusChanged{} },
	events.TypeContactTimezoneChanged: func() events.Event { return &events.ContactTimezoneChanged{} },
	events.TypeContactURNsChanged:     func() events.Event { return &events.ContactURNsChanged{} },
	events.TypeDialWait:               func() events.Event { return &events.DialWait{} },
	events.TypeEmailSent:              func() events.Event { return &events.EmailSent{} },
	events.TypeError:                  func() events.Event { return &events.Error{} },
	events.TypeFailure:                func() events.Event { return &events.Failure{} },
	events.TypeInputLabelsAdded:       func() events.Event { return &events.InputLabelsAdded{} },
	events.TypeIVRCreated:             func() events.Event { return &events.IVRCreated{} },
	events.TypeLLMCalled:              func() events.Event { return &events.LLMCalled{} },
	events.TypeMsgCreated:             func() events.Event { return &events.MsgCreated{} },
	events.TypeMsgWait:                func() events.Event { return &events.MsgWait{} },
	events.TypeResthookCalled:         func() events.Event { return &events.ResthookCalled{} },
	events.TypeRunEnded:               func() events.Event { return &events.RunEnded{} },
	events.TypeRunResultChanged:       func() events.Event { return &events.RunResultChanged{} },
	events.TypeRunStarted:             func() events.Event { return &events.RunStarted{} },
	events.TypeSessionTriggered:       func() events.Event { return &events.SessionTriggered{} },
	events.TypeTicketNoteAdded:        func() events.Event { return &events.TicketNoteAdded{} },
	events.TypeTicketOpened:           func() events.Event { return &events.TicketOpened{} },
	events.TypeWarning:                func() events.Event { return &events.Warning{} },
	events.TypeWebhookCalled:          func() events.Event { return &events.WebhookCalled{} },
}

// contextRoots are the top-level names of a run's expression context. An example whose
// expression reads one of them needs a session and is not run here.
var contextRoots = map[string]bool{
	"contact": true, "fields": true, "urns": true, "results": true, "run": true, "input": true,
	"webhook": true, "node": true, "parent": true, "child": true, "trigger": true, "globals": true,
	"locals": true, "ticket": true, "resume": true, "legacy_extra": true,
}

// exampleEnv is the environment the function pages say their examples run in.
func exampleEnv(t *testing.T) envs.Environment {
	t.Helper()
	now, err := time.Parse(time.RFC3339Nano, ExampleNow)
	if err != nil {
		t.Fatal(err)
	}
	locations, err := envs.ReadLocationHierarchy([]byte(`{"name": "Rwanda", "children": [
		{"name": "Kigali City", "aliases": ["Kigali"], "children": [
			{"name": "Gasabo", "children": [{"name": "Gisozi"}, {"name": "Ndera"}]},
			{"name": "Nyarugenge", "children": [{"name": "Nyamirambo"}]}
		]},
		{"name": "Eastern Province", "children": [{"name": "Rwamagana", "children": [{"name": "Muhazi"}]}]}
	]}`))
	if err != nil {
		t.Fatal(err)
	}
	return envs.NewEnv(envs.DefaultSettings(), utils.FixedClock{T: now}, utils.NewSeededRandom(ExampleSeed), locations)
}

// TestExamples runs every example of the reference pages: JSON examples are read by the
// reader of their kind, template examples are evaluated and must give their output.
func TestExamples(t *testing.T) {
	pages, err := gather(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	seenEvents := map[string]bool{}
	for _, p := range pages {
		for _, e := range p.Entries {
			if p.File == "events.md" {
				seenEvents[e.Name] = true
			}
			for _, js := range e.JSONExamples() {
				if !json.Valid([]byte(js)) {
					t.Errorf("%s (%s): example is not valid JSON: %s", e.Name, e.Source, js)
					continue
				}
				var got string
				file := p.File
				if strings.HasPrefix(file, "actions/") {
					file = "actions.md" // an action's own page
				}
				switch file {
				case "actions.md":
					got = readAction(t, e, js)
				case "events.md":
					got = readEvent(t, e, js)
				case "triggers.md":
					if tr, err := triggers.Read([]byte(js)); err != nil {
						t.Errorf("trigger %s: example doesn't read: %s", e.Name, err)
					} else {
						got = tr.Type
					}
				case "resumes.md":
					if r, err := resumes.Read([]byte(js)); err != nil {
						t.Errorf("resume %s: example doesn't read: %s", e.Name, err)
					} else {
						got = r.Type
					}
				default:
					t.Errorf("%s (%s): no reader for JSON examples on %s", e.Name, e.Source, p.File)
				}
				if got != "" && got != e.Name {
					t.Errorf("%s (%s): example is of type %s", e.Name, e.Source, got)
				}
			}
			if p.File == "functions.md" || p.File == "cases.md" {
				// a new environment per function, so that the random numbers an example
				// shows don't depend on the examples evaluated before it
				runTemplateExamples(t, exampleEnv(t), e)
			}
		}
	}
	for name := range eventTypes {
		if !seenEvents[name] {
			t.Errorf("event %s is in the test's list but not on the events page", name)
		}
	}
}

// runTemplateExamples evaluates a function's examples; each function must have one.
func runTemplateExamples(t *testing.T, env envs.Environment, e *entry) {
	examples := e.TemplateExamples()
	if len(examples) == 0 {
		t.Errorf("function %s (%s) has no example: add a line `@(...) → output` to its doc comment", e.Name, e.Source)
	}
	for _, ex := range examples {
		if readsContext(ex.Template) {
			continue
		}
		out, errs := excellent.EvaluateTemplate(env, types.NewXObject(nil), ex.Template, nil)
		switch {
		case ex.Output == ErrorOutput && len(errs) == 0:
			t.Errorf("%s (%s): %s gave %q, want an error", e.Name, e.Source, ex.Template, out)
		case ex.Output != ErrorOutput && len(errs) > 0:
			t.Errorf("%s (%s): %s failed: %s, want %q", e.Name, e.Source, ex.Template, errs[0], ex.Output)
		case ex.Output != ErrorOutput && out != ex.Output:
			t.Errorf("%s (%s): %s gave %q, want %q", e.Name, e.Source, ex.Template, out, ex.Output)
		}
	}
}

// readsContext reports whether a template reads the session's context.
func readsContext(template string) bool {
	for _, path := range excellent.CachedTemplate(template).ContextPaths() {
		if len(path) > 0 && contextRoots[strings.ToLower(path[0])] {
			return true
		}
	}
	return false
}

// readAction reads an action example with actions.Read, which validates it, then decodes
// it again refusing fields its type doesn't have (Read ignores them, as flows may carry
// fields of newer spec versions, but an example must not).
func readAction(t *testing.T, e *entry, js string) string {
	a, err := actions.Read([]byte(js))
	if err != nil {
		t.Errorf("action %s (%s): example doesn't read: %s", e.Name, e.Source, err)
		return ""
	}
	fresh := reflect.New(reflect.TypeOf(a).Elem()).Interface()
	if err := strictDecode(js, fresh); err != nil {
		t.Errorf("action %s (%s): example has a field its type lacks: %s", e.Name, e.Source, err)
	}
	return a.Type()
}

// readEvent decodes an event example into its type, refusing unknown fields.
func readEvent(t *testing.T, e *entry, js string) string {
	factory, ok := eventTypes[e.Name]
	if !ok {
		t.Errorf("event %s (%s) is missing from the test's eventTypes", e.Name, e.Source)
		return ""
	}
	ev := factory()
	if err := strictDecode(js, ev); err != nil {
		t.Errorf("event %s (%s): example doesn't decode: %s", e.Name, e.Source, err)
		return ""
	}
	return ev.Type()
}

// strictDecode decodes JSON into v, refusing fields v's type doesn't have.
func strictDecode(js string, v any) error {
	dec := json.NewDecoder(bytes.NewReader([]byte(js)))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
