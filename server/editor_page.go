package server

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/flows/definition/migrations"
	"github.com/rivuletflows/rivulet/store"
)

// editorLayout is the frame of every editor page but the editor itself.
const editorLayout = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{.Title}} · Rivulet flow editor</title>
<style>
body{font-family:Helvetica,Arial,sans-serif;margin:2em auto;max-width:46em;color:#333;padding:0 1em}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4em;border-bottom:1px solid #eee}
.error{background:#fdecea;border:1px solid #f5c2c0;padding:.8em;border-radius:4px}
.note{color:#777;font-size:.9em}input,select,button{font-size:1em;padding:.3em}code{background:#f4f4f4;padding:0 .2em}
</style></head><body>
<h1>{{.Title}}</h1>
{{if .Error}}<p class="error" id="error">{{.Error}}</p>{{end}}
{{.Body}}
</body></html>`

var editorFrame = template.Must(template.New("frame").Parse(editorLayout))

var loginBody = template.Must(template.New("login").Parse(`
<form method="post" action="/editor/login" id="login">
<p>Enter the token of the workspace whose flows you want to edit (<code>flowserver workspace create NAME</code> prints it).</p>
<input type="hidden" name="next" value="{{.Next}}">
<p><input type="password" name="token" id="token" size="56" placeholder="rvt_…" autofocus required>
<button type="submit">Open</button></p>
<p class="note">The token is kept in an HttpOnly cookie of this browser for /editor/ only.</p>
</form>`))

var indexBody = template.Must(template.New("index").Parse(`
<p>Workspace <b>{{.Workspace}}</b> · <form method="post" action="/editor/logout" style="display:inline"><button>Log out</button></form></p>
{{if .Missing}}<p class="error" id="missing">{{.Missing}}</p>{{end}}
{{if .Flows}}<table id="flows"><tr><th>Flow</th><th>Type</th><th>Revision</th><th>Changed</th></tr>
{{range .Flows}}<tr><td><a href="/editor/flow/{{.UUID}}">{{.Name}}</a></td><td>{{.Type}}</td><td>{{.Revision}}</td><td>{{.ModifiedOn.Format "2006-01-02 15:04"}}</td></tr>
{{end}}</table>{{else}}<p>This workspace has no flows yet: create one below, or upload assets with <code>PUT /api/v1/assets</code>.</p>{{end}}
<h2>New flow</h2>
<form method="post" action="/editor/flows" id="create">
<input name="name" placeholder="Name" required maxlength="64">
<select name="type"><option value="messaging">messaging</option><option value="messaging_background">background</option><option value="messaging_offline">offline</option><option value="voice">voice</option></select>
<select name="language"><option value="eng">English</option><option value="spa">Spanish</option><option value="fra">French</option><option value="por">Portuguese</option></select>
<button type="submit">Create</button></form>
<p class="note">The editor is RapidPro's flow editor (@nyaruka/flow-editor {{.FE}}, @nyaruka/temba-components {{.TC}}, AGPL-3.0), running its simulator on Rivulet.</p>`))

// editorPageTemplate mounts the flow editor: the components script first, then the
// editor's entry points, a <temba-store> in the DOM before showFlowEditor runs.
var editorPageTemplate = template.Must(template.New("editor").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{.Name}} · Rivulet flow editor</title>
<script>window.static_url = '/editor/tc/static/';</script>
<script src="/editor/tc/temba-components.js"></script>
{{range .Styles}}<link rel="stylesheet" href="/editor/fe/{{.}}">
{{end}}<style>{{.Inline}}</style>
<style>body{margin:0}#rivulet-bar{font-family:Helvetica,Arial,sans-serif;font-size:13px;padding:4px 10px;background:#f6f8fa;border-bottom:1px solid #ddd}#rivulet-bar a{color:#2387ca}</style>
</head><body>
<div id="rivulet-bar"><a href="/editor/">Flows</a> · <b>{{.Name}}</b> · workspace {{.Workspace}}</div>
<temba-store completion="/editor/api/editor.json" fields="/editor/api/fields.json" groups="/editor/api/groups.json"
 globals="/editor/api/globals.json" languages="/editor/api/all_languages.json" workspace="/editor/api/workspace.json"></temba-store>
<div id="rp-flow-editor"></div>
{{range .Scripts}}<script src="/editor/fe/{{.}}"></script>
{{end}}<script>
var config = {{.Config}};
config.onLoad = function () { document.body.setAttribute('data-editor-loaded', 'true'); };
function go() { window.showFlowEditor(document.getElementById('rp-flow-editor'), config); }
if (window.showFlowEditor) { go(); } else { document.addEventListener('temba-floweditor-loaded', go); }
</script></body></html>`))

func (s *Server) writeEditorFrame(w http.ResponseWriter, status int, title, errText string, body *template.Template, data any) {
	var b strings.Builder
	if body != nil {
		if err := body.Execute(&b, data); err != nil {
			s.log.Error("editor page failed", "error", err)
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	editorFrame.Execute(w, map[string]any{"Title": title, "Error": errText, "Body": template.HTML(b.String())})
}

func (s *Server) writeLogin(w http.ResponseWriter, next, errText string, status int) {
	s.writeEditorFrame(w, status, "Log in", errText, loginBody, map[string]string{"Next": next})
}

// handleEditorIndex lists the workspace's flows, each opening in the editor, and offers a
// form to create one.
func (s *Server) handleEditorIndex(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	fl, err := s.store.Flows(r.Context(), ws.ID)
	if err != nil {
		return err
	}
	missing := ""
	if err := EditorMissing(s.editor.dir); err != nil {
		missing = "The editor can't open yet: " + err.Error()
	}
	s.writeEditorFrame(w, http.StatusOK, "Flows", "", indexBody, map[string]any{
		"Workspace": ws.Name, "Flows": fl, "Missing": missing, "FE": flowEditorVersion, "TC": tembaComponentsVersion})
	return nil
}

// editorFlowTypes are the engine's flow types, the ones the editor's flowType takes.
var editorFlowTypes = map[string]bool{"messaging": true, "messaging_background": true, "messaging_offline": true, "voice": true}

// handleEditorCreateFlow adds an empty flow to the workspace and opens it.
func (s *Server) handleEditorCreateFlow(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return badRequest("", nil, "the form can't be read: %s", err)
	}
	name := strings.TrimSpace(r.PostForm.Get("name"))
	typ := r.PostForm.Get("type")
	lang := r.PostForm.Get("language")
	if typ == "" {
		typ = "messaging"
	}
	if lang == "" {
		lang = "eng"
	}
	var msg string
	switch {
	case name == "" || len(name) > 64:
		msg = fmt.Sprintf("Field 'name' has invalid value '%s': a flow needs a name of 1 to 64 characters.", name)
	case !editorFlowTypes[typ]:
		msg = fmt.Sprintf("Field 'type' has invalid value '%s': must be messaging, messaging_background, messaging_offline or voice.", typ)
	case len(lang) != 3 || strings.ToLower(lang) != lang:
		msg = fmt.Sprintf("Field 'language' has invalid value '%s': must be a 3-letter ISO 639-3 code.", lang)
	}
	if msg != "" {
		s.writeEditorFrame(w, http.StatusUnprocessableEntity, "Flows", msg, nil, nil)
		return nil
	}
	def, _ := json.Marshal(map[string]any{"uuid": uuid.NewString(), "name": name, "spec_version": migrations.CurrentVersion.String(),
		"language": lang, "type": typ, "revision": 0, "expire_after_minutes": 10080, "localization": map[string]any{}, "nodes": []any{},
		"_ui": map[string]any{"nodes": map[string]any{}, "stickies": map[string]any{}}})
	mu := s.editor.saveLock(workspaceOf(r).ID)
	mu.Lock()
	f, err := s.saveEditorFlow(r, def)
	mu.Unlock()
	if err != nil {
		if p, ok := err.(*Problem); ok {
			s.writeEditorFrame(w, p.Status, "Flows", p.Detail, nil, nil)
			return nil
		}
		return err
	}
	http.Redirect(w, r, editorPrefix+"/flow/"+f.UUID, http.StatusSeeOther)
	return nil
}

// handleEditorPage is the editor on one flow.
func (s *Server) handleEditorPage(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u := r.PathValue("uuid")
	if !isUUID(u) {
		s.writeEditorFrame(w, http.StatusNotFound, "No such flow", fmt.Sprintf("Path parameter 'uuid' has invalid value '%s': not a UUID.", u), nil, nil)
		return nil
	}
	f, err := s.store.Flow(r.Context(), ws.ID, u)
	if err == store.ErrNotFound || (err != nil && asProblem(err, "", "", nil) != err) {
		s.writeEditorFrame(w, http.StatusNotFound, "No such flow", fmt.Sprintf("The workspace has no flow with uuid '%s'.", u), nil, nil)
		return nil
	} else if err != nil {
		return err
	}
	b, err := s.editor.bundle()
	if err != nil {
		s.writeEditorFrame(w, http.StatusServiceUnavailable, f.Name, "The editor can't open: "+err.Error(), nil, nil)
		return nil
	}
	typ := f.Type
	if !editorFlowTypes[typ] {
		typ = "messaging"
	}
	cfg := editorConfig(f.UUID, typ)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	return editorPageTemplate.Execute(w, map[string]any{"Name": f.Name, "Workspace": ws.Name, "Styles": b.styles,
		"Scripts": b.scripts, "Inline": template.CSS(b.inline), "Config": cfg})
}

// editorConfig is the editor's configuration for a flow: every endpoint is an absolute
// path on this server, and every one of the asset-store keys is present.
func editorConfig(flowUUID, flowType string) map[string]any {
	api := editorPrefix + "/api/"
	fl := editorPrefix + "/flow/"
	return map[string]any{
		"flow": flowUUID, "flowType": flowType, "mutable": true, "filters": []string{"resthook", "classifier", "optins"},
		"showDownload": true,
		"help":         map[string]string{"legacy_extra": "/editor/", "missing_dependency": "/editor/", "invalid_regex": "/editor/"},
		"endpoints": map[string]string{
			"groups": api + "groups.json", "fields": api + "fields.json", "labels": api + "labels.json",
			"optins": api + "optins.json", "channels": api + "channels.json", "classifiers": api + "classifiers.json",
			"resthooks": api + "resthooks.json", "templates": api + "templates.json", "flows": api + "flows.json",
			"globals": api + "globals.json", "users": api + "users.json", "topics": api + "topics.json",
			"llms": api + "llms.json", "languages": api + "languages.json",
			"recipients": api + "recipients.json?types=gc", "contacts": api + "contacts.json?types=c",
			"revisions": fl + "revisions/" + flowUUID + "/", "activity": fl + "activity/" + flowUUID + "/",
			"recents": fl + "recent_contacts/" + flowUUID + "/", "attachments": editorPrefix + "/upload/",
			"editor": editorPrefix + "/flow", "contact": editorPrefix + "/contact/",
			"simulateStart": fl + "simulate/" + flowUUID + "/", "simulateResume": fl + "simulate/" + flowUUID + "/",
		},
	}
}
