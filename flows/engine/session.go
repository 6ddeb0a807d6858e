package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/routers"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

// Sprint is what one start or resume produced: the events to act on and the segments
// travelled.
type Sprint struct {
	UUID     utils.UUID
	Events   []events.Event
	Segments []*Segment
	// Actions records each action the sprint ran or skipped, in order.
	Actions []*ActionRun
}

// Session is one contact's conversation with the flows: its runs, the trigger that started
// it and the input it was last resumed with. It marshals to JSON and reads back with no loss
// (the contact is kept by the caller and passed back in when the session is read).
type Session struct {
	engine   *Engine
	assets   *Assets
	uuid     utils.UUID
	typ      flows.FlowType
	created  time.Time
	settings envs.Settings
	env      *envs.Env
	trigger  *triggers.Trigger
	contact  *flows.Contact
	runs     []*Run
	status   flows.SessionStatus
	input    *Input
	sprints  int
	callUUID utils.UUID
	call     *flows.Call

	// state of the sprint under way, never marshalled
	ctx    context.Context
	sprint *Sprint
	steps  int
	pushed *pushedFlow
	resume *resumes.Resume
	failed bool
	// lastNode is the last node visited in the sprint, across runs
	lastNode utils.UUID
	// interrupted is the error ending the sprint because its context ended
	interrupted error
	// triggerInputUsed is set once a wait has consumed the triggering message
	triggerInputUsed bool
	// triggerJSON is the trigger as the session writes it, once written
	triggerJSON []byte
	// merged is the last mergedEnv, for the contact state in mergedKey
	merged    envs.Environment
	mergedKey mergedEnvKey
	// spent is what the sprint under way has used of its budgets
	spent budget
	// services are the engine's, counting calls against the sprint's budget
	services *services.Services
}

type pushedFlow struct {
	flowUUID utils.UUID
	terminal bool
}

// UUID returns the session's UUID.
func (s *Session) UUID() utils.UUID { return s.uuid }

// Type returns the flow type of the session.
func (s *Session) Type() flows.FlowType { return s.typ }

// Status returns where the session is.
func (s *Session) Status() flows.SessionStatus { return s.status }

// Runs returns the session's runs, oldest first.
func (s *Session) Runs() []*Run { return s.runs }

// Contact returns the session's contact.
func (s *Session) Contact() *flows.Contact { return s.contact }

// Env returns the session's environment.
func (s *Session) Env() envs.Environment { return s.env }

// NewUUID generates a UUID from the engine's generator.
func (s *Session) NewUUID() utils.UUID { return s.engine.opts.UUIDs.Next() }

// EnterFlow asks the engine to start a child run once the current action finishes.
func (s *Session) EnterFlow(flowUUID utils.UUID, terminal bool) {
	s.pushed = &pushedFlow{flowUUID: flowUUID, terminal: terminal}
}

func (s *Session) now() time.Time { return s.engine.opts.Clock.Now() }

// mergedEnv is the environment with the contact's language, timezone and country. It is
// asked for by every template evaluation, so it is kept until one of those changes.
func (s *Session) mergedEnv() envs.Environment {
	c := s.contact
	key := mergedEnvKey{}
	if c != nil {
		key = mergedEnvKey{contact: c, lang: c.Language(), tz: c.Timezone(), tel: firstTelURN(c)}
	}
	if s.merged == nil || s.mergedKey != key {
		s.merged, s.mergedKey = newMergedEnv(s.env, c, s.engine.opts.LLMPrompts), key
	}
	return s.merged
}

// log stamps and records an event of the sprint under way.
func (s *Session) log(e events.Event) {
	e.Stamp(s.engine.opts.UUIDs.Next(), s.now())
	s.sprint.Events = append(s.sprint.Events, e)
	s.chargeEvent()
}

// ErrSprintInterrupted is the error NewSession and Resume return, wrapped together with
// the context's own error (context.Canceled or context.DeadlineExceeded), when the sprint's
// context ended before the sprint did. Test with errors.Is.
var ErrSprintInterrupted = errors.New("sprint interrupted")

