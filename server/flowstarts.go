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
	// DryRun runs the start at once for at most maxDryRunContacts contacts, storing and
	// sending nothing; HTTPMocks answer its webhooks.
	DryRun    bool            `json:"dry_run,omitempty"`
	HTTPMocks json.RawMessage `json:"http_mocks,omitempty"`
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
	if err := checkMocks(in.HTTPMocks, in.DryRun); err != nil {
		return err
	}
	in.URNs = urnList
	if in.DryRun {
		return s.dryFlowStart(w, r, ws, in, &ref{UUID: f.UUID, Name: f.Name})
	}
	req, _ := json.Marshal(in)
	now := s.clock.Now()
	lease := now.Add(s.lease)
	fs := &store.FlowStart{UUID: uuid.NewString(), FlowUUID: f.UUID, Status: "pending", Request: req, CreatedOn: now, ModifiedOn: now, LeaseUntil: &lease}
	if err := s.store.CreateFlowStart(r.Context(), ws.ID, fs); err != nil {
		return err
	}
	s.goFlowStart(ws, fs, in, &ref{UUID: f.UUID, Name: f.Name})
	return writeJSON(w, http.StatusAccepted, map[string]any{"flow_start": viewFlowStart(fs)})
}

// goFlowStart runs a flow start this worker holds the lease of, in the background.
func (s *Server) goFlowStart(ws *store.Workspace, fs *store.FlowStart, in *flowStartInput, flow *ref) {
	s.bg.Add(1)
	s.metrics.flowStarts.Inc()
	snapshot := *fs // the answer shows it as created
	go func() {
		defer s.bg.Done()
		defer s.metrics.flowStarts.Dec()
		s.runFlowStart(s.ctx, ws, &snapshot, in, flow)
	}()
}

// ResumeFlowStarts claims the flow starts whose worker died or let go (their lease ran
// out) and carries on with them in the background, returning how many it took. A start
// taken over goes through its contacts again from the first: those done already are
// recognised by their key and counted as started without running again.
func (s *Server) ResumeFlowStarts(ctx context.Context) (int, error) {
	now := s.clock.Now()
	claims, err := s.store.ClaimFlowStarts(ctx, now, now.Add(s.lease), dueBatch)
	if err != nil {
		return 0, err
	}
	for _, c := range claims {
		fs := c.Start
		ws, err := s.store.Workspace(ctx, c.WorkspaceID)
		if err == nil {
			in := &flowStartInput{}
			if err = json.Unmarshal(fs.Request, in); err == nil {
				var f *store.Flow
				if f, err = s.store.Flow(ctx, ws.ID, fs.FlowUUID); err == nil {
					s.log.Info("taking over flow start", "workspace", ws.UUID, "flow_start", fs.UUID, "started", fs.Started)
					fs.Started, fs.Skipped, fs.Failed = 0, 0, 0
					s.goFlowStart(ws, fs, in, &ref{UUID: f.UUID, Name: f.Name})
					continue
				}
			}
		}
		s.log.Error("unable to take over flow start, failing it", "flow_start", fs.UUID, "error", err)
		fs.Status, fs.LeaseUntil, fs.ModifiedOn = "failed", nil, now
		if ws != nil {
			if err := s.store.UpdateFlowStart(ctx, ws.ID, fs); err != nil {
				s.log.Error("unable to save flow start", "flow_start", fs.UUID, "error", err)
			}
		}
	}
	return len(claims), nil
}

// runFlowStart lists the contacts of a start this worker holds the lease of and splits
// them into batches that any worker may claim and run (see flowstart_batches.go), then
// runs batches itself. Stopped by the server's shutdown before the batches are saved, it
// lets the lease go for another worker to list them at once.
func (s *Server) runFlowStart(ctx context.Context, ws *store.Workspace, fs *store.FlowStart, in *flowStartInput, flow *ref) {
	log := s.log.With("workspace", ws.UUID, "flow_start", fs.UUID, "flow", flow.UUID)
	contacts, err := s.flowStartContacts(ctx, ws, in, false)
	if err != nil {
		fs.ModifiedOn = s.clock.Now()
		if ctx.Err() != nil {
			fs.LeaseUntil = &fs.ModifiedOn // let go: another worker carries on
			log.Info("flow start left to another worker")
		} else {
			log.Error("unable to list flow start contacts", "error", err)
			fs.Status, fs.LeaseUntil = "failed", nil
		}
		if err := s.store.UpdateFlowStart(context.WithoutCancel(ctx), ws.ID, fs); err != nil {
			log.Error("unable to save flow start", "error", err)
		}
		return
	}
	var batches [][]string
	for i := 0; i < len(contacts); i += flowStartBatchSize {
		var b []string
		for _, c := range contacts[i:min(i+flowStartBatchSize, len(contacts))] {
			b = append(b, c.uuid)
		}
		batches = append(batches, b)
	}
	fs.Total, fs.ModifiedOn = len(contacts), s.clock.Now()
	if err := s.store.StartFlowStartBatches(context.WithoutCancel(ctx), ws.ID, fs, batches); err != nil {
		log.Error("unable to save flow start batches", "error", err)
		return // the lease runs out and another worker lists the contacts again
	}
	log.Info("flow start split into batches", "total", fs.Total, "batches", len(batches))
	s.runFlowStartBatches(ctx)
}

