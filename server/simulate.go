package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
)

// simulateStartInput is the body of POST /simulate/start: a flow of the workspace (or a
// whole trigger) and an optional contact; nothing is stored.
type simulateStartInput struct {
	Flow    string          `json:"flow"`
	Trigger json.RawMessage `json:"trigger"`
	Contact json.RawMessage `json:"contact"`
	Text    string          `json:"text"`
	Params  json.RawMessage `json:"params"`
}

// simulateResumeInput is the body of POST /simulate/resume: the session and contact from
// the last answer and either a text reply or a whole resume.
type simulateResumeInput struct {
	Session json.RawMessage `json:"session"`
	Contact json.RawMessage `json:"contact"`
	Text    *string         `json:"text"`
	Resume  json.RawMessage `json:"resume"`
}

// SimulateResult is the answer of the simulate endpoints.
type SimulateResult struct {
	Status  string            `json:"status"`
	Session json.RawMessage   `json:"session"`
	Contact json.RawMessage   `json:"contact"`
	Events  []json.RawMessage `json:"events"`
}

func simulateResult(sess *engine.Session, sp *engine.Sprint) (*SimulateResult, error) {
	data, err := json.Marshal(sess)
	if err != nil {
		return nil, err
	}
	res := &SimulateResult{Status: string(sess.Status()), Session: data, Events: []json.RawMessage{}}
	if c := sess.Contact(); c != nil {
		if res.Contact, err = json.Marshal(c); err != nil {
			return nil, err
		}
	}
	for _, e := range sp.Events {
		ed, err := events.Marshal(e)
		if err != nil {
			return nil, err
		}
		res.Events = append(res.Events, ed)
	}
	return res, nil
}

// simulationURN is the URN of a simulated contact when the request has none.
const simulationURN = "tel:+12065550100"

func (s *Server) simulationContact(wa *workspaceAssets, data json.RawMessage) (*flows.Contact, error) {
	if len(data) == 0 {
		data, _ = json.Marshal(map[string]any{"uuid": uuid.NewString(), "status": "active", "created_on": s.clock.Now(), "urns": []string{simulationURN}})
	}
	c, err := flows.ReadContact(wa.sa.Collection, data, nil)
	if err != nil {
		msg := strings.TrimPrefix(err.Error(), "unable to read contact: ")
		return nil, invalid("contact."+fieldOf(msg), nil, "field 'contact': %s", msg)
	}
	return c, nil
}

func (s *Server) handleSimulateStart(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	in := &simulateStartInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	wa, err := s.workspaceAssets(r.Context(), ws)
	if err != nil {
		return err
	}
	contact, err := s.simulationContact(wa, in.Contact)
	if err != nil {
		return err
	}
	trigJSON := in.Trigger
	if len(trigJSON) == 0 {
		if !isUUID(in.Flow) {
			return invalid("flow", in.Flow, "field 'flow' has invalid value '%s': a flow UUID (or a whole 'trigger') is required", in.Flow)
		}
		f := wa.sa.Collection.Flow(assetsUUID(in.Flow))
		if f == nil {
			return invalid("flow", in.Flow, "field 'flow' has invalid value '%s': no such flow in the workspace", in.Flow)
		}
		now := s.clock.Now()
		trig := map[string]any{"type": "manual", "flow": ref{UUID: in.Flow, Name: f.Name}, "triggered_on": now}
		if in.Params != nil {
			trig["params"] = in.Params
		}
		if err := checkText("text", in.Text); err != nil {
			return err
		}
		if in.Text != "" {
			urn := simulationURN
			if us := contact.URNs(); len(us) > 0 {
				urn = string(us[0].URN())
			}
			_, evt, err := newMsgReceived(urn, in.Text, nil, nil, now)
			if err != nil {
				return err
			}
			trig["type"], trig["event"] = "msg", json.RawMessage(evt)
		}
		trigJSON, _ = json.Marshal(trig)
	}
	trig, err := triggers.Read(trigJSON)
	if err != nil {
		return invalid("trigger", nil, "field 'trigger': %s", err)
	}
	sess, sp, err := s.engine.NewSession(r.Context(), wa.sa, wa.settings, contact, trig, nil)
	if err != nil {
		return invalid("trigger", nil, "unable to start: %s", err)
	}
	res, err := simulateResult(sess, sp)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) handleSimulateResume(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	in := &simulateResumeInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	if len(in.Session) == 0 {
		return invalid("session", nil, "field 'session' is required")
	}
	wa, err := s.workspaceAssets(r.Context(), ws)
	if err != nil {
		return err
	}
	contact, err := s.simulationContact(wa, in.Contact)
	if err != nil {
		return err
	}
	sess, err := s.engine.ReadSession(wa.sa, in.Session, contact, nil)
	if err != nil {
		return invalid("session", nil, "field 'session': %s", err)
	}
	resumeJSON := in.Resume
	if len(resumeJSON) == 0 {
		if in.Text == nil {
			return invalid("text", nil, "one of 'text' or 'resume' is required")
		}
		if err := checkText("text", *in.Text); err != nil {
			return err
		}
		now := s.clock.Now()
		urn := simulationURN
		if us := contact.URNs(); len(us) > 0 {
			urn = string(us[0].URN())
		}
		_, evt, err := newMsgReceived(urn, *in.Text, nil, nil, now)
		if err != nil {
			return err
		}
		if resumeJSON, err = msgResumeJSON(evt, now); err != nil {
			return err
		}
	}
	resume, err := resumes.Read(resumeJSON)
	if err != nil {
		return invalid("resume", nil, "field 'resume': %s", err)
	}
	sp, err := sess.Resume(r.Context(), resume)
	if err != nil {
		return invalid("session", string(sess.Status()), "unable to resume: %s", err)
	}
	res, err := simulateResult(sess, sp)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}
