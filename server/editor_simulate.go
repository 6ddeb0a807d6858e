package server

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/definition/migrations"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
)

// editorSimulateInput is what the editor's simulator posts: the definition on the canvas
// (saved or not), the contact, and either a trigger (start) or the session of the last
// answer with a resume.
type editorSimulateInput struct {
	Flow    json.RawMessage `json:"flow"`
	Contact json.RawMessage `json:"contact"`
	Trigger json.RawMessage `json:"trigger"`
	Session json.RawMessage `json:"session"`
	Resume  json.RawMessage `json:"resume"`
}

// handleEditorSimulate runs the editor's current definition on Rivulet, storing nothing:
// a start when the body has a trigger, a resume when it has a session. The session and
// contact go back to the browser, which posts them with the next message.
func (s *Server) handleEditorSimulate(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	in := &editorSimulateInput{}
	// the simulator posts JSON as application/javascript: read it whatever the type says
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err := dec.Decode(in); err != nil {
		return describeJSONError(err)
	}
	wa, err := s.simulationAssets(r, u, in.Flow)
	if err != nil {
		return err
	}
	contact, err := s.simulationContact(wa, in.Contact)
	if err != nil {
		return err
	}
	var sess *engine.Session
	var sp *engine.Sprint
	switch {
	case len(in.Session) > 0:
		if sess, err = s.engine.ReadSession(wa.sa, in.Session, contact, nil); err != nil {
			return invalid("session", nil, "field 'session': %s", err)
		}
		if len(in.Resume) == 0 {
			return invalid("resume", nil, "field 'resume' is required with 'session'")
		}
		resume, err := resumes.Read(withMsgUUID(in.Resume))
		if err != nil {
			return invalid("resume", nil, "field 'resume': %s", err)
		}
		if sp, err = sess.Resume(r.Context(), resume); err != nil {
			return invalid("session", string(sess.Status()), "the conversation can't go on: %s (press home to start again)", err)
		}
	default:
		trigJSON := in.Trigger
		if len(trigJSON) == 0 {
			f := wa.sa.Collection.Flow(assetsUUID(u))
			trigJSON, _ = json.Marshal(map[string]any{"type": "manual", "flow": ref{UUID: u, Name: f.Name}, "triggered_on": s.clock.Now()})
		}
		trig, err := triggers.Read(trigJSON)
		if err != nil {
			return invalid("trigger", nil, "field 'trigger': %s", err)
		}
		if sess, sp, err = s.engine.NewSession(r.Context(), wa.sa, wa.settings, contact, trig, nil); err != nil {
			return invalid("trigger", nil, "unable to start: %s", err)
		}
	}
	return s.writeSimulation(w, sess, sp)
}

// simulationAssets are the workspace's assets with the flow replaced by the posted
// definition, migrated from the editor's spec and read by Rivulet's reader.
func (s *Server) simulationAssets(r *http.Request, u string, flow json.RawMessage) (*workspaceAssets, error) {
	wa, err := s.workspaceAssets(r.Context(), workspaceOf(r))
	if err != nil {
		return nil, err
	}
	if len(flow) == 0 {
		if wa.sa.Collection.Flow(assetsUUID(u)) == nil {
			return nil, invalid("flow", u, "no flow '%s' in the workspace and no 'flow' definition posted", u)
		}
		return wa, nil
	}
	migrated, err := migrations.MigrateToVersion(flow, nil)
	if err != nil {
		return nil, invalid("flow", nil, "field 'flow': %s", err)
	}
	def, err := definition.ReadFlow(migrated)
	if err != nil {
		return nil, invalid("flow", nil, "field 'flow': %s", err)
	}
	if string(def.UUID) != u {
		return nil, invalid("flow.uuid", string(def.UUID), "field 'flow.uuid' has invalid value '%s': the simulator runs flow %s", def.UUID, u)
	}
	doc, err := s.editorAssetsDoc(r)
	if err != nil {
		return nil, err
	}
	if err := putFlow(doc, u, migrated); err != nil {
		return nil, err
	}
	data, _ := json.Marshal(doc)
	sim, err := loadAssets(data, 0)
	if err != nil {
		return nil, invalid("flow", nil, "the workspace's assets with this flow don't read: %s", err)
	}
	return sim, nil
}

// withMsgUUID gives the simulator's message a UUID: the editor sends none.
func withMsgUUID(resume json.RawMessage) json.RawMessage {
	m, err := decodeObject(resume)
	if err != nil {
		return resume
	}
	if ev, ok := m["event"].(map[string]any); ok {
		if msg, ok := ev["msg"].(map[string]any); ok {
			if _, has := msg["uuid"]; !has {
				msg["uuid"] = uuid.NewString()
			}
			if msg["text"] == nil {
				msg["text"] = ""
			}
		}
		if _, has := ev["uuid"]; !has {
			ev["uuid"] = uuid.NewString()
		}
	}
	out, err := encodeObject(m)
	if err != nil {
		return resume
	}
	return out
}

// writeSimulation answers the simulator: session, contact, the sprint's events (without
// the contact's own message, which the editor shows itself) and the path segments.
func (s *Server) writeSimulation(w http.ResponseWriter, sess *engine.Session, sp *engine.Sprint) error {
	res, err := simulateResult(sess, sp)
	if err != nil {
		return err
	}
	evs := []json.RawMessage{}
	for i, e := range sp.Events {
		if e.Type() == "msg_received" {
			continue
		}
		evs = append(evs, res.Events[i])
	}
	segs := sp.Segments
	if segs == nil {
		segs = []*engine.Segment{}
	}
	contact := res.Contact
	if contact == nil {
		contact = json.RawMessage(`{}`)
	}
	return writeEditorJSON(w, http.StatusOK, map[string]any{"session": res.Session, "contact": contact, "events": evs,
		"segments": segs, "context": map[string]any{}, "status": strings.ToLower(res.Status)})
}