// NewSession starts a session for the contact from the trigger and runs its first sprint.
// A nil contact is allowed for flows that need none.
//
// ctx bounds the sprint: it is passed to every service call the flow's actions make, and
// the engine checks it at each safe point (before a node is entered, before each action,
// before routing). When ctx is already done on entry, nothing is started and the error
// wraps ErrSprintInterrupted and ctx.Err(). When it ends during the sprint, the sprint
// stops at the next safe point: a failure event ("sprint interrupted: context deadline
// exceeded" or "... canceled") is logged, every run still going is failed and the session
// is failed, so the session, sprint and events returned are complete and consistent and
// may be stored like any other; the error returned alongside them wraps
// ErrSprintInterrupted and ctx.Err() so the caller knows why.
func (e *Engine) NewSession(ctx context.Context, sa *Assets, settings envs.Settings, contact *flows.Contact, trigger *triggers.Trigger, call *flows.Call) (*Session, *Sprint, error) {
	if trigger == nil || trigger.Flow == nil {
		return nil, nil, fmt.Errorf("field 'trigger.flow' is required")
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, fmt.Errorf("unable to start session: %w: %w", ErrSprintInterrupted, err)
	}
	s := &Session{
		engine:   e,
		assets:   sa,
		settings: settings,
		trigger:  trigger,
		contact:  contact,
		status:   flows.SessionStatusActive,
		call:     call,
	}
	if call != nil {
		s.callUUID = call.UUID
	}
	ctx, cancel := e.sprintContext(ctx)
	defer cancel()
	s.ctx = ctx
	s.env = envs.NewEnv(settings, e.opts.Clock, e.opts.Random, sa.LocationResolver())
	s.uuid = s.NewUUID()
	s.created = s.now()
	s.sprint = s.newSprint()
	s.sprints = 1

	flow, err := s.flow(trigger.Flow.UUID)
	if err != nil {
		// the session can't start: it fails with an explanation rather than an error
		s.typ = flows.FlowTypeMessaging
		s.log(events.NewFailure(fmt.Sprintf("unable to load flow '%s': %s", trigger.Flow.Name, err)))
		s.status = flows.SessionStatusFailed
		sp, err := s.takeSprint()
		return s, sp, err
	}
	s.typ = flow.Type
	if s.contact != nil {
		// query-based groups may be stale in what the caller passed in
		s.reevaluateGroups(s.log)
	}
	s.prepareInputFromTrigger()
	run := s.startRun(flow, nil, false)
	if len(flow.Nodes) == 0 {
		s.endRun(run, flows.RunStatusCompleted)
		s.status = flows.SessionStatusCompleted
		sp, err := s.takeSprint()
		return s, sp, err
	}
	s.drive(run, flow.Nodes[0], true)
	sp, err := s.takeSprint()
	return s, sp, err
}

// sprintContext is the context a sprint runs under: the caller's, bounded by
// Options.SprintTimeout when that is set.
func (e *Engine) sprintContext(ctx context.Context) (context.Context, context.CancelFunc) {
	if e.opts.SprintTimeout > 0 {
		return context.WithTimeout(ctx, e.opts.SprintTimeout)
	}
	return ctx, func() {}
}

// interrupt ends the sprint at a safe point when its context has ended, failing the
// session with a failure event that names why. It reports whether the sprint must stop.
func (s *Session) interrupt() bool {
	if s.failed || s.overBudget() {
		return true
	}
	err := s.ctx.Err()
	if err == nil {
		return false
	}
	s.interrupted = fmt.Errorf("%w: %w", ErrSprintInterrupted, err)
	s.fail(s.interrupted.Error())
	return true
}

// newSprint starts a sprint with its own random UUID.
func (s *Session) newSprint() *Sprint {
	sp := &Sprint{}
	if g, ok := s.engine.opts.UUIDs.(interface{ NextV4() utils.UUID }); ok {
		sp.UUID = g.NextV4()
	} else {
		sp.UUID = s.NewUUID()
	}
	return sp
}

// takeSprint ends the sprint under way, returning it and the error that interrupted it,
// if any.
func (s *Session) takeSprint() (*Sprint, error) {
	// a budget passed by the sprint's last events fails it too
	s.overBudget()
	sp, err := s.sprint, s.interrupted
	s.spent = budget{}
	s.sprint = nil
	s.ctx = nil
	s.interrupted = nil
	s.steps = 0
	s.lastNode = ""
	return sp, err
}

