package engine

import (
	"fmt"
	"time"

	"github.com/rivuletflows/rivulet/utils/urns"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/routers"
	"github.com/rivuletflows/rivulet/utils"
)

// drive steps the session from a node of a run until it waits, ends or fails. arriving is
// false when the run is already at the node and only its router must route (after a resume
// or when a subflow returns).
func (s *Session) drive(run *Run, node *definition.Node, arriving bool) {
	resumed := !arriving && s.resume != nil
	for {
		if s.interrupt() {
			return
		}
		if arriving {
			s.steps++
			if s.steps > s.engine.opts.MaxStepsPerSprint {
				s.fail(fmt.Sprintf("Reached maximum number of steps per sprint (%d)", s.engine.opts.MaxStepsPerSprint))
				return
			}
			now := s.now()
			run.path = append(run.path, Step{NodeUUID: node.UUID, ArrivedOn: now})
			s.lastNode = node.UUID
			if v := s.engine.opts.OnVisit; v != nil {
				v(Visit{FlowUUID: run.flow.UUID, NodeUUID: node.UUID})
			}
			run.modifiedOn = now
			child := s.executeActions(run, node)
			if s.failed {
				return
			}
			if child != nil {
				if len(child.flow.Nodes) == 0 {
					// an empty subflow completes at once and the parent routes on
					s.endRun(child, flows.RunStatusCompleted)
					arriving = false
				} else {
					run, node, arriving = child, child.flow.Nodes[0], true
					continue
				}
			}
		}

		if s.interrupt() {
			return
		}
		var exit *definition.Exit
		var operand *string
		if node.Router != nil {
			r := node.Router
			if r.Wait != nil && !resumed {
				if s.triggerInputPending() {
					// a session started by a message answers its first wait with that message
					s.triggerInputUsed = true
					resumed = true
				} else if s.wait(run, r.Wait) {
					return
				}
			}
			category, op := s.route(run, node, resumed)
			operand = op
			if category == nil {
				s.fail("Router failed to pick a category")
				return
			}
			exit = node.Exit(category.ExitUUID)
			if v := s.engine.opts.OnVisit; v != nil {
				v(Visit{FlowUUID: run.flow.UUID, NodeUUID: node.UUID, CategoryUUID: category.UUID, ExitUUID: exit.UUID})
			}
		} else {
			exit = node.Exits[0]
			if v := s.engine.opts.OnVisit; v != nil {
				v(Visit{FlowUUID: run.flow.UUID, NodeUUID: node.UUID, ExitUUID: exit.UUID})
			}
		}
		resumed = false

		if exit.DestinationUUID != "" {
			next := run.flow.Node(exit.DestinationUUID)
			s.addSegment(run, node, exit, next.UUID, operand)
			node, arriving = next, true
			continue
		}

		// the run has nowhere to go: it completes and its parent, if any, carries on
		parent := run.parent
		s.endRun(run, flows.RunStatusCompleted)
		if parent == nil || run.terminal {
			if parent != nil {
				s.endAncestors(parent)
			}
			s.status = flows.SessionStatusCompleted
			return
		}
		run, node, arriving = parent, parent.currentNode(), false
		parent.status = flows.RunStatusActive
	}
}

// triggerInputPending reports whether the session was started by a message that no wait
// has consumed yet.
func (s *Session) triggerInputPending() bool {
	return !s.triggerInputUsed && s.sprints == 1 && s.trigger.Type == "msg" && s.input != nil
}

func (s *Session) endRun(run *Run, status flows.RunStatus) {
	run.exit(status, s.now())
	s.log(events.NewRunEnded(run.flow.EventRef(), run.uuid, string(status)))
}

func (s *Session) endAncestors(run *Run) {
	for r := run; r != nil; r = r.parent {
		if !r.exited() {
			s.endRun(r, flows.RunStatusCompleted)
		}
	}
}

// addSegment records a hop. Its node is the last node the session visited, which differs
// from the exit's node when a parent run continues after a subflow (as recorded sessions show).
func (s *Session) addSegment(run *Run, node *definition.Node, exit *definition.Exit, dest utils.UUID, operand *string) {
	from := s.lastNode
	if from == "" {
		from = node.UUID
	}
	s.sprint.Segments = append(s.sprint.Segments, &Segment{
		FlowUUID:        run.flow.UUID,
		NodeUUID:        from,
		ExitUUID:        exit.UUID,
		DestinationUUID: dest,
		Operand:         operand,
		Time:            s.now(),
	})
}

