package server

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/definition/migrations"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/store"
)

// workspaceAssets is a workspace's assets as sessions read them, kept per assets version:
// flows are read and migrated once, then shared by every sprint.
type workspaceAssets struct {
	version  int64
	sa       *engine.Assets
	settings envs.Settings
}

// emptyAssets is what a workspace without uploaded assets runs against.
var emptyAssets = []byte(`{}`)

// workspaceAssets returns the current assets of the workspace.
func (s *Server) workspaceAssets(ctx context.Context, ws *store.Workspace) (*workspaceAssets, error) {
	s.mu.Lock()
	a := s.assets[ws.ID]
	s.mu.Unlock()
	if a != nil && a.version == ws.AssetsVersion {
		return a, nil
	}
	// the cached workspace may be older than the database
	fresh, err := s.store.Workspace(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	if a != nil && a.version == fresh.AssetsVersion {
		return a, nil
	}
	doc, err := s.store.Assets(ctx, ws.ID)
	if err != nil {
		return nil, err
	}
	a, err = loadAssets(doc, fresh.AssetsVersion)
	if err != nil {
		return nil, fmt.Errorf("stored assets of workspace %d don't read: %w", ws.ID, err)
	}
	s.mu.Lock()
	s.assets[ws.ID] = a
	s.mu.Unlock()
	return a, nil
}

func loadAssets(doc []byte, version int64) (*workspaceAssets, error) {
	if doc == nil {
		doc = emptyAssets
	}
	src, err := static.ReadSource(doc)
	if err != nil {
		return nil, err
	}
	var env struct {
		Environment json.RawMessage `json:"environment"`
	}
	json.Unmarshal(doc, &env)
	settings, err := envs.ReadSettings(env.Environment)
	if err != nil {
		return nil, fmt.Errorf("field 'environment': %w", err)
	}
	return &workspaceAssets{version: version, sa: engine.NewAssets(src.Collection()), settings: settings}, nil
}

type flowSummary struct {
	UUID        string    `json:"uuid"`
	Name        string    `json:"name"`
	Type        string    `json:"type"`
	SpecVersion string    `json:"spec_version"`
	Revision    int       `json:"revision"`
	ModifiedOn  time.Time `json:"modified_on"`
}

func summarize(f *store.Flow) *flowSummary {
	return &flowSummary{UUID: f.UUID, Name: f.Name, Type: f.Type, SpecVersion: f.SpecVersion, Revision: f.Revision, ModifiedOn: f.ModifiedOn}
}

// handlePutAssets replaces the workspace's assets with an assets or export file. Every flow
// is migrated to the current spec and read; one that fails refuses the whole upload.
func (s *Server) handlePutAssets(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err != nil {
		return describeJSONError(err)
	}
	if !json.Valid(body) {
		var v any
		return describeJSONError(json.Unmarshal(body, &v))
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil {
		return badRequest("", nil, "the assets must be a JSON object")
	}
	migrated, err := migrations.MigrateAssets(body, nil)
	if err != nil {
		return invalid("flows", nil, "unable to migrate flows: %s", err)
	}
	src, err := static.ReadSource(migrated)
	if err != nil {
		return invalid("", nil, "%s", err)
	}
	if _, err := loadAssets(migrated, 0); err != nil {
		return invalid("environment", nil, "%s", err)
	}
	var flows []*store.Flow
	for i, f := range src.Flows() {
		def, err := definition.ReadFlow(f.Definition)
		if err != nil {
			return invalid(fmt.Sprintf("flows[%d]", i), string(f.UUID), "flow '%s' (%s) is invalid: %s", f.Name, f.UUID, err)
		}
		flows = append(flows, &store.Flow{UUID: string(f.UUID), Name: def.Name, Type: string(def.Type),
			SpecVersion: migrations.CurrentVersion.String(), Definition: f.Definition})
	}
	if err := s.store.SaveAssets(r.Context(), ws.ID, migrated, flows, s.clock.Now()); err != nil {
		return err
	}
	s.forgetWorkspace(ws.ID)
	out := make([]*flowSummary, len(flows))
	for i, f := range flows {
		out[i] = summarize(f)
	}
	s.log.Info("assets saved", "workspace", ws.UUID, "flows", len(flows))
	return writeJSON(w, http.StatusOK, map[string]any{"flows": out})
}

func (s *Server) handleListFlows(w http.ResponseWriter, r *http.Request) error {
	flows, err := s.store.Flows(r.Context(), workspaceOf(r).ID)
	if err != nil {
		return err
	}
	out := make([]*flowSummary, len(flows))
	for i, f := range flows {
		out[i] = summarize(f)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"flows": out})
}

func (s *Server) handleGetFlow(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	f, err := s.store.Flow(r.Context(), workspaceOf(r).ID, u)
	if err != nil {
		return asProblem(err, "flow", "uuid", u)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"flow": summarize(f), "definition": f.Definition})
}

func (s *Server) handleFlowRevisions(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	revs, err := s.store.FlowRevisions(r.Context(), workspaceOf(r).ID, u)
	if err != nil {
		return asProblem(err, "flow", "uuid", u)
	}
	type revision struct {
		Revision   int             `json:"revision"`
		CreatedOn  time.Time       `json:"created_on"`
		Definition json.RawMessage `json:"definition"`
	}
	out := make([]*revision, len(revs))
	for i, rv := range revs {
		out[i] = &revision{Revision: rv.Revision, CreatedOn: rv.CreatedOn, Definition: rv.Definition}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"revisions": out})
}