// Resume continues a waiting session and runs the next sprint. ctx bounds the sprint as
// for Engine.NewSession; when it is already done on entry the session is left untouched
// and can be resumed later.
func (s *Session) Resume(ctx context.Context, r *resumes.Resume) (*Sprint, error) {
	if s.status != flows.SessionStatusWaiting {
		return nil, fmt.Errorf("only waiting sessions can be resumed, session is %s", s.status)
	}
	run := s.waitingRun()
	if run == nil {
		return nil, fmt.Errorf("session has no waiting run")
	}
	if err := checkResumeAccepted(run, r); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("unable to resume session: %w: %w", ErrSprintInterrupted, err)
	}
	ctx, cancel := s.engine.sprintContext(ctx)
	defer cancel()
	s.ctx = ctx
	s.sprint = s.newSprint()
	s.spent = budget{}
	s.sprints++
	s.resume = r
	s.status = flows.SessionStatusActive
	if max := s.engine.opts.Limits.MaxSprintsPerSession; s.sprints > max {
		s.fail(fmt.Sprintf("Reached maximum number of sprints per session (%d)", max))
		return s.takeSprint()
	}

	// the reference engine reads the clock when a sprint resumes, and once more the first
	// time a run gets input; reading it at the same points keeps replayed times in step
	s.now()
	if r.Type == resumes.TypeMsg && !run.hadInput {
		s.now()
	}

	switch r.Type {
	case resumes.TypeWaitExpiration:
		// the waiting run expires; a parent carries on as when a subflow ends
		if n := run.currentNode(); n != nil {
			s.lastNode = n.UUID
		}
		s.endRun(run, flows.RunStatusExpired)
		parent := run.parent
		if parent == nil || run.terminal {
			s.status = flows.SessionStatusCompleted
			return s.takeSprint()
		}
		parent.status = flows.RunStatusActive
		s.resume = nil
		s.drive(parent, parent.currentNode(), false)
		return s.takeSprint()
	case resumes.TypeMsg:
		s.prepareInputFromResume(r)
		run.hadInput = true
		if s.contact != nil && s.input != nil {
			s.contact.SetLastSeenOn(s.input.CreatedOn)
		}
	}
	run.status = flows.RunStatusActive
	node := run.currentNode()
	if node != nil {
		s.lastNode = node.UUID
	}
	if node == nil {
		return nil, fmt.Errorf("waiting run %s has no current node", run.uuid)
	}
	s.drive(run, node, false)
	return s.takeSprint()
}

func (s *Session) waitingRun() *Run {
	for i := len(s.runs) - 1; i >= 0; i-- {
		if s.runs[i].status == flows.RunStatusWaiting {
			return s.runs[i]
		}
	}
	return nil
}

// fail ends the session because it cannot go on.
func (s *Session) fail(text string) {
	s.log(events.NewFailure(text))
	for i := len(s.runs) - 1; i >= 0; i-- {
		r := s.runs[i]
		if !r.exited() {
			r.exit(flows.RunStatusFailed, s.now())
			s.log(events.NewRunEnded(r.flow.EventRef(), r.uuid, string(flows.RunStatusFailed)))
		}
	}
	s.status = flows.SessionStatusFailed
	s.failed = true
}

func (s *Session) startRun(flow *definition.Flow, parent *Run, terminal bool) *Run {
	if max := s.engine.opts.Limits.MaxRunsPerSession; len(s.runs) >= max {
		s.exceed(fmt.Sprintf("Reached maximum number of runs per session (%d)", max))
	}
	run := &Run{
		session: s,
		flow:    flow,
		status:  flows.RunStatusActive,
		parent:  parent,
		results: map[string]*flows.Result{},
		locals:  map[string]string{},
	}
	run.createdOn = s.now()
	run.uuid = s.NewUUID()
	run.modifiedOn = run.createdOn
	if parent != nil {
		run.parentUUID = parent.uuid
	}
	s.runs = append(s.runs, run)
	parentUUID := utils.UUID("")
	if parent != nil {
		parentUUID = parent.uuid
	}
	if parent == nil && s.trigger.Type == triggers.TypeFlowAction {
		parentUUID = s.triggerParentUUID()
	}
	ev := events.NewRunStarted(flow.EventRef(), run.uuid, parentUUID)
	ev.Terminal = terminal && parent != nil
	s.log(ev)
	return run
}

// sessionJSON is the stored form of a session.
type sessionJSON struct {
	UUID        utils.UUID          `json:"uuid"`
	Type        flows.FlowType      `json:"type"`
	CreatedOn   time.Time           `json:"created_on"`
	Environment *envs.Settings      `json:"environment"`
	Trigger     json.RawMessage     `json:"trigger"`
	ContactUUID utils.UUID          `json:"contact_uuid,omitempty"`
	CallUUID    utils.UUID          `json:"call_uuid,omitempty"`
	Runs        []*runJSON          `json:"runs"`
	Status      flows.SessionStatus `json:"status"`
	Input       *Input              `json:"input,omitempty"`
	Sprints     int                 `json:"sprints"`
	Version     int                 `json:"version"`
}

// MarshalJSON writes the session in its stored form.
func (s *Session) MarshalJSON() ([]byte, error) {
	if b, ok := appendSession(make([]byte, 0, 2048), s); ok {
		return b, nil
	}
	return s.marshalReflect()
}

