package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rivuletflows/rivulet/store"
)

// The RapidPro flow editor is served under /editor/: its page, its static files from the
// npm packages installed in Config.EditorDir, and the JSON endpoints the editor calls
// (asset lists, revisions, the simulator), all of them on the workspace of the token the
// browser logged in with. None of it is part of the /api/v1 API.

// editorPrefix is where the editor lives.
const editorPrefix = "/editor"

// DefaultEditorDir is where `npm ci --prefix web/editor` installs the editor's packages,
// relative to the repository root that flowserver is usually started from.
const DefaultEditorDir = "web/editor"

// EditorInstallCommand is the one command that installs the editor's packages.
const EditorInstallCommand = "npm ci --prefix web/editor"

// editorCookie holds the workspace token of a logged-in browser: HttpOnly, so scripts
// can't read it, and SameSite=Strict, so no other site's page can post with it.
const editorCookie = "rivulet_editor"

// The packages the editor is served from, as pinned by web/editor/package.json.
const (
	flowEditorPackage      = "@nyaruka/flow-editor"
	flowEditorVersion      = "1.45.3"
	tembaComponentsPackage = "@nyaruka/temba-components"
	tembaComponentsVersion = "0.130.1"
)

// editor is what the editor's handlers share: where its packages are and what was read
// from them once.
type editor struct {
	dir string // the folder holding node_modules

	mu      sync.Mutex
	page    *editorBundle // nil until read
	saveMus map[int64]*sync.Mutex
}

// editorBundle is what the page needs from the flow-editor package: its entry points (from
// asset-manifest.json) and the CSS variables of its sample page.
type editorBundle struct {
	scripts []string // paths under build/
	styles  []string
	inline  string // the <style> block of build/index.html
}

func newEditor(dir string) *editor {
	if dir == "" {
		dir = DefaultEditorDir
	}
	return &editor{dir: dir, saveMus: map[int64]*sync.Mutex{}}
}

func (e *editor) flowEditorDir() string {
	return filepath.Join(e.dir, "node_modules", "@nyaruka", "flow-editor", "build")
}

func (e *editor) componentsDir() string {
	return filepath.Join(e.dir, "node_modules", "@nyaruka", "temba-components", "dist")
}

// EditorMissing says why the editor can't be served from dir (its packages aren't
// installed, or not at the pinned versions), or returns nil when it can. flowserver says
// it on start; the editor's page says it too.
func EditorMissing(dir string) error {
	e := newEditor(dir)
	for _, p := range []struct{ name, version, dir string }{
		{flowEditorPackage, flowEditorVersion, filepath.Dir(e.flowEditorDir())},
		{tembaComponentsPackage, tembaComponentsVersion, filepath.Dir(e.componentsDir())},
	} {
		data, err := os.ReadFile(filepath.Join(p.dir, "package.json"))
		if err != nil {
			return fmt.Errorf("the editor's package %s is not installed in %s: run `%s` in the repository", p.name, e.dir, EditorInstallCommand)
		}
		var pkg struct {
			Version string `json:"version"`
		}
		if json.Unmarshal(data, &pkg) != nil || pkg.Version != p.version {
			return fmt.Errorf("the editor's package %s is at version '%s' in %s, not %s: run `%s` in the repository", p.name, pkg.Version, e.dir, p.version, EditorInstallCommand)
		}
	}
	return nil
}