// flowStartSprint is what a start does for each contact, counting it in fs: skip it when
// it is in a flow and the start excludes those, or interrupt that flow, then start.
func (s *Server) flowStartSprint(in *flowStartInput, flow *ref, fs *store.FlowStart) func(c *sprintCtx) error {
	return func(c *sprintCtx) error {
		if fs.UUID != "" {
			if done, err := c.once(flowStartKey(fs.UUID, string(c.contact.UUID()))); done || err != nil {
				if done {
					fs.Started++ // by this start, before a take-over
				}
				return err
			}
		}
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
	}
}

// dryFlowStart runs a flow start as a dry run, for each contact while the request waits,
// and answers what each would have done.
func (s *Server) dryFlowStart(w http.ResponseWriter, r *http.Request, ws *store.Workspace, in *flowStartInput, flow *ref) error {
	targets, err := s.flowStartContacts(r.Context(), ws, in, true)
	if err != nil {
		return err
	}
	fs := &store.FlowStart{}
	res := &DryFlowStartResult{DryRun: true, Flow: flow, Total: len(targets), Contacts: []*DryStartContact{}}
	for _, t := range targets {
		dr, err := s.newDryRunner(in.HTTPMocks)
		if err != nil {
			return err
		}
		skipped := fs.Skipped
		one, err := s.drySprint(r.Context(), ws, t, "flow_start", dr, s.flowStartSprint(in, flow, fs))
		entry := &DryStartContact{ContactUUID: t.uuid, DryRunResult: one}
		switch {
		case err != nil:
			if r.Context().Err() != nil {
				return r.Context().Err()
			}
			fs.Failed++
			entry.Error = err.Error()
		case fs.Skipped > skipped:
			entry.Skipped = true
		}
		res.Contacts = append(res.Contacts, entry)
	}
	res.Started, res.Skipped, res.Failed = fs.Started, fs.Skipped, fs.Failed
	return writeJSON(w, http.StatusOK, res)
}

// flowStartContacts lists, once each, the contacts a start is for: those named, those of
// the URNs (created when new; kept in memory in a dry run) and the members of the groups.
// A dry run is refused past maxDryRunContacts, naming the field that goes beyond.
func (s *Server) flowStartContacts(ctx context.Context, ws *store.Workspace, in *flowStartInput, dry bool) ([]target, error) {
	seen := map[string]bool{}
	var out []target
	add := func(t target, field string) error {
		if seen[t.uuid] {
			return nil
		}
		if dry && len(out) == maxDryRunContacts {
			return invalid(field, nil, "field '%s' takes the dry run beyond %d contacts: a dry run is for at most %d", field, maxDryRunContacts, maxDryRunContacts)
		}
		seen[t.uuid] = true
		out = append(out, t)
		return nil
	}
	for i, c := range in.Contacts {
		if _, err := s.store.Contact(ctx, ws.ID, c); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			return nil, err
		}
		if err := add(target{uuid: c}, fmt.Sprintf("contacts[%d]", i)); err != nil {
			return nil, err
		}
	}
	wa, err := s.workspaceAssets(ctx, ws)
	if err != nil {
		return nil, err
	}
	for i, u := range in.URNs {
		var t target
		if dry {
			t, err = s.dryContact(ctx, ws, wa, u)
		} else {
			t.uuid, err = s.contactFor(ctx, ws, wa, u)
		}
		if err != nil {
			return nil, err
		}
		if err := add(t, fmt.Sprintf("urns[%d]", i)); err != nil {
			return nil, err
		}
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
					if i := index(in.Groups, g.UUID); i >= 0 {
						if err := add(target{uuid: c.UUID}, fmt.Sprintf("groups[%d]", i)); err != nil {
							return nil, err
						}
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

// index is the position of s in list, -1 when it is not there.
func index(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
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
