package engine

import (
	"encoding/json"
	"time"

	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/utils"
)

// Step is one visit of a node in a run's path.
type Step struct {
	NodeUUID  utils.UUID `json:"node_uuid"`
	ArrivedOn time.Time  `json:"arrived_on"`
}

// Segment is one hop of a sprint, node -> exit -> node, for the caller's analytics.
type Segment struct {
	FlowUUID        utils.UUID `json:"flow_uuid"`
	NodeUUID        utils.UUID `json:"node_uuid"`
	ExitUUID        utils.UUID `json:"exit_uuid"`
	DestinationUUID utils.UUID `json:"destination_uuid"`
	Operand         *string    `json:"operand,omitempty"`
	Time            time.Time  `json:"time"`
}

// Run is one pass of the contact through one flow. Subflows are runs with a parent.
type Run struct {
	session *Session
	flow    *definition.Flow

	uuid       utils.UUID
	status     flows.RunStatus
	createdOn  time.Time
	modifiedOn time.Time
	exitedOn   *time.Time
	path       []Step
	results    map[string]*flows.Result
	locals     map[string]string
	parent     *Run
	parentUUID utils.UUID
	hadInput   bool
	webhook    json.RawMessage
	webhookVal types.XValue
	terminal   bool
}

// UUID returns the run's UUID.
func (r *Run) UUID() utils.UUID { return r.uuid }

// Flow returns the run's flow definition.
func (r *Run) Flow() *definition.Flow { return r.flow }

// Status returns the run's status.
func (r *Run) Status() flows.RunStatus { return r.status }

// Results returns the run's results by key.
func (r *Run) Results() map[string]*flows.Result { return r.results }

// Path returns the nodes the run visited.
func (r *Run) Path() []Step { return r.path }

// Parent returns the parent run of a subflow run, or nil.
func (r *Run) Parent() *Run { return r.parent }

func (r *Run) currentNode() *definition.Node {
	if len(r.path) == 0 {
		return nil
	}
	return r.flow.Node(r.path[len(r.path)-1].NodeUUID)
}

func (r *Run) exited() bool {
	switch r.status {
	case flows.RunStatusActive, flows.RunStatusWaiting:
		return false
	}
	return true
}

func (r *Run) exit(status flows.RunStatus, now time.Time) {
	r.status = status
	r.exitedOn = &now
	r.modifiedOn = now
}

type runJSON struct {
	UUID       utils.UUID               `json:"uuid"`
	Flow       definition.FlowRef       `json:"flow"`
	Path       []Step                   `json:"path,omitempty"`
	Results    map[string]*flows.Result `json:"results,omitempty"`
	Locals     map[string]string        `json:"locals,omitempty"`
	Status     flows.RunStatus          `json:"status"`
	ParentUUID utils.UUID               `json:"parent_uuid,omitempty"`
	HadInput   bool                     `json:"had_input,omitempty"`
	Webhook    json.RawMessage          `json:"webhook,omitempty"`
	CreatedOn  time.Time                `json:"created_on"`
	ModifiedOn time.Time                `json:"modified_on"`
	ExitedOn   *time.Time               `json:"exited_on"`
	Terminal   bool                     `json:"terminal,omitempty"`
}

func (r *Run) marshal() *runJSON {
	j := &runJSON{
		UUID:       r.uuid,
		Flow:       r.flow.Reference(),
		Status:     r.status,
		ParentUUID: r.parentUUID,
		HadInput:   r.hadInput,
		Webhook:    r.webhook,
		CreatedOn:  r.createdOn,
		ModifiedOn: r.modifiedOn,
		ExitedOn:   r.exitedOn,
		Terminal:   r.terminal,
	}
	if !r.exited() {
		j.Path = r.path
	}
	if len(r.results) > 0 {
		j.Results = r.results
	}
	if len(r.locals) > 0 {
		j.Locals = r.locals
	}
	return j
}

// Evaluate renders a template against the run's context, returning the errors of failing
// expressions instead of logging them (for `flowrunner eval` and tests).
func (r *Run) Evaluate(tpl string) (string, []*excellent.EvalError) {
	return excellent.CachedTemplate(tpl).Evaluate(r.session.mergedEnv(), r.context(), nil)
}

// ContextValue returns one top-level value of the run's expression context, e.g. "trigger".
func (r *Run) ContextValue(key string) types.XValue {
	v, _ := r.context().Get(key)
	return v
}
