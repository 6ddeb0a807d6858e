package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/definition/migrations"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/utils"
)

// maxEditorRevisions is how many revisions the editor's list shows, newest first.
const maxEditorRevisions = 100

// editorRevision is one entry of the editor's revision list.
type editorRevision struct {
	ID        int        `json:"id"`
	Revision  int        `json:"revision"`
	Version   string     `json:"version"`
	CreatedOn time.Time  `json:"created_on"`
	User      editorUser `json:"user"`
}

// editorUser is who saved a revision: Rivulet has workspace tokens, not users, so the
// workspace stands for them.
type editorUser struct {
	Email string `json:"email"`
	Name  string `json:"name"`
}

func revisionEntry(ws *store.Workspace, rv *store.FlowRevision) *editorRevision {
	return &editorRevision{ID: rv.Revision, Revision: rv.Revision, Version: migrations.CurrentVersion.String(),
		CreatedOn: rv.CreatedOn, User: editorUser{Name: ws.Name}}
}

// handleEditorRevisions lists a flow's revisions, newest first.
func (s *Server) handleEditorRevisions(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	ws := workspaceOf(r)
	revs, err := s.store.FlowRevisions(r.Context(), ws.ID, u)
	if err != nil {
		return asProblem(err, "flow", "uuid", u)
	}
	if len(revs) > maxEditorRevisions {
		revs = revs[:maxEditorRevisions]
	}
	out := make([]any, len(revs))
	for i, rv := range revs {
		out[i] = revisionEntry(ws, rv)
	}
	return writeEditorJSON(w, http.StatusOK, &editorPage{Results: out})
}

// handleEditorRevision loads one revision (`latest` or its number) with what the editor
// shows beside it: the flow's results, counts and issues.
func (s *Server) handleEditorRevision(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	ws := workspaceOf(r)
	id := r.PathValue("id")
	var def json.RawMessage
	var number int
	if id == "latest" {
		f, err := s.store.Flow(r.Context(), ws.ID, u)
		if err != nil {
			return asProblem(err, "flow", "uuid", u)
		}
		def, number = f.Definition, f.Revision
	} else {
		n, err := strconv.Atoi(id)
		if err != nil || n < 1 {
			return invalid("id", id, "path parameter 'id' has invalid value '%s': 'latest' or a revision number", id)
		}
		revs, err := s.store.FlowRevisions(r.Context(), ws.ID, u)
		if err != nil {
			return asProblem(err, "flow", "uuid", u)
		}
		for _, rv := range revs {
			if rv.Revision == n {
				def, number = rv.Definition, n
			}
		}
		if def == nil {
			return notFoundProblem("revision of flow "+u, "id", id)
		}
		// older revisions were stored at the spec of their day
		if def, err = migrations.MigrateToVersion(def, nil); err != nil {
			return invalid("id", id, "revision %d doesn't migrate: %s", n, err)
		}
	}
	def, err = withRevision(def, number)
	if err != nil {
		return err
	}
	if def, err = withLayout(def); err != nil {
		return err
	}
	wa, err := s.workspaceAssets(r.Context(), ws)
	if err != nil {
		return err
	}
	info, issues := flowInfo(wa.sa.Collection, def)
	return writeEditorJSON(w, http.StatusOK, map[string]any{"definition": def, "info": info, "issues": issues, "metadata": info})
}