// bundle reads the flow-editor package's manifest and sample page once.
func (e *editor) bundle() (*editorBundle, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.page != nil {
		return e.page, nil
	}
	if err := EditorMissing(e.dir); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(e.flowEditorDir(), "asset-manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("the flow editor's asset-manifest.json can't be read: %w", err)
	}
	var manifest struct {
		Entrypoints []string `json:"entrypoints"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil || len(manifest.Entrypoints) == 0 {
		return nil, fmt.Errorf("the flow editor's asset-manifest.json has no 'entrypoints'")
	}
	b := &editorBundle{}
	for _, p := range manifest.Entrypoints {
		switch {
		case strings.HasSuffix(p, ".js"):
			b.scripts = append(b.scripts, p)
		case strings.HasSuffix(p, ".css"):
			b.styles = append(b.styles, p)
		}
	}
	index, err := os.ReadFile(filepath.Join(e.flowEditorDir(), "index.html"))
	if err != nil {
		return nil, fmt.Errorf("the flow editor's index.html can't be read: %w", err)
	}
	// the colours, curvatures and widths the components read live only in this block
	if _, rest, ok := strings.Cut(string(index), "<style>"); ok {
		b.inline, _, _ = strings.Cut(rest, "</style>")
	}
	e.page = b
	return b, nil
}

// saveLock serialises the saves of one workspace: a save rewrites the assets document.
func (e *editor) saveLock(ws int64) *sync.Mutex {
	e.mu.Lock()
	defer e.mu.Unlock()
	m := e.saveMus[ws]
	if m == nil {
		m = &sync.Mutex{}
		e.saveMus[ws] = m
	}
	return m
}

// editorRoute is one endpoint of the editor; page routes answer an unauthenticated browser
// with the login form rather than a 401.
type editorRoute struct {
	method string
	path   string
	page   bool
	handle func(w http.ResponseWriter, r *http.Request) error
}

func (s *Server) editorRoutes() []editorRoute {
	p := editorPrefix
	rs := []editorRoute{
		{"GET", p + "/{$}", true, s.handleEditorIndex},
		{"GET", p, true, func(w http.ResponseWriter, r *http.Request) error {
			http.Redirect(w, r, p+"/", http.StatusMovedPermanently)
			return nil
		}},
		{"GET", p + "/flow/{uuid}", true, s.handleEditorPage},
		{"POST", p + "/flows", true, s.handleEditorCreateFlow},

		{"GET", p + "/fe/", false, s.handleEditorStatic},
		{"GET", p + "/tc/", false, s.handleEditorStatic},

		{"GET", p + "/api/{list}", false, s.handleEditorList},
		{"POST", p + "/api/{list}", false, s.handleEditorCreate},
		{"GET", p + "/flow/revisions/{uuid}/{$}", false, s.handleEditorRevisions},
		{"POST", p + "/flow/revisions/{uuid}/{$}", false, s.handleEditorSave},
		{"GET", p + "/flow/revisions/{uuid}/{id}/{$}", false, s.handleEditorRevision},
		{"POST", p + "/flow/simulate/{uuid}/{$}", false, s.handleEditorSimulate},
		{"GET", p + "/flow/activity/{uuid}/{$}", false, s.handleEditorActivity},
		{"GET", p + "/flow/recent_contacts/{uuid}/{exit}/{dest}/{$}", false, s.handleEditorRecents},
		{"POST", p + "/upload/{$}", false, s.handleEditorUpload},
	}
	// getURL in the editor appends a slash to most endpoints, not to all: take both forms
	rs = append(rs,
		editorRoute{"GET", p + "/api/{list}/{$}", false, s.handleEditorList},
		editorRoute{"POST", p + "/api/{list}/{$}", false, s.handleEditorCreate},
		editorRoute{"GET", p + "/flow/revisions/{uuid}", false, s.handleEditorRevisions},
		editorRoute{"POST", p + "/flow/revisions/{uuid}", false, s.handleEditorSave},
		editorRoute{"POST", p + "/flow/simulate/{uuid}", false, s.handleEditorSimulate},
		editorRoute{"GET", p + "/flow/activity/{uuid}", false, s.handleEditorActivity},
	)
	return rs
}

// mountEditor adds the editor's routes (and its login) to the mux.
func (s *Server) mountEditor(mux *http.ServeMux) {
	for _, rt := range s.editorRoutes() {
		mux.Handle(rt.method+" "+rt.path, s.wrapEditor(rt))
	}
	mux.HandleFunc("POST "+editorPrefix+"/login", s.handleEditorLogin)
	mux.HandleFunc("POST "+editorPrefix+"/logout", s.handleEditorLogout)
}

// wrapEditor authenticates by the login cookie (or an Authorization header, for scripts)
// and answers errors the way the editor shows them.
func (s *Server) wrapEditor(rt editorRoute) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := s.editorWorkspace(r)
		if err != nil {
			if rt.page {
				var p *Problem
				msg := ""
				if errors.As(err, &p) && r.Header.Get("Authorization") == "" {
					if _, cerr := r.Cookie(editorCookie); cerr == nil {
						msg = "The saved token is no longer valid; enter the workspace's token again."
					}
					s.writeLogin(w, r.URL.RequestURI(), msg, http.StatusUnauthorized)
					return
				}
			}
			s.fail(w, r, err)
			return
		}
		r = r.WithContext(contextWithWorkspace(r.Context(), ws))
		if err := rt.handle(w, r); err != nil {
			s.failEditor(w, r, err)
		}
	})
}

// editorWorkspace finds the workspace of the request's login cookie or Authorization
// header.
func (s *Server) editorWorkspace(r *http.Request) (*store.Workspace, error) {
	if r.Header.Get("Authorization") != "" {
		return s.authenticate(r)
	}
	c, err := r.Cookie(editorCookie)
	if err != nil || c.Value == "" {
		return nil, problemf(http.StatusUnauthorized, editorCookie, nil, "log in at %s/ with the workspace's token first (or send header 'Authorization: Token <token>')", editorPrefix)
	}
	r2 := r.Clone(r.Context())
	r2.Header.Set("Authorization", "Token "+c.Value)
	return s.authenticate(r2)
}

// failEditor answers an error of an editor endpoint: problems keep their status, with the
// keys the editor reads beside the problem's (`description` for a refused save, `error` for
// a refused simulator resume).
func (s *Server) failEditor(w http.ResponseWriter, r *http.Request, err error) {
	var p *Problem
	if !errors.As(err, &p) {
		s.fail(w, r, err)
		return
	}
	body := map[string]any{"type": "about:blank", "title": p.Title, "status": p.Status, "detail": p.Detail,
		"description": p.Detail, "error": p.Detail}
	if p.Field != "" {
		body["field"] = p.Field
	}
	if p.Value != nil {
		body["value"] = p.Value
	}
	writeEditorJSON(w, p.Status, body)
}

// writeEditorJSON answers JSON with exactly `application/json`: the editor ignores any
// answer whose Content-Type carries a charset.
func writeEditorJSON(w http.ResponseWriter, status int, v any) error {
	return writeJSON(w, status, v)
}

func (s *Server) handleEditorLogin(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.writeLogin(w, editorPrefix+"/", "The form could not be read: "+err.Error(), http.StatusBadRequest)
		return
	}
	next := r.PostForm.Get("next")
	if !strings.HasPrefix(next, editorPrefix+"/") || strings.HasPrefix(next, "//") {
		next = editorPrefix + "/"
	}
	token := strings.TrimSpace(r.PostForm.Get("token"))
	if token == "" {
		s.writeLogin(w, next, "Field 'token' is required: the workspace's token, as `flowserver workspace create` printed it.", http.StatusBadRequest)
		return
	}
	r2 := r.Clone(r.Context())
	r2.Header.Set("Authorization", "Token "+token)
	if _, err := s.authenticate(r2); err != nil {
		var p *Problem
		if errors.As(err, &p) {
			s.writeLogin(w, next, "Field 'token': the token is not valid for any workspace.", http.StatusUnauthorized)
			return
		}
		s.fail(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: editorCookie, Value: token, Path: editorPrefix + "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: int((30 * 24 * time.Hour).Seconds())})
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (s *Server) handleEditorLogout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: editorCookie, Value: "", Path: editorPrefix + "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, editorPrefix+"/", http.StatusSeeOther)
}

// handleEditorStatic serves the packages' files: the flow editor's build/static under
// /editor/fe/static/ and the components' dist under /editor/tc/. The stale components copy
// inside the editor's build and its service worker are not served.
func (s *Server) handleEditorStatic(w http.ResponseWriter, r *http.Request) error {
	if err := EditorMissing(s.editor.dir); err != nil {
		return problemf(http.StatusNotFound, "path", r.URL.Path, "%s", err)
	}
	rel := strings.TrimPrefix(r.URL.Path, editorPrefix+"/")
	var root, name string
	switch {
	case strings.HasPrefix(rel, "fe/static/"):
		root, name = s.editor.flowEditorDir(), strings.TrimPrefix(rel, "fe/")
		if strings.HasPrefix(name, "static/temba-components/") {
			return notFoundProblem("editor file", "path", r.URL.Path)
		}
	case strings.HasPrefix(rel, "tc/"):
		root, name = s.editor.componentsDir(), strings.TrimPrefix(rel, "tc/")
	default:
		return notFoundProblem("editor file", "path", r.URL.Path)
	}
	// http.Dir refuses paths leaving root
	f, err := http.Dir(root).Open("/" + name)
	if err != nil {
		return notFoundProblem("editor file", "path", r.URL.Path)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || st.IsDir() {
		return notFoundProblem("editor file", "path", r.URL.Path)
	}
	w.Header().Set("Cache-Control", "private, max-age=3600")
	http.ServeContent(w, r, st.Name(), st.ModTime(), f)
	return nil
}
