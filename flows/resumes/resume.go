// Package resumes reads the envelopes that resume a waiting session: msg, wait_timeout,
// wait_expiration and dial.
package resumes

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/buger/jsonparser"

	"github.com/rivuletflows/rivulet/utils"
)

// The resume types.
const (
	TypeMsg            = "msg"
	TypeWaitTimeout    = "wait_timeout"
	TypeWaitExpiration = "wait_expiration"
	TypeDial           = "dial"
)

// TypeSpec is what Read checks of a resume type.
type TypeSpec struct {
	Name string
	// EventRequired is set for types whose event carries what happened (msg, dial).
	EventRequired bool
}

// registry holds the resume types Read accepts.
var registry = utils.NewRegistry[TypeSpec]("resume type")

func init() {
	for _, spec := range []TypeSpec{
		{Name: TypeMsg, EventRequired: true},
		{Name: TypeWaitTimeout},
		{Name: TypeWaitExpiration},
		{Name: TypeDial, EventRequired: true},
	} {
		registry.MustRegister(spec.Name, spec)
	}
}

// Types returns the names of the resume types Read accepts, sorted.
func Types() []string { return registry.Names() }

// Resume continues a waiting session. Its event is what happened: msg_received,
// wait_timed_out, wait_expired or dial_ended.
type Resume struct {
	Type        string          `json:"type"`
	ResumedOn   time.Time       `json:"resumed_on"`
	Event       json.RawMessage `json:"event,omitempty"`
	Contact     json.RawMessage `json:"contact,omitempty"`
	Environment json.RawMessage `json:"environment,omitempty"`
}

// Read decodes and checks a resume.
func Read(data []byte) (*Resume, error) {
	typ, err := jsonparser.GetString(data, "type")
	if err != nil {
		return nil, fmt.Errorf("field 'type' is required")
	}
	spec, known := registry.Lookup(typ)
	if !known {
		return nil, fmt.Errorf("unknown resume type: '%s'", typ)
	}
	r := &Resume{}
	if err := readEnvelope(data, r); err != nil {
		return nil, fmt.Errorf("unable to read resume: %w", utils.DescribeJSONError(err))
	}
	if r.Type != typ {
		// checked on one "type" key, kept from another: refuse rather than guess
		return nil, fmt.Errorf("field 'type' appears more than once")
	}
	if spec.EventRequired && len(r.Event) == 0 {
		return nil, fmt.Errorf("field 'event' is required")
	}
	if text, err := jsonparser.GetString(r.Event, "msg", "text"); err == nil {
		if err := utils.CheckInputText("event.msg.text", text); err != nil {
			return nil, err
		}
	}
	return r, nil
}