// handleEditorSave stores the editor's definition as a new revision: read by Rivulet's
// reader after migrating the editor's spec 14.3 dialect to the current spec. A refusal
// answers 400 with the reader's message as `description`, which the editor shows.
func (s *Server) handleEditorSave(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err != nil {
		return describeJSONError(err)
	}
	var head struct {
		UUID     string `json:"uuid"`
		Revision *int   `json:"revision"`
	}
	if err := json.Unmarshal(body, &head); err != nil {
		return saveRefused("", "the definition is not a JSON object: %s", utils.DescribeJSONError(err))
	}
	if head.UUID != u {
		return saveRefused("uuid", "field 'uuid' has invalid value '%s': the definition must be of flow %s", head.UUID, u)
	}
	ws := workspaceOf(r)
	mu := s.editor.saveLock(ws.ID)
	mu.Lock()
	defer mu.Unlock()
	if cur, err := s.store.Flow(r.Context(), ws.ID, u); err == nil && head.Revision != nil && *head.Revision < cur.Revision {
		return problemf(http.StatusConflict, "revision", *head.Revision,
			"This flow was saved elsewhere (revision %d) after you opened revision %d; reload the page to edit the current one.", cur.Revision, *head.Revision)
	} else if err != nil && asProblem(err, "", "", nil) == err {
		return err
	}
	f, err := s.saveEditorFlow(r, body)
	if err != nil {
		return err
	}
	wa, err := s.workspaceAssets(r.Context(), ws)
	if err != nil {
		return err
	}
	info, issues := flowInfo(wa.sa.Collection, f.Definition)
	return writeEditorJSON(w, http.StatusOK, map[string]any{"status": "success", "saved_on": f.ModifiedOn,
		"revision": revisionEntry(ws, &store.FlowRevision{Revision: f.Revision, CreatedOn: f.ModifiedOn}),
		"info":     info, "issues": issues, "metadata": info})
}

// saveRefused is the answer to a definition the reader refuses.
func saveRefused(field string, format string, args ...any) *Problem {
	p := badRequest(field, nil, format, args...)
	p.Detail = "Your flow can't be saved: " + p.Detail
	return p
}

// saveEditorFlow migrates, reads and stores a definition as the flow's next revision,
// replacing it in the workspace's assets document (or adding it there). The caller holds
// the workspace's save lock, except for a new flow.
func (s *Server) saveEditorFlow(r *http.Request, body []byte) (*store.Flow, error) {
	ws := workspaceOf(r)
	migrated, err := migrations.MigrateToVersion(body, nil)
	if err != nil {
		return nil, saveRefused("spec_version", "%s", err)
	}
	def, err := definition.ReadFlow(migrated)
	if err != nil {
		return nil, saveRefused("", "%s", err)
	}
	u := string(def.UUID)
	doc, err := s.editorAssetsDoc(r)
	if err != nil {
		return nil, err
	}
	next := 1
	if revs, err := s.store.FlowRevisions(r.Context(), ws.ID, u); err == nil && len(revs) > 0 {
		next = revs[0].Revision + 1
	}
	if migrated, err = withRevision(migrated, next); err != nil {
		return nil, err
	}
	if err := putFlow(doc, u, migrated); err != nil {
		return nil, err
	}
	if err := s.saveEditorDoc(r, doc, u); err != nil {
		return nil, err
	}
	return s.store.Flow(r.Context(), ws.ID, u)
}

// withRevision sets the definition's `revision` to the stored revision number, which the
// editor sends back with its next save.
func withRevision(def json.RawMessage, n int) (json.RawMessage, error) {
	m, err := decodeObject(def)
	if err != nil {
		return nil, err
	}
	m["revision"] = n
	return encodeObject(m)
}

// decodeObject decodes a JSON object keeping its numbers exactly as written.
func decodeObject(data []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, fmt.Errorf("a flow definition must be a JSON object: %v", err)
	}
	return m, nil
}

