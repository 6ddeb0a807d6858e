// Package actions holds the actions of the flow spec, one file per type, and the registry
// that reads them from their {"type": ...} JSON. Embedders add their own action types with
// Register.
//
// An action's life is: Read (decode and Validate), then Inspect when a flow is checked,
// then Execute against a run, which logs events and reaches contacts, assets and services
// only through flows.Run and flows.Session. Execute gets the sprint's context first and
// passes it to every service call, so a cancelled or expired sprint stops waiting on the
// world (see engine.NewSession).
//
// An embedder's own action type implements flows.Action and registers before flows are
// read; names are registered once:
//
//	err := actions.Register(actions.TypeInfo{Name: "notify_crm", New: func() flows.Action { return &NotifyCRM{} },
//		Description: "Tells the CRM about the contact", Category: actions.CategoryServices})
package actions

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/buger/jsonparser"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/utils"
)

// TypeInfo describes an action type for the registry: its type name as written in flows,
// a factory of empty actions to decode into, and a description and category for people
// (`flowrunner actions`, generated docs).
type TypeInfo struct {
	Name        string
	New         func() flows.Action
	Description string
	Category    string
}

// The categories of the built-in action types.
const (
	CategoryMessaging = "messaging"
	CategoryContacts  = "contacts"
	CategoryFlow      = "flow"
	CategoryServices  = "services"
	CategoryVoice     = "voice"
)

// registry holds the registered action types: the built-in ones from init functions, an
// embedder's before it reads flows.
var registry = utils.NewRegistry[TypeInfo]("action type")

// Register adds an action type. It refuses an empty or duplicate name (the registry's one
// rule), a missing factory, and a factory whose actions do not report the registered name
// as their Type().
func Register(info TypeInfo) error {
	if info.Name == "" {
		return errors.New("action type name can't be empty")
	}
	if info.New == nil {
		return fmt.Errorf("action type '%s' has no factory", info.Name)
	}
	sample := info.New()
	if sample == nil {
		return fmt.Errorf("action type '%s' factory returned nil", info.Name)
	}
	if sample.Type() != info.Name {
		return fmt.Errorf("action type '%s' factory makes actions of type '%s'", info.Name, sample.Type())
	}
	return registry.Register(info.Name, info)
}

// mustRegister registers a built-in type; a failure is a programming error in this package.
func mustRegister(info TypeInfo) {
	if err := Register(info); err != nil {
		panic(err)
	}
}

// Types lists the registered action types sorted by name.
func Types() []TypeInfo {
	names := registry.Names()
	infos := make([]TypeInfo, len(names))
	for i, n := range names {
		infos[i], _ = registry.Lookup(n)
	}
	return infos
}

// Read decodes an action from its JSON, choosing the type by its "type" field, and
// validates it. The error reads like "field 'text' is required" or
// "unknown action type: 'xyz'".
func Read(data []byte) (flows.Action, error) {
	typeName, err := jsonparser.GetString(data, "type")
	if err != nil || typeName == "" {
		return nil, errors.New("field 'type' is required")
	}

	info, found := registry.Lookup(typeName)

	if !found {
		return nil, fmt.Errorf("unknown action type: '%s'", typeName)
	}

	action := info.New()
	if err := json.Unmarshal(data, action); err != nil {
		return nil, readError(err)
	}
	if err := action.Validate(); err != nil {
		return nil, err
	}
	return action, nil
}

// readError rewords JSON decoding errors to name the field rather than Go types.
func readError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return fmt.Errorf("field '%s' has the wrong type: %s", typeErr.Field, typeErr.Value)
	}
	return err
}

// baseAction holds the fields every action has and implements the common methods.
type baseAction struct {
	Type_ string     `json:"type" validate:"required"`
	UUID_ utils.UUID `json:"uuid" validate:"required,uuid"`
}

func newBase(typeName string, uuid utils.UUID) baseAction {
	return baseAction{Type_: typeName, UUID_: uuid}
}

// Type returns the action's type name, e.g. send_msg.
func (a *baseAction) Type() string { return a.Type_ }

// UUID returns the action's UUID.
func (a *baseAction) UUID() utils.UUID { return a.UUID_ }

// LocalizationUUID is the UUID the flow's localization keys translations of this action by.
func (a *baseAction) LocalizationUUID() utils.UUID { return a.UUID_ }

// Validate checks the struct tags of the embedding action; actions with more rules wrap it.
func validate(action any) error { return utils.Validate(action) }

// The sets of flow types actions allow.
var (
	// allFlowTypes: actions on the contact and the run work anywhere
	allFlowTypes = flows.AllFlowTypes
	// interactiveTypes: actions that talk to the contact or its input
	interactiveTypes = []flows.FlowType{flows.FlowTypeMessaging, flows.FlowTypeMessagingOffline, flows.FlowTypeVoice}
	// onlineTypes: actions that call services or start other sessions, which offline
	// (surveyor) flows cannot do
	onlineTypes = []flows.FlowType{flows.FlowTypeMessaging, flows.FlowTypeMessagingBackground, flows.FlowTypeVoice}
	// messagingTypes: actions that only make sense in a messaging conversation
	messagingTypes = []flows.FlowType{flows.FlowTypeMessaging}
	// voiceTypes: actions that speak on a call
	voiceTypes = []flows.FlowType{flows.FlowTypeVoice}
)
