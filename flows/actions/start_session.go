package actions

import (
	"context"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeStartSession is the type of StartSession.
const TypeStartSession = "start_session"

func init() {
	mustRegister(TypeInfo{Name: TypeStartSession, New: func() flows.Action { return &StartSession{baseAction: newBase(TypeStartSession, "")} },
		Description: "Starts new sessions of a flow for other contacts", Category: CategoryFlow})
}

// StartSession asks the caller to start a flow for other contacts: groups, contacts, a
// query's results, URNs, or a new contact (create_contact). The new sessions get this run's
// summary as @parent. Groups and queries can't be used during batch starts.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "start_session", "groups": [{"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Testers"}], "flow": {"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Collect Age"}}
type StartSession struct {
	baseAction
	recipientsAction
	Flow          *assets.FlowReference `json:"flow" validate:"required"`
	Exclusions    events.Exclusions     `json:"exclusions"`
	CreateContact bool                  `json:"create_contact,omitempty"`
}

// Validate checks the fields.
func (a *StartSession) Validate() error { return validate(a) }

// AllowedFlowTypes allows flows that can call services.
func (a *StartSession) AllowedFlowTypes() []flows.FlowType { return onlineTypes }

// Execute evaluates the recipients and logs session_triggered.
func (a *StartSession) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	session := run.Session()
	flow := session.Assets().Flows.Get(a.Flow.UUID)
	if flow == nil {
		logMissingDependency(log, "flow", "uuid", string(a.Flow.UUID), a.Flow.Name)
		return nil
	}
	if a.usesGroupsOrQuery() && session.BatchStart() {
		log(events.NewError("Can't start new sessions for groups or queries during batch starts"))
		return nil
	}
	r := a.resolve(run, log)
	if r.empty() && !a.CreateContact {
		return nil
	}

	own := session.History()
	history := &events.SessionHistory{ParentUUID: session.UUID(), Ancestors: own.Ancestors + 1, AncestorsSinceInput: own.AncestorsSinceInput + 1}
	if session.InputUUID() != "" {
		history.AncestorsSinceInput = 0
	}
	ref := &assets.FlowReference{UUID: flow.UUID, Name: flow.Name}
	log(events.NewSessionTriggered(ref, r.groups, r.contacts, r.query, a.Exclusions, a.CreateContact, r.urns, run.Summary(), history))
	return nil
}

// Inspect reports the recipients and the flow, and flags legacy variables.
func (a *StartSession) Inspect(ins flows.Inspector) {
	inspectGroupRefs(ins, a.Groups)
	for _, c := range a.Contacts {
		ins.Dependency(contactDependency{c})
	}
	ins.Dependency(a.Flow)
	if a.ContactQuery != "" {
		ins.Templates(a.ContactQuery)
	}
	ins.Templates(a.LegacyVars...)
	if len(a.LegacyVars) > 0 {
		ins.Issue("legacy_vars", "use of expressions instead of contact query", map[string]any{"vars": a.LegacyVars})
	}
}
