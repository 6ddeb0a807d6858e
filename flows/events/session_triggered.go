package events

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// TypeSessionTriggered is logged when start_session asks for new sessions to be started.
const TypeSessionTriggered = "session_triggered"

func init() { register(TypeSessionTriggered, func() Event { return &SessionTriggered{} }) }

// Exclusions say which recipients a started session skips.
type Exclusions struct {
	InAFlow           bool `json:"in_a_flow,omitempty"`
	StartedPreviously bool `json:"started_previously,omitempty"`
}

// SessionHistory is the ancestry of a session started by another one, used by the caller
// to stop loops of sessions starting sessions.
type SessionHistory struct {
	ParentUUID          utils.UUID `json:"parent_uuid"`
	Ancestors           int        `json:"ancestors"`
	AncestorsSinceInput int        `json:"ancestors_since_input"`
}

// SessionTriggered asks the caller to start the flow for groups, contacts, a query's results
// and URNs, passing the triggering run's summary to each new session.
//
//	{"type": "session_triggered", "flow": {"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Collect Age"}, "contacts": [{"uuid": "3935cfc8-06f3-464a-811f-c731dd17157c", "name": "Eric Habimana"}], "exclusions": {}, "run_summary": {"uuid": "01969b47-113b-76f8-95cf-9fca95f1c30a", "flow": {"uuid": "b433ba8e-87e1-42d3-963d-4cb7d1a62297", "name": "Market Prices"}, "status": "active", "results": {}}, "history": {"parent_uuid": "01969b47-1016-7c2d-a1f0-3e1a6f1a5e3d", "ancestors": 1, "ancestors_since_input": 0}}
type SessionTriggered struct {
	Base
	Flow          *assets.FlowReference    `json:"flow"`
	Groups        []*assets.GroupReference `json:"groups,omitempty"`
	Contacts      []*ContactReference      `json:"contacts,omitempty"`
	ContactQuery  string                   `json:"contact_query,omitempty"`
	Exclusions    Exclusions               `json:"exclusions"`
	CreateContact bool                     `json:"create_contact,omitempty"`
	URNs          []urns.URN               `json:"urns,omitempty"`
	RunSummary    json.RawMessage          `json:"run_summary"`
	History       *SessionHistory          `json:"history"`
}

// NewSessionTriggered creates a session_triggered event.
func NewSessionTriggered(flow *assets.FlowReference, groups []*assets.GroupReference, contacts []*ContactReference, contactQuery string, exclusions Exclusions, createContact bool, urnList []urns.URN, runSummary json.RawMessage, history *SessionHistory) *SessionTriggered {
	return &SessionTriggered{
		Base:          NewBase(TypeSessionTriggered),
		Flow:          flow,
		Groups:        groups,
		Contacts:      contacts,
		ContactQuery:  contactQuery,
		Exclusions:    exclusions,
		CreateContact: createContact,
		URNs:          urnList,
		RunSummary:    runSummary,
		History:       history,
	}
}
