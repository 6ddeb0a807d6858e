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
	switch typ {
	case TypeMsg, TypeWaitTimeout, TypeWaitExpiration, TypeDial:
	default:
		return nil, fmt.Errorf("unknown resume type: '%s'", typ)
	}
	r := &Resume{}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("unable to read resume: %w", err)
	}
	if (typ == TypeMsg || typ == TypeDial) && len(r.Event) == 0 {
		return nil, fmt.Errorf("field 'event' is required")
	}
	if text, err := jsonparser.GetString(r.Event, "msg", "text"); err == nil {
		if err := utils.CheckInputText("event.msg.text", text); err != nil {
			return nil, err
		}
	}
	return r, nil
}