// marshalReflect is MarshalJSON through encoding/json, which the direct writer matches and
// falls back to.
func (s *Session) marshalReflect() ([]byte, error) {
	trig, err := json.Marshal(s.trigger)
	if err != nil {
		return nil, err
	}
	j := &sessionJSON{
		UUID:        s.uuid,
		Type:        s.typ,
		CreatedOn:   s.created,
		Environment: &s.settings,
		Trigger:     trig,
		CallUUID:    s.callUUID,
		Runs:        make([]*runJSON, len(s.runs)),
		Status:      s.status,
		Input:       s.input,
		Sprints:     s.sprints,
		Version:     SessionVersion,
	}
	if s.contact != nil {
		j.ContactUUID = s.contact.UUID()
	}
	for i, r := range s.runs {
		j.Runs[i] = r.marshal()
	}
	return json.Marshal(j)
}

// ReadSession reads a stored session back, for the given contact, so it can be resumed.
func (e *Engine) ReadSession(sa *Assets, data []byte, contact *flows.Contact, call *flows.Call) (*Session, error) {
	if len(data) > MaxSessionBytes {
		return nil, fmt.Errorf("unable to read session: %d bytes is more than the maximum of %d", len(data), MaxSessionBytes)
	}
	// the stored form and the reader filling it, in one allocation
	d := &struct {
		j sessionJSON
		r jsonReader
	}{r: jsonReader{Data: data}}
	j := &d.j
	if err := decodeSession(&d.r, j); err != nil {
		return nil, fmt.Errorf("unable to read session: %w", err)
	}
	if err := validateSession(j); err != nil {
		return nil, fmt.Errorf("unable to read session: %w", err)
	}
	trig, err := triggers.Read(j.Trigger)
	if err != nil {
		return nil, fmt.Errorf("unable to read session trigger: %w", err)
	}
	settings := envs.DefaultSettings()
	if j.Environment != nil {
		settings = *j.Environment
	}
	s := &Session{
		engine:   e,
		assets:   sa,
		uuid:     j.UUID,
		typ:      j.Type,
		created:  j.CreatedOn,
		settings: settings,
		trigger:  trig,
		contact:  contact,
		status:   j.Status,
		input:    j.Input,
		sprints:  j.Sprints,
		callUUID: j.CallUUID,
		call:     call,
	}
	s.env = envs.NewEnv(settings, e.opts.Clock, e.opts.Random, sa.LocationResolver())
	byUUID := map[utils.UUID]*Run{}
	for i, rj := range j.Runs {
		flow, err := sa.Flow(rj.Flow.UUID)
		if err != nil {
			return nil, fmt.Errorf("unable to read runs[%d]: %w", i, err)
		}
		r := &Run{
			session:    s,
			flow:       flow,
			uuid:       rj.UUID,
			status:     rj.Status,
			createdOn:  rj.CreatedOn,
			modifiedOn: rj.ModifiedOn,
			exitedOn:   rj.ExitedOn,
			path:       rj.Path,
			results:    rj.Results,
			locals:     rj.Locals,
			parentUUID: rj.ParentUUID,
			hadInput:   rj.HadInput,
			webhook:    rj.Webhook,
			terminal:   rj.Terminal,
		}
		if r.results == nil {
			r.results = map[string]*flows.Result{}
		}
		if r.locals == nil {
			r.locals = map[string]string{}
		}
		if rj.ParentUUID != "" {
			r.parent = byUUID[rj.ParentUUID]
		}
		byUUID[r.uuid] = r
		s.runs = append(s.runs, r)
	}
	return s, nil
}

// triggerParentUUID is the UUID of the run that started this session by a flow action.
func (s *Session) triggerParentUUID() utils.UUID {
	var sum struct {
		UUID utils.UUID `json:"uuid"`
	}
	_ = json.Unmarshal(s.trigger.RunSummary, &sum)
	return sum.UUID
}

// checkResumeAccepted refuses a resume the run's wait can't take: a timeout for a wait
// without one, a message for a dial wait, a dial result for a message wait. Expirations are
// always accepted.
func checkResumeAccepted(run *Run, r *resumes.Resume) error {
	node := run.currentNode()
	if node == nil || node.Router == nil || node.Router.Wait == nil {
		return nil
	}
	w := node.Router.Wait
	ok := true
	switch r.Type {
	case resumes.TypeWaitTimeout:
		ok = w.Type == routers.WaitTypeMsg && w.Timeout != nil
	case resumes.TypeMsg:
		ok = w.Type == routers.WaitTypeMsg
	case resumes.TypeDial:
		ok = w.Type == routers.WaitTypeDial
	}
	if !ok {
		return fmt.Errorf("resume of type %s not accepted by wait of type %s", r.Type, w.Type)
	}
	return nil
}
