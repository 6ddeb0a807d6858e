package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/buger/jsonparser"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/store"
)

// Session statuses the server sets itself, beside the engine's.
const (
	statusWaiting     = "waiting"
	statusInterrupted = "interrupted"
	statusExpired     = "expired"
	statusFailed      = "failed"
)

// SessionView is how the API shows a stored session.
type SessionView struct {
	UUID        string          `json:"uuid"`
	ContactUUID string          `json:"contact_uuid"`
	Status      string          `json:"status"`
	FlowUUID    string          `json:"flow_uuid"`
	TimeoutOn   *time.Time      `json:"timeout_on,omitempty"`
	ExpiresOn   *time.Time      `json:"expires_on,omitempty"`
	CreatedOn   time.Time       `json:"created_on"`
	ModifiedOn  time.Time       `json:"modified_on"`
	Session     json.RawMessage `json:"session,omitempty"`
}

func viewSession(ss *store.Session, withData bool) *SessionView {
	if ss == nil {
		return nil
	}
	v := &SessionView{UUID: ss.UUID, ContactUUID: ss.ContactUUID, Status: ss.Status, FlowUUID: ss.FlowUUID,
		TimeoutOn: ss.TimeoutOn, ExpiresOn: ss.ExpiresOn, CreatedOn: ss.CreatedOn, ModifiedOn: ss.ModifiedOn}
	if withData {
		v.Session = ss.Data
	}
	return v
}

// SprintResult is what the API answers after a sprint: the contact as it is now, the
// session it left (nil when none started) and the events logged, oldest first.
type SprintResult struct {
	Contact json.RawMessage   `json:"contact"`
	Session *SessionView      `json:"session"`
	Events  []json.RawMessage `json:"events"`
	// Duplicate is set when the request's work was done before (a retried message with
	// the same external_id): nothing was run again and Events is empty.
	Duplicate bool `json:"duplicate,omitempty"`

	// marshaled is set when Contact and every event are in json.Marshal's own form
	// (written by it or a writer held to it just now), so the answer can be written
	// around them as they are (appendJSON).
	marshaled bool
}

// sprintCtx is one locked sprint under way: the contact's state and what will be written.
type sprintCtx struct {
	s       *Server
	ctx     context.Context
	ws      *store.Workspace
	wa      *workspaceAssets
	state   *store.SprintState
	contact *flows.Contact
	log     *slog.Logger

	write   store.SprintWrite
	result  SprintResult
	session *store.Session
	changed bool
	// outgoing are the sprint's events for the subscriptions, once committed.
	outgoing []*outEvent
	kind     string
	// eng runs the sessions: the server's engine, or a dry run's on its recorder.
	eng *engine.Engine
	// dry is set in a dry run: nothing the sprint does is counted as done.
	dry bool
}

// newSprintCtx reads the contact of a sprint's state into a sprint under way.
func (s *Server) newSprintCtx(ctx context.Context, ws *store.Workspace, wa *workspaceAssets, st *store.SprintState, kind string) (*sprintCtx, error) {
	contact, err := flows.ReadContact(wa.sa.Collection, st.Contact.Data, nil)
	if err != nil {
		return nil, fmt.Errorf("stored contact %s doesn't read: %w", st.Contact.UUID, err)
	}
	return &sprintCtx{s: s, ctx: ctx, ws: ws, wa: wa, state: st, contact: contact, kind: kind, eng: s.engine,
		log: s.log.With("workspace", ws.UUID, "contact", st.Contact.UUID, "kind", kind)}, nil
}

// sprint locks the contact and calls fn to decide what happens, then writes everything fn
// did in one transaction.
func (s *Server) sprint(ctx context.Context, ws *store.Workspace, contactUUID, kind string, fn func(c *sprintCtx) error) (*SprintResult, error) {
	wa, err := s.workspaceAssets(ctx, ws)
	if err != nil {
		return nil, err
	}
	var out *SprintResult
	var sc *sprintCtx
	start := time.Now()
	err = s.store.Sprint(ctx, ws.ID, contactUUID, func(ctx context.Context, st *store.SprintState) (*store.SprintWrite, error) {
		c, err := s.newSprintCtx(ctx, ws, wa, st, kind)
		if err != nil {
			return nil, err
		}
		if err := fn(c); err != nil {
			return nil, err
		}
		out = &c.result
		if err := c.queueOutgoing(); err != nil {
			return nil, err
		}
		sc = c
		return c.finish()
	})
	if err != nil {
		return nil, err
	}
	s.metrics.sprints.WithLabelValues(kind).Inc()
	s.metrics.sprintDuration.WithLabelValues(kind).Observe(time.Since(start).Seconds())
	if len(out.Events) > 0 {
		s.notify.broadcast(ws.ID)
	}
	if sc != nil {
		s.out.afterCommit(ws.ID, sc.outgoing, len(sc.write.Deliveries) > 0)
	}
	return out, nil
}

// finish turns the sprint's changes into the store's write.
func (c *sprintCtx) finish() (*store.SprintWrite, error) {
	rec, err := contactRecord(c.contact, nil, nil)
	if err != nil {
		return nil, err
	}
	rec.CreatedOn = c.state.Contact.CreatedOn
	rec.ModifiedOn = c.s.clock.Now()
	c.result.Contact = rec.Data
	if c.changed || string(rec.Data) != string(c.state.Contact.Data) {
		c.write.Contact = rec
	}
	if c.result.Events == nil {
		c.result.Events = []json.RawMessage{}
	}
	c.result.Session = viewSession(c.session, false)
	c.result.marshaled = true
	if c.write.Contact == nil && len(c.write.Sessions) == 0 && len(c.write.Events) == 0 {
		return nil, nil
	}
	return &c.write, nil
}

