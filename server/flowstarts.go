package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/store"
)

// flowStartInput is the body of POST /flow_starts.
type flowStartInput struct {
	Flow          string          `json:"flow"`
	Contacts      []string        `json:"contacts"`
	URNs          []string        `json:"urns"`
	Groups        []string        `json:"groups"`
	Params        json.RawMessage `json:"params"`
	ExcludeActive bool            `json:"exclude_active"`
}

// FlowStartView is how the API shows a flow start and its progress.
type FlowStartView struct {
	UUID       string    `json:"uuid"`
	Flow       string    `json:"flow"`
	Status     string    `json:"status"`
	Total      int       `json:"total"`
	Started    int       `json:"started"`
	Skipped    int       `json:"skipped"`
	Failed     int       `json:"failed"`
	CreatedOn  time.Time `json:"created_on"`
	ModifiedOn time.Time `json:"modified_on"`
}

func viewFlowStart(fs *store.FlowStart) *FlowStartView {
	return &FlowStartView{UUID: fs.UUID, Flow: fs.FlowUUID, Status: fs.Status, Total: fs.Total, Started: fs.Started,
		Skipped: fs.Skipped, Failed: fs.Failed, CreatedOn: fs.CreatedOn, ModifiedOn: fs.ModifiedOn}
}

func (s *Server) handleCreateFlowStart(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	in := &flowStartInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	if !isUUID(in.Flow) {
		return invalid("flow", in.Flow, "field 'flow' has invalid value '%s': a flow UUID is required", in.Flow)
	}
	f, err := s.store.Flow(r.Context(), ws.ID, in.Flow)
	if err != nil {
		if p := asProblem(err, "", "", nil); p != err {
			return invalid("flow", in.Flow, "field 'flow' has invalid value '%s': no such flow in the workspace", in.Flow)
		}
		return err
	}
	if len(in.Contacts)+len(in.URNs)+len(in.Groups) == 0 {
		return invalid("contacts", nil, "one of 'contacts', 'urns' or 'groups' is required")
	}
	for i, c := range in.Contacts {
		if !isUUID(c) {
			return invalid(fmt.Sprintf("contacts[%d]", i), c, "field 'contacts[%d]' has invalid value '%s': not a UUID", i, c)
		}
	}
	urnList := make([]string, len(in.URNs))
	for i, u := range in.URNs {
		if urnList[i], err = normalizeURN(fmt.Sprintf("urns[%d]", i), u); err != nil {
			return err
		}
	}
	wa, err := s.workspaceAssets(r.Context(), ws)
	if err != nil {
		return err
	}
	for i, g := range in.Groups {
		if !isUUID(g) || wa.sa.Groups.Get(assetsUUID(g)) == nil {
			return invalid(fmt.Sprintf("groups[%d]", i), g, "field 'groups[%d]' has invalid value '%s': no such group in the workspace's assets", i, g)
		}
	}
	if in.Params != nil && (len(in.Params) == 0 || in.Params[0] != '{') {
		return invalid("params", string(in.Params), "field 'params' must be an object")
	}
	in.URNs = urnList
	req, _ := json.Marshal(in)
	now := s.clock.Now()
	fs := &store.FlowStart{UUID: uuid.NewString(), FlowUUID: f.UUID, Status: "pending", Request: req, CreatedOn: now, ModifiedOn: now}
	if err := s.store.CreateFlowStart(r.Context(), ws.ID, fs); err != nil {
		return err
	}
	s.bg.Add(1)
	s.metrics.flowStarts.Inc()
	go func() {
		defer s.bg.Done()
		defer s.metrics.flowStarts.Dec()
		s.runFlowStart(s.ctx, ws, fs, in, &ref{UUID: f.UUID, Name: f.Name})
	}()
	return writeJSON(w, http.StatusAccepted, map[string]any{"flow_start": viewFlowStart(fs)})
}

// runFlowStart starts the flow for each contact of the start, saving progress as it goes.
func (s *Server) runFlowStart(ctx context.Context, ws *store.Workspace, fs *store.FlowStart, in *flowStartInput, flow *ref) {
	log := s.log.With("workspace", ws.UUID, "flow_start", fs.UUID, "flow", flow.UUID)
	save := func() {
		fs.ModifiedOn = s.clock.Now()
		if err := s.store.UpdateFlowStart(context.WithoutCancel(ctx), ws.ID, fs); err != nil {
			log.Error("unable to save flow start progress", "error", err)
		}
	}
	contacts, err := s.flowStartContacts(ctx, ws, in)
	if err != nil {
		log.Error("unable to list flow start contacts", "error", err)
		fs.Status = "failed"
		save()
		return
	}
	fs.Status, fs.Total = "started", len(contacts)
	save()
	for i, cu := range contacts {
		if ctx.Err() != nil {
			fs.Status = "interrupted"
			save()
			return
		}
		_, err := s.sprint(ctx, ws, cu, "flow_start", func(c *sprintCtx) error {
			if c.state.Waiting != nil {
				if in.ExcludeActive {
					fs.Skipped++
					return nil
				}
				c.endWaiting(statusInterrupted)
			}
			trig := map[string]any{"type": "manual", "flow": flow, "triggered_on": s.clock.Now(), "batch": true}
			if in.Params != nil {
				trig["params"] = in.Params
			}
			tj, _ := json.Marshal(trig)
			if err := c.start(tj, nil); err != nil {
				return err
			}
			fs.Started++
			return nil
		})
		if err != nil {
			fs.Failed++
			log.Warn("flow start failed for a contact", "contact", cu, "error", err)
		}
		if (i+1)%flowStartBatchSave == 0 {
			save()
		}
	}
	fs.Status = "completed"
	save()
	log.Info("flow start completed", "started", fs.Started, "skipped", fs.Skipped, "failed", fs.Failed)
}

// flowStartContacts lists, once each, the contacts a start is for: those named, those of
// the URNs (created when new) and the members of the groups.
func (s *Server) flowStartContacts(ctx context.Context, ws *store.Workspace, in *flowStartInput) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(u string) {
		if !seen[u] {
			seen[u] = true
			out = append(out, u)
		}
	}
	for _, c := range in.Contacts {
		if _, err := s.store.Contact(ctx, ws.ID, c); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			return nil, err
		}
		add(c)
	}
	wa, err := s.workspaceAssets(ctx, ws)
	if err != nil {
		return nil, err
	}
	for _, u := range in.URNs {
		cu, err := s.contactFor(ctx, ws, wa, u)
		if err != nil {
			return nil, err
		}
		add(cu)
	}
	if len(in.Groups) > 0 {
		after := ""
		for {
			page, err := s.store.Contacts(ctx, ws.ID, after, 500)
			if err != nil {
				return nil, err
			}
			for _, c := range page {
				var doc struct {
					Groups []struct {
						UUID string `json:"uuid"`
					} `json:"groups"`
				}
				json.Unmarshal(c.Data, &doc)
				for _, g := range doc.Groups {
					if contains(in.Groups, g.UUID) {
						add(c.UUID)
						break
					}
				}
				after = c.UUID
			}
			if len(page) < 500 {
				break
			}
		}
	}
	return out, nil
}

func (s *Server) handleGetFlowStart(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	fs, err := s.store.FlowStart(r.Context(), workspaceOf(r).ID, u)
	if err != nil {
		return asProblem(err, "flow start", "uuid", u)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"flow_start": viewFlowStart(fs)})
}
