// Package triggers reads the envelopes that start sessions: manual, msg, flow_action,
// campaign, channel, chat, call, ticket and optin triggers.
package triggers

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/buger/jsonparser"
	"github.com/rivuletflows/rivulet/utils"
)

// The trigger types.
const (
	TypeManual     = "manual"
	TypeMsg        = "msg"
	TypeFlowAction = "flow_action"
	TypeCampaign   = "campaign"
	TypeChannel    = "channel"
	TypeChat       = "chat"
	TypeCall       = "call"
	TypeTicket     = "ticket"
	TypeOptIn      = "optin"
)

// Ref is a {uuid, name} reference inside a trigger.
type Ref struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
}

// KeywordMatch says which keyword of an incoming message started the session.
type KeywordMatch struct {
	Type    string `json:"type"`
	Keyword string `json:"keyword"`
}

// Trigger starts a session. One struct holds the fields of every type; Read checks that
// the fields a type requires are there. The JSON read is kept to write the trigger back
// unchanged in the session.
type Trigger struct {
	Type         string          `json:"type"`
	Flow         *Ref            `json:"flow"`
	TriggeredOn  time.Time       `json:"triggered_on"`
	Params       json.RawMessage `json:"params,omitempty"`
	User         *Ref            `json:"user,omitempty"`
	Origin       string          `json:"origin,omitempty"`
	Batch        bool            `json:"batch,omitempty"`
	Event        json.RawMessage `json:"event,omitempty"`
	KeywordMatch *KeywordMatch   `json:"keyword_match,omitempty"`
	RunSummary   json.RawMessage `json:"run_summary,omitempty"`
	Contact      json.RawMessage `json:"contact,omitempty"`
	Environment  json.RawMessage `json:"environment,omitempty"`
	Call         json.RawMessage `json:"call,omitempty"`
	Ticket       json.RawMessage `json:"ticket,omitempty"`

	raw json.RawMessage
}

// TypeSpec is what Read checks of a trigger type besides the flow every trigger names.
type TypeSpec struct {
	Name string
	// Required are the fields the type must have, e.g. flow_action's run_summary.
	Required []string
	// EventType, when set, is the type the trigger's event must have.
	EventType string
}

// registry holds the trigger types Read accepts.
var registry = utils.NewRegistry[TypeSpec]("trigger type")

func init() {
	for _, spec := range []TypeSpec{
		{Name: TypeManual},
		{Name: TypeMsg},
		{Name: TypeFlowAction, Required: []string{"run_summary"}},
		{Name: TypeCampaign, EventType: "campaign_fired"},
		{Name: TypeChannel, Required: []string{"event"}},
		{Name: TypeChat},
		{Name: TypeCall},
		{Name: TypeTicket, Required: []string{"ticket"}},
		{Name: TypeOptIn},
	} {
		registry.MustRegister(spec.Name, spec)
	}
}

// Types returns the names of the trigger types Read accepts, sorted.
func Types() []string { return registry.Names() }

// Read decodes and checks a trigger, naming each missing field.
func Read(data []byte) (*Trigger, error) { return read(data, true) }

// read is Read, through decodeFast first when fast is set (a test sets it false to hold
// the two paths together).
func read(data []byte, fast bool) (*Trigger, error) {
	t := &Trigger{}
	var spec TypeSpec
	if fast && decodeFast(data, t) {
		var known bool
		if spec, known = registry.Lookup(t.Type); !known {
			return nil, fmt.Errorf("unknown trigger type: '%s'", t.Type)
		}
	} else {
		*t = Trigger{}
		typ, err := jsonparser.GetString(data, "type")
		if err != nil {
			return nil, fmt.Errorf("field 'type' is required")
		}
		var known bool
		if spec, known = registry.Lookup(typ); !known {
			return nil, fmt.Errorf("unknown trigger type: '%s'", typ)
		}
		if err := json.Unmarshal(data, t); err != nil {
			return nil, fmt.Errorf("unable to read trigger: %w", utils.DescribeJSONError(err))
		}
		if t.Type != typ {
			// checked on one "type" key, kept from another: refuse rather than guess
			return nil, fmt.Errorf("field 'type' appears more than once")
		}
	}
	typ := t.Type
	t.raw = append(json.RawMessage(nil), data...)
	var problems []string
	if t.Flow == nil {
		problems = append(problems, "field 'flow' is required")
	}
	for _, f := range spec.Required {
		if _, _, _, err := jsonparser.Get(data, f); err != nil {
			problems = append(problems, fmt.Sprintf("field '%s' is required", f))
		}
	}
	if want := spec.EventType; want != "" && len(problems) == 0 {
		if got, _ := jsonparser.GetString(data, "event", "type"); got != want {
			problems = append(problems, fmt.Sprintf("%s trigger event must be of type %s", typ, want))
		}
	}
	if text, err := jsonparser.GetString(t.Event, "msg", "text"); err == nil {
		if err := utils.CheckInputText("event.msg.text", text); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if t.KeywordMatch != nil {
		if t.KeywordMatch.Type == "" {
			problems = append(problems, "field 'keyword_match.type' is required")
		}
		if t.KeywordMatch.Keyword == "" {
			problems = append(problems, "field 'keyword_match.keyword' is required")
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("%s", strings.Join(problems, ", "))
	}
	return t, nil
}

// MarshalJSON writes the trigger as it was read.
func (t *Trigger) MarshalJSON() ([]byte, error) {
	if t.raw != nil {
		return t.raw, nil
	}
	type alias Trigger
	return json.Marshal((*alias)(t))
}

// EventType returns the type of the trigger's event, if any.
func (t *Trigger) EventType() string {
	s, _ := jsonparser.GetString(t.Event, "type")
	return s
}