// addEvent appends an event to the log and the answer.
func (c *sprintCtx) addEvent(uuid, sessionUUID, typ string, data json.RawMessage, created time.Time) {
	c.write.Events = append(c.write.Events, &store.Event{UUID: uuid, ContactUUID: string(c.contact.UUID()), SessionUUID: sessionUUID,
		Type: typ, Data: data, CreatedOn: created})
	c.result.Events = append(c.result.Events, data)
}

// waitingSession reads the contact's waiting session, nil when there is none. A stored
// session that no longer reads (its flow was removed, say) is failed and left behind.
func (c *sprintCtx) waitingSession() *engine.Session {
	w := c.state.Waiting
	if w == nil {
		return nil
	}
	sess, err := c.eng.ReadSession(c.wa.sa, w.Data, c.contact, nil)
	if err != nil {
		c.log.Warn("waiting session doesn't read, failing it", "session", w.UUID, "error", err)
		c.endWaiting(statusFailed)
		return nil
	}
	return sess
}

// endWaiting ends the waiting session (and its unfinished runs) with the status given.
func (c *sprintCtx) endWaiting(status string) *store.Session {
	w := c.state.Waiting
	if w == nil {
		return nil
	}
	now := c.s.clock.Now()
	w.Status, w.TimeoutOn, w.ExpiresOn, w.ModifiedOn = status, nil, nil, now
	c.write.Sessions = append(c.write.Sessions, w)
	runs, err := sessionRuns(w, w.Data)
	if err == nil {
		for _, r := range runs {
			if r.Status == "waiting" || r.Status == "active" {
				r.Status, r.ModifiedOn, r.ExitedOn = status, now, &now
				c.write.Runs = append(c.write.Runs, r)
			}
		}
	}
	c.state.Waiting = nil
	c.session = w
	return w
}

// start begins a new session from a trigger (JSON as the engine reads it).
func (c *sprintCtx) start(trigJSON []byte, call *flows.Call) error {
	trig, err := triggers.Read(trigJSON)
	if err != nil {
		return fmt.Errorf("server built an unreadable trigger: %w", err)
	}
	sess, sp, err := c.eng.NewSession(c.ctx, c.wa.sa, c.wa.settings, c.contact, trig, call)
	if err != nil {
		return fmt.Errorf("unable to start session: %w", err)
	}
	return c.record(sess, sp, nil)
}

// resume continues the waiting session with a resume (JSON as the engine reads it).
func (c *sprintCtx) resume(sess *engine.Session, resumeJSON []byte) error {
	r, err := resumes.Read(resumeJSON)
	if err != nil {
		return fmt.Errorf("server built an unreadable resume: %w", err)
	}
	sp, err := sess.Resume(c.ctx, r)
	if err != nil {
		return err
	}
	return c.record(sess, sp, c.state.Waiting)
}

// record adds the session, its runs and the sprint's events to the write.
func (c *sprintCtx) record(sess *engine.Session, sp *engine.Sprint, prev *store.Session) error {
	// MarshalJSON's text is what json.Marshal(sess) writes (compact, HTML-safe) without
	// encoding/json's scan of it
	data, err := sess.MarshalJSON()
	if err != nil {
		return fmt.Errorf("unable to write session: %w", err)
	}
	now := c.s.clock.Now()
	rec := &store.Session{UUID: string(sess.UUID()), ContactUUID: string(c.contact.UUID()), Status: string(sess.Status()),
		Data: data, CreatedOn: now, ModifiedOn: now}
	if prev != nil {
		rec.CreatedOn = prev.CreatedOn
	}
	runs, err := sessionRuns(rec, data)
	if err != nil {
		return err
	}
	for _, r := range runs {
		if rec.FlowUUID == "" || r.Status == "waiting" {
			rec.FlowUUID = r.FlowUUID
		}
	}
	c.write.Runs = append(c.write.Runs, runs...)
	for _, e := range sp.Events {
		ed, err := events.Marshal(e)
		if err != nil {
			return fmt.Errorf("unable to write event %s: %w", e.Type(), err)
		}
		switch ev := e.(type) {
		case *events.MsgWait:
			rec.TimeoutOn, rec.ExpiresOn = nil, nil
			if ev.TimeoutSeconds != nil {
				t := ev.CreatedOn().Add(time.Duration(*ev.TimeoutSeconds) * time.Second)
				rec.TimeoutOn = &t
			}
			if !ev.ExpiresOn.IsZero() {
				t := ev.ExpiresOn
				rec.ExpiresOn = &t
			}
		case *events.DialWait:
			rec.TimeoutOn = nil
			if !ev.ExpiresOn.IsZero() {
				t := ev.ExpiresOn
				rec.ExpiresOn = &t
			}
		case *events.WebhookCalled:
			if c.dry {
				break // a dry run calls nothing
			}
			status, _ := jsonparser.GetString(ed, "status")
			c.s.metrics.webhooks.WithLabelValues(status).Inc()
		}
		c.addEvent(string(e.UUID()), rec.UUID, e.Type(), ed, e.CreatedOn())
	}
	if rec.Status != statusWaiting {
		rec.TimeoutOn, rec.ExpiresOn = nil, nil
	}
	c.write.Sessions = append(c.write.Sessions, rec)
	c.addRecord(rec.UUID, sp)
	c.session = rec
	c.changed = true
	c.log.Debug("sprint", "session", rec.UUID, "flow", rec.FlowUUID, "status", rec.Status, "events", len(sp.Events))
	return nil
}

// errNoWaitingSession is returned by an interrupt when there is nothing to interrupt.
var errNoWaitingSession = errors.New("no waiting session")