// executeActions runs a node's actions. An action entering a subflow does so once the node's
// remaining actions have run: the child run is started then and returned so the caller
// continues in it.
func (s *Session) executeActions(run *Run, node *definition.Node) *Run {
	view := &runView{run: run}
	var pushed *pushedFlow
	skip := func(from int) {
		for _, a := range node.Actions[from:] {
			s.sprint.Actions = append(s.sprint.Actions, &ActionRun{FlowUUID: run.flow.UUID, NodeUUID: node.UUID, ActionUUID: a.UUID(), Type: a.Type(), Outcome: ActionSkipped})
		}
	}
	for i, a := range node.Actions {
		if s.interrupt() {
			skip(i)
			return nil
		}
		began, logged := time.Now(), len(s.sprint.Events)
		err := a.Execute(s.ctx, view, s.log)
		rec := &ActionRun{FlowUUID: run.flow.UUID, NodeUUID: node.UUID, ActionUUID: a.UUID(), Type: a.Type(), Outcome: ActionOK, Duration: time.Since(began)}
		s.sprint.Actions = append(s.sprint.Actions, rec)
		if err != nil {
			rec.Outcome, rec.Error = ActionFailed, err.Error()
			s.fail(err.Error())
			skip(i + 1)
			return nil
		}
		if text := actionError(s.sprint.Events[logged:]); text != "" {
			rec.Outcome, rec.Error = ActionFailed, text
		}
		if s.failed {
			skip(i + 1)
			return nil
		}
		if s.pushed != nil {
			pushed = s.pushed
			s.pushed = nil
		}
	}
	if pushed == nil {
		return nil
	}
	flow, err := s.flow(pushed.flowUUID)
	if err != nil {
		s.fail(fmt.Sprintf("unable to find flow %s: %s", pushed.flowUUID, err))
		return nil
	}
	if depth(run) >= MaxSubflowDepth {
		s.fail(fmt.Sprintf("reached maximum subflow depth (%d)", MaxSubflowDepth))
		return nil
	}
	if pushed.terminal {
		// a terminal subflow replaces every run of the session: they all end, in the order
		// they started (a parent before the run that entered the subflow), before the child
		// starts
		for _, r := range s.runs {
			if !r.exited() {
				s.endRun(r, flows.RunStatusCompleted)
			}
		}
	}
	child := s.startRun(flow, run, pushed.terminal)
	child.terminal = pushed.terminal
	return child
}

func depth(r *Run) int {
	d := 0
	for ; r.parent != nil; r = r.parent {
		d++
	}
	return d
}

// wait pauses the session at a router's wait and logs what it waits for. It returns false
// when the wait can't begin (a dial wait whose number is invalid): the router then routes
// at once, without input.
func (s *Session) wait(run *Run, w *routers.Wait) bool {
	var dialTo string
	if w.Type == routers.WaitTypeDial {
		phone := run.view().EvaluateTemplate(w.Phone, nil, s.log)
		country := string(s.mergedEnv().DefaultCountry())
		number, err := urns.ParseNumber(phone, country, false)
		if err != nil {
			s.log(events.NewError(err.Error()))
			return false
		}
		dialTo = "tel:" + number
	}
	run.status = flows.RunStatusWaiting
	s.status = flows.SessionStatusWaiting
	expire := run.flow.ExpireAfterMinutes
	if expire <= 0 {
		expire = DefaultExpireAfterMinutes
	}
	now := s.now()
	expiresOn := now.Add(timeMinutes(expire))
	switch w.Type {
	case routers.WaitTypeDial:
		dialLimit, callLimit := w.DialLimitSeconds, w.CallLimitSeconds
		if dialLimit <= 0 {
			dialLimit = DefaultDialLimitSeconds
		}
		if callLimit <= 0 {
			callLimit = DefaultCallLimitSeconds
		}
		expiresOn = now.Add(time.Duration(dialLimit+callLimit) * time.Second)
		s.log(events.NewDialWait(dialTo, dialLimit, callLimit, expiresOn))
	default:
		var timeout *int
		if w.Timeout != nil {
			t := w.Timeout.Seconds
			timeout = &t
		}
		var hint any
		if w.Hint != nil {
			hint = w.Hint
		}
		s.log(events.NewMsgWait(timeout, expiresOn, hint))
	}
	run.modifiedOn = s.now()
	return true
}

func (s *Session) resumeType() string {
	if s.resume == nil {
		return ""
	}
	return s.resume.Type
}

func timeMinutes(m int) time.Duration { return time.Duration(m) * time.Minute }
