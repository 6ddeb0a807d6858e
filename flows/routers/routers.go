// Package routers holds the routers that end a node: the switch router, which evaluates an
// operand against cases, and the random router; their categories; and the waits that pause
// a session for a message or a dialled call before routing.
package routers

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/buger/jsonparser"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/routers/cases"
	"github.com/rivuletflows/rivulet/utils"
)

// Limits on the size of a router, refused when a flow is read.
const (
	MaxCategories    = 100
	MaxCases         = 100
	MaxCaseArguments = 10
)

// Category is an outcome of a router, leading to an exit.
type Category struct {
	UUID     utils.UUID `json:"uuid"`
	Name     string     `json:"name"`
	ExitUUID utils.UUID `json:"exit_uuid"`
}

// Case is one test of a switch router: when the test named by Type matches the operand
// with Arguments, the router picks CategoryUUID.
type Case struct {
	UUID         utils.UUID `json:"uuid"`
	Type         string     `json:"type"`
	Arguments    []string   `json:"arguments,omitempty"`
	CategoryUUID utils.UUID `json:"category_uuid"`
}

// Timeout of a msg wait: after Seconds without a reply the router picks CategoryUUID.
type Timeout struct {
	Seconds      int        `json:"seconds"`
	CategoryUUID utils.UUID `json:"category_uuid"`
}

// Wait pauses the session before routing.
type Wait struct {
	Type    string   `json:"type"`
	Timeout *Timeout `json:"timeout,omitempty"`
	Hint    *Hint    `json:"hint,omitempty"`

	// dial waits
	Phone            string `json:"phone,omitempty"`
	DialLimitSeconds int    `json:"dial_limit_seconds,omitempty"`
	CallLimitSeconds int    `json:"call_limit_seconds,omitempty"`
}

// Hint tells the channel what kind of reply a msg wait expects: "digits" (with how many,
// or the key that ends them), "audio", "image", "video" or "location". Empty count and
// terminated_by are left out when it is written, as the established engine writes hints:
//
//	{"type": "digits", "count": 4}
//	{"type": "digits", "terminated_by": "#"}
type Hint struct {
	Type         string `json:"type"`
	Count        int    `json:"count,omitempty"`
	TerminatedBy string `json:"terminated_by,omitempty"`
}

// hintTypes are the kinds of reply a hint may announce.
var hintTypes = map[string]bool{"audio": true, "digits": true, "image": true, "location": true, "video": true}

// The wait types.
const (
	WaitTypeMsg  = "msg"
	WaitTypeDial = "dial"
)

// AllowedFlowTypes lists the flow types a wait may appear in.
func (w *Wait) AllowedFlowTypes() []flows.FlowType {
	if w.Type == WaitTypeDial {
		return []flows.FlowType{flows.FlowTypeVoice}
	}
	return []flows.FlowType{flows.FlowTypeMessaging, flows.FlowTypeMessagingOffline, flows.FlowTypeVoice}
}

// The router types.
const (
	TypeSwitch = "switch"
	TypeRandom = "random"
)

// Router ends a node: it may wait, then it picks a category. Switch routers have an
// operand, cases and a default category; random routers pick a category at random.
type Router struct {
	Type                string      `json:"type"`
	Wait                *Wait       `json:"wait,omitempty"`
	ResultName          string      `json:"result_name,omitempty"`
	Categories          []*Category `json:"categories"`
	Operand             string      `json:"operand,omitempty"`
	Cases               []*Case     `json:"cases,omitempty"`
	DefaultCategoryUUID utils.UUID  `json:"default_category_uuid,omitempty"`
}

// Read decodes and checks a router's JSON.
func Read(data []byte) (*Router, error) {
	typ, err := jsonparser.GetString(data, "type")
	if err != nil {
		return nil, fmt.Errorf("field 'type' is required")
	}
	if typ != TypeSwitch && typ != TypeRandom {
		return nil, fmt.Errorf("unknown router type: '%s'", typ)
	}
	r := &Router{}
	if err := json.Unmarshal(data, r); err != nil {
		return nil, err
	}
	return r, r.validate()
}

func (r *Router) validate() error {
	if r.Wait != nil && r.Wait.Type != WaitTypeMsg && r.Wait.Type != WaitTypeDial {
		return fmt.Errorf("unknown wait type: '%s'", r.Wait.Type)
	}
	if r.Wait != nil && r.Wait.Hint != nil && !hintTypes[r.Wait.Hint.Type] {
		return fmt.Errorf("field 'wait.hint.type' must be one of audio, digits, image, location or video, got '%s'", r.Wait.Hint.Type)
	}
	if len(r.ResultName) > 64 {
		return fmt.Errorf("field 'result_name' must be less than or equal to 64")
	}
	if len(r.Categories) == 0 {
		return fmt.Errorf("field 'categories' must have a minimum of 1 item")
	}
	if len(r.Categories) > MaxCategories {
		return fmt.Errorf("field 'categories' must have a maximum of %d items", MaxCategories)
	}
	if len(r.Cases) > MaxCases {
		return fmt.Errorf("field 'cases' must have a maximum of %d items", MaxCases)
	}
	cats := make(map[utils.UUID]bool, len(r.Categories))
	for i, c := range r.Categories {
		if c == nil {
			return fmt.Errorf("field 'categories[%d]' is null", i)
		}
		if !utils.IsUUIDValid(string(c.UUID)) {
			return fmt.Errorf("field 'categories[%d].uuid' is not a valid UUID: '%s'", i, c.UUID)
		}
		if c.ExitUUID == "" {
			return fmt.Errorf("field 'categories[%d].exit_uuid' is required", i)
		}
		if strings.TrimSpace(c.Name) == "" {
			return fmt.Errorf("field 'categories[%d].name' is required", i)
		}
		cats[c.UUID] = true
	}
	for i, c := range r.Cases {
		if c == nil {
			return fmt.Errorf("field 'cases[%d]' is null", i)
		}
		if len(c.Arguments) > MaxCaseArguments {
			return fmt.Errorf("field 'cases[%d].arguments' must have a maximum of %d items", i, MaxCaseArguments)
		}
		if c.Type == "" {
			return fmt.Errorf("field 'cases[%d].type' is required", i)
		}
		if !cats[c.CategoryUUID] {
			return fmt.Errorf("invalid case[uuid=%s]: category %s is not a valid category", c.UUID, c.CategoryUUID)
		}
		if !cases.IsRegistered(c.Type) {
			return fmt.Errorf("invalid case[uuid=%s]: %s is not a registered test function", c.UUID, c.Type)
		}
	}
	if r.DefaultCategoryUUID != "" && !cats[r.DefaultCategoryUUID] {
		return fmt.Errorf("default category %s is not a valid category", r.DefaultCategoryUUID)
	}
	if r.Wait != nil && r.Wait.Timeout != nil && !cats[r.Wait.Timeout.CategoryUUID] {
		return fmt.Errorf("timeout category %s is not a valid category", r.Wait.Timeout.CategoryUUID)
	}
	return nil
}

// Category returns the category with the given UUID.
func (r *Router) Category(uuid utils.UUID) *Category {
	for _, c := range r.Categories {
		if c.UUID == uuid {
			return c
		}
	}
	return nil
}