func encodeObject(m map[string]any) (json.RawMessage, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// editorResult is one result a flow saves, as the editor's result pickers and completion
// list them.
type editorResult struct {
	Key        string   `json:"key"`
	Name       string   `json:"name"`
	Categories []string `json:"categories"`
	NodeUUIDs  []string `json:"node_uuids"`
}

// flowInfo is what the editor keeps beside a definition: the results its routers and
// set_run_result actions save, the assets and locals its actions use, and counts; with the
// issues to flag on its nodes (assets the workspace lacks).
func flowInfo(coll *assets.Collection, def json.RawMessage) (map[string]any, []*editorIssue) {
	var f struct {
		Nodes []struct {
			UUID    string `json:"uuid"`
			Actions []struct {
				Type     string `json:"type"`
				Name     string `json:"name"`
				Category string `json:"category"`
			} `json:"actions"`
			Router *struct {
				ResultName string `json:"result_name"`
				Categories []struct {
					Name string `json:"name"`
				} `json:"categories"`
			} `json:"router"`
		} `json:"nodes"`
		Localization map[string]json.RawMessage `json:"localization"`
	}
	json.Unmarshal(def, &f)
	var results []*editorResult
	byKey := map[string]*editorResult{}
	add := func(name, node string, cats ...string) {
		if strings.TrimSpace(name) == "" {
			return
		}
		key := utils.Snakify(name)
		res := byKey[key]
		if res == nil {
			res = &editorResult{Key: key, Name: name, Categories: []string{}, NodeUUIDs: []string{}}
			byKey[key] = res
			results = append(results, res)
		}
		for _, c := range cats {
			if c != "" && !contains(res.Categories, c) {
				res.Categories = append(res.Categories, c)
			}
		}
		if !contains(res.NodeUUIDs, node) {
			res.NodeUUIDs = append(res.NodeUUIDs, node)
		}
	}
	for _, n := range f.Nodes {
		for _, a := range n.Actions {
			if a.Type == "set_run_result" {
				add(a.Name, n.UUID, a.Category)
			}
		}
		if n.Router != nil {
			var cats []string
			for _, c := range n.Router.Categories {
				cats = append(cats, c.Name)
			}
			add(n.Router.ResultName, n.UUID, cats...)
		}
	}
	if results == nil {
		results = []*editorResult{}
	}
	issues, deps, locals := inspectFlow(coll, def)
	return map[string]any{"results": results, "dependencies": deps, "locals": locals, "parent_refs": []any{},
		"counts": map[string]int{"nodes": len(f.Nodes), "languages": len(f.Localization)}}, issues
}

// handleEditorActivity answers the editor's activity poll. Simulated sessions are not
// stored, so nothing is active on the canvas outside the simulator.
func (s *Server) handleEditorActivity(w http.ResponseWriter, r *http.Request) error {
	if _, err := pathUUID(r); err != nil {
		return err
	}
	return writeEditorJSON(w, http.StatusOK, map[string]any{"nodes": map[string]int{}, "segments": map[string]int{}})
}

// handleEditorRecents answers the recent-contacts popup of a path segment: an empty list,
// since flowserver keeps no per-segment history.
func (s *Server) handleEditorRecents(w http.ResponseWriter, r *http.Request) error {
	if _, err := pathUUID(r); err != nil {
		return err
	}
	return writeEditorJSON(w, http.StatusOK, []any{})
}

// handleEditorUpload refuses attachment uploads: flowserver stores no media. Attachments
// can still be given as URLs or expressions in the Send Message form.
func (s *Server) handleEditorUpload(w http.ResponseWriter, r *http.Request) error {
	return writeEditorJSON(w, http.StatusOK, map[string]string{"error": "flowserver stores no media: give the attachment as a URL or an expression instead"})
}

// putFlow puts flow into the assets document's flows list in place of the flow of the
// same UUID, or at the end when the list has none.
func putFlow(doc map[string]json.RawMessage, u string, flow json.RawMessage) error {
	var list []json.RawMessage
	if raw, ok := doc["flows"]; ok {
		if err := json.Unmarshal(raw, &list); err != nil {
			return fmt.Errorf("stored assets list 'flows' doesn't read: %w", err)
		}
	}
	found := false
	for i, raw := range list {
		var h struct {
			UUID string `json:"uuid"`
		}
		json.Unmarshal(raw, &h)
		if h.UUID == u {
			list[i], found = flow, true
		}
	}
	if !found {
		list = append(list, flow)
	}
	doc["flows"], _ = json.Marshal(list)
	return nil
}
