package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/routers/cases"
	"github.com/rivuletflows/rivulet/server"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/store/sqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// editorDir is where `npm ci --prefix web/editor` installs the editor, seen from server/.
const editorDir = "../web/editor"

// editorClient is a browser-like client of the editor: it keeps the login cookie and
// doesn't follow redirects, so tests see them.
type editorClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newEditorHarness(t *testing.T, dir string) (*harness, *editorClient) {
	path := filepath.Join(t.TempDir(), "editor.db")
	h := newHarness(t, func() store.Store {
		s, err := sqlite.Open(context.Background(), path)
		require.NoError(t, err)
		return s
	}, func(cfg *server.Config) { cfg.EditorDir = dir })
	jar, _ := cookiejar.New(nil)
	ec := &editorClient{t: t, base: h.base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	return h, ec
}

// do sends a request (body: nil, url.Values as a form, a string or []byte as is, or a
// value as JSON) and returns the answer with its body read.
func (c *editorClient) do(method, path string, body any) (*http.Response, []byte) {
	c.t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case string:
		rd, ctype = strings.NewReader(b), "application/javascript"
	case []byte:
		rd, ctype = bytes.NewReader(b), "application/json"
	default:
		data, err := json.Marshal(b)
		require.NoError(c.t, err)
		rd, ctype = bytes.NewReader(data), "application/json"
	}
	req, err := http.NewRequest(method, c.base+path, rd)
	require.NoError(c.t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.c.Do(req)
	require.NoError(c.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(c.t, err)
	return resp, data
}

// json GETs or POSTs and decodes an answer that must be exactly application/json.
func (c *editorClient) json(method, path string, body any, wantStatus int) map[string]any {
	c.t.Helper()
	resp, data := c.do(method, path, body)
	require.Equal(c.t, wantStatus, resp.StatusCode, "%s %s: %s", method, path, data)
	require.Equal(c.t, "application/json", resp.Header.Get("Content-Type"), "%s %s: the editor reads only exactly application/json", method, path)
	out := map[string]any{}
	require.NoError(c.t, json.Unmarshal(data, &out), "%s %s: %s", method, path, data)
	return out
}

func (c *editorClient) login(token string) {
	c.t.Helper()
	resp, body := c.do("POST", "/editor/login", url.Values{"token": {token}, "next": {"/editor/"}})
	require.Equal(c.t, http.StatusSeeOther, resp.StatusCode, "%s", body)
}

func TestEditorLogin(t *testing.T) {
	h, c := newEditorHarness(t, editorDir)
	uploadTwoQuestions(t, h)

	// nothing is served without the token: pages show the login form, the rest are 401
	resp, body := c.do("GET", "/editor/", nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, string(body), `<form method="post" action="/editor/login"`)
	assert.NotContains(t, string(body), "Two Questions")
	resp, body = c.do("GET", "/editor/flow/"+twoQuestionsUUID, nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, string(body), `name="next" value="/editor/flow/`+twoQuestionsUUID+`"`)
	for _, p := range []string{"/editor/api/fields.json", "/editor/flow/revisions/" + twoQuestionsUUID + "/latest/", "/editor/tc/temba-components.js"} {
		resp, body = c.do("GET", p, nil)
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, p)
		assert.Contains(t, string(body), "log in at /editor/", p)
	}
	resp, _ = c.do("POST", "/editor/flow/simulate/"+twoQuestionsUUID+"/", "{}")
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)

	// a wrong token is refused on the form, naming the field
	resp, body = c.do("POST", "/editor/login", url.Values{"token": {"rvt_nope"}})
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	assert.Contains(t, string(body), "Field &#39;token&#39;: the token is not valid")
	resp, body = c.do("POST", "/editor/login", url.Values{})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.Contains(t, string(body), "Field &#39;token&#39; is required")

	// the right one sets an HttpOnly, SameSite=Strict cookie and goes back where asked
	resp, _ = c.do("POST", "/editor/login", url.Values{"token": {h.token}, "next": {"/editor/flow/" + twoQuestionsUUID}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/editor/flow/"+twoQuestionsUUID, resp.Header.Get("Location"))
	cookie := resp.Header.Get("Set-Cookie")
	assert.Contains(t, cookie, "HttpOnly")
	assert.Contains(t, cookie, "SameSite=Strict")
	assert.Contains(t, cookie, "Path=/editor/")
	// an open redirect is not followed
	resp, _ = c.do("POST", "/editor/login", url.Values{"token": {h.token}, "next": {"//evil.example/"}})
	assert.Equal(t, "/editor/", resp.Header.Get("Location"))

	resp, body = c.do("GET", "/editor/", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), `<a href="/editor/flow/`+twoQuestionsUUID+`">Two Questions</a>`)
	assert.Contains(t, string(body), "Workspace <b>Acme</b>")
	fields := c.json("GET", "/editor/api/fields.json/", nil, 200)
	assert.Len(t, fields["results"], 2)

	// another workspace's token sees only its own flows
	_, other, err := server.CreateWorkspace(context.Background(), h.st, "Other", start)
	require.NoError(t, err)
	c.login(other)
	resp, body = c.do("GET", "/editor/", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.NotContains(t, string(body), "Two Questions")
	resp, _ = c.do("GET", "/editor/flow/revisions/"+twoQuestionsUUID+"/latest/", nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)

	// logging out forgets the token
	resp, _ = c.do("POST", "/editor/logout", nil)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	resp, _ = c.do("GET", "/editor/api/fields.json", nil)
	assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
}

// editorAssets is a workspace with one of every asset the editor lists.
func editorAssets(t *testing.T) map[string]any {
	var doc map[string]any
	require.NoError(t, json.Unmarshal(readFile(t, "../testdata/flows/two_questions.json"), &doc))
	doc["groups"] = []any{map[string]any{"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Testers"},
		map[string]any{"uuid": "c7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Adults", "query": "age > 18"}}
	doc["labels"] = []any{map[string]any{"uuid": "3f65d88a-95dc-4140-9451-943e94e06fea", "name": "Spam"}}
	doc["globals"] = []any{map[string]any{"key": "org_name", "name": "Org Name", "value": "Acme"}}
	doc["classifiers"] = []any{map[string]any{"uuid": "1c06c884-39dd-4ce4-ad9f-9a01cbe6c000", "name": "Booking", "type": "wit", "intents": []string{"book", "cancel"}}}
	doc["resthooks"] = []any{map[string]any{"slug": "new-order", "subscribers": []string{"http://localhost/hook"}}}
	doc["topics"] = []any{map[string]any{"uuid": "0d9a2e06-0a0b-4a3c-9a6f-2c1b5d2f8c11", "name": "General"}}
	doc["users"] = []any{map[string]any{"uuid": "5f2cd4b0-1d2e-4b8e-9e52-1a6c0c8d4a11", "email": "me@example.com", "name": "Ann Smith"}}
	doc["optins"] = []any{map[string]any{"uuid": "2a4b6c8d-1e3f-4a5b-8c7d-9e0f1a2b3c4d", "name": "Newsletter"}}
	doc["llms"] = []any{map[string]any{"uuid": "6b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e", "name": "GPT", "type": "openai"}}
	doc["environment"] = map[string]any{"allowed_languages": []string{"eng", "fra"}, "date_format": "DD-MM-YYYY"}
	return doc
}

func TestEditorAssetLists(t *testing.T) {
	h, c := newEditorHarness(t, editorDir)
	h.ok("PUT", "/assets", editorAssets(t))
	c.login(h.token)

	results := func(list string) []any {
		t.Helper()
		// the editor asks for some with a trailing slash, for groups without
		a := c.json("GET", "/editor/api/"+list+".json", nil, 200)
		b := c.json("GET", "/editor/api/"+list+".json/", nil, 200)
		assert.Equal(t, a, b, list)
		if _, ok := a["next"]; ok {
			assert.Nil(t, a["next"], list)
		}
		r, ok := a["results"].([]any)
		require.True(t, ok, "%s: %v", list, a)
		return r
	}
	fields := results("fields")
	assert.Contains(t, fields, map[string]any{"key": "order_size", "name": "Order Size", "label": "Order Size", "type": "number", "value_type": "numeric", "featured": false, "priority": 0.0})
	groups := results("groups")
	require.Len(t, groups, 2)
	assert.Equal(t, nil, get(groups, 0, "query"))
	assert.Equal(t, "age > 18", get(groups, 1, "query"), "a smart group keeps its query so the editor leaves it out of Add to Group")
	assert.Equal(t, "Spam", get(results("labels"), 0, "name"))
	assert.Equal(t, map[string]any{"key": "org_name", "name": "Org Name", "value": "Acme"}, get(results("globals"), 0))
	assert.Equal(t, []any{"book", "cancel"}, get(results("classifiers"), 0, "intents"))
	assert.Equal(t, "Local SMS", get(results("channels"), 0, "name"))
	assert.Equal(t, map[string]any{"uuid": twoQuestionsUUID, "name": "Two Questions", "type": "message", "archived": false, "parent_refs": []any{}}, get(results("flows"), 0))
	assert.Equal(t, "new-order", get(results("resthooks"), 0, "resthook"))
	assert.Equal(t, "General", get(results("topics"), 0, "name"))
	assert.Equal(t, map[string]any{"uuid": "5f2cd4b0-1d2e-4b8e-9e52-1a6c0c8d4a11", "email": "me@example.com", "name": "Ann Smith", "first_name": "Ann", "last_name": "Smith"}, get(results("users"), 0))
	assert.Equal(t, "Newsletter", get(results("optins"), 0, "name"))
	assert.Equal(t, "openai", get(results("llms"), 0, "type"))
	assert.Empty(t, results("templates"))
	// the editor's languages are keyed by iso, the components' by value
	assert.Equal(t, []any{map[string]any{"iso": "eng", "name": "English"}, map[string]any{"iso": "fra", "name": "French"}, map[string]any{"iso": "spa", "name": "Spanish"}}, results("languages"))
	assert.Contains(t, results("all_languages"), map[string]any{"value": "fra", "name": "French"})

	ws := c.json("GET", "/editor/api/workspace.json", nil, 200)
	assert.Equal(t, []any{"eng", "fra", "spa"}, ws["languages"])
	assert.Equal(t, "Acme", ws["name"])
	assert.Equal(t, "day_first", ws["date_style"])

	// recipients search groups and stored contacts
	h.ok("POST", "/contacts", map[string]any{"name": "Ben Jones", "urns": []string{"tel:+12065551212"}})
	rec := c.json("GET", "/editor/api/recipients.json?types=gc&search=ben", nil, 200)
	assert.Equal(t, false, rec["more"])
	require.Len(t, rec["results"], 1)
	assert.Equal(t, "Ben Jones", get(rec, "results", 0, "name"))
	assert.Equal(t, "contact", get(rec, "results", 0, "type"))
	rec = c.json("GET", "/editor/api/recipients.json?types=gc&search=test", nil, 200)
	assert.Equal(t, "group", get(rec, "results", 0, "type"))

	resp, body := c.do("GET", "/editor/api/nothing.json", nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(body), "no editor list with list 'nothing.json'")

	// the components' selects create groups, labels and fields on the fly
	g := c.json("POST", "/editor/api/groups.json", map[string]any{"name": "New Group", "arbitrary": true}, 200)
	assert.Equal(t, "New Group", g["name"])
	assert.Len(t, results("groups"), 3)
	f := c.json("POST", "/editor/api/fields.json/", map[string]any{"label": "Favourite colour", "value_type": "text", "arbitrary": true}, 200)
	assert.Equal(t, "favourite_colour", f["key"])
	assert.Len(t, results("fields"), 3)
	c.json("POST", "/editor/api/labels.json", map[string]any{"name": "Spam", "arbitrary": true}, 409)
	bad := c.json("POST", "/editor/api/fields.json", map[string]any{"label": "Size", "value_type": "huge"}, 422)
	assert.Equal(t, "field 'value_type' has invalid value 'huge': must be text, numeric, datetime, state, district or ward", bad["detail"])
	// the upload is the workspace's: the API sees what the editor added
	flows := h.ok("GET", "/flows", nil)
	assert.Len(t, flows["flows"], 1)
}

func TestEditorRevisions(t *testing.T) {
	h, c := newEditorHarness(t, editorDir)
	uploadTwoQuestions(t, h)
	c.login(h.token)
	rev := "/editor/flow/revisions/" + twoQuestionsUUID + "/"

	latest := c.json("GET", rev+"latest/?version=14.3", nil, 200)
	def := latest["definition"].(map[string]any)
	assert.Equal(t, 1.0, def["revision"])
	assert.NotNil(t, latest["metadata"], "the editor doesn't render without metadata")
	assert.Equal(t, []any{}, latest["issues"])
	results := get(latest, "info", "results").([]any)
	require.Len(t, results, 2)
	assert.Equal(t, map[string]any{"key": "fruit", "name": "Fruit", "categories": []any{"Mango", "Papaya", "Other", "No Response"},
		"node_uuids": []any{"37c59faf-a98a-4f39-964c-7524a460fd11"}}, results[0])
	assert.Equal(t, []any{}, get(latest, "info", "locals"))

	// two_questions.json has no _ui: every node gets its own place, top to bottom
	ui := get(def, "_ui", "nodes").(map[string]any)
	nodes := def["nodes"].([]any)
	require.Len(t, ui, len(nodes))
	seen := map[string]bool{}
	lastTop := -1.0
	for _, n := range nodes {
		u := n.(map[string]any)["uuid"].(string)
		pos := get(ui, u, "position").(map[string]any)
		key, _ := json.Marshal(pos)
		assert.False(t, seen[string(key)], "two nodes at %s", key)
		seen[string(key)] = true
		assert.Greater(t, pos["top"].(float64), lastTop, "nodes follow the flow downwards")
		lastTop = pos["top"].(float64)
	}
	assert.Equal(t, "wait_for_response", get(ui, "37c59faf-a98a-4f39-964c-7524a460fd11", "type"))
	assert.Equal(t, "execute_actions", get(ui, "008d0d54-a2d0-46a0-83d7-80d12f52f807", "type"))

	// a save in the editor's dialect (spec 14.3.x) is migrated, read and stored
	def["spec_version"] = "14.3.2"
	def["name"] = "Two Questions, edited"
	saved := c.json("POST", rev, def, 200)
	assert.Equal(t, "success", saved["status"])
	assert.Equal(t, 2.0, get(saved, "revision", "revision"))
	assert.Equal(t, "Acme", get(saved, "revision", "user", "name"))
	assert.NotNil(t, saved["info"])
	assert.NotNil(t, saved["metadata"])

	list := c.json("GET", rev+"?version=14.3", nil, 200)
	require.Len(t, list["results"], 2)
	assert.Equal(t, 2.0, get(list, "results", 0, "id"), "newest first")
	assert.NotEmpty(t, get(list, "results", 0, "created_on"))
	again := c.json("GET", rev+"2/?version=14.3", nil, 200)
	assert.Equal(t, "Two Questions, edited", get(again, "definition", "name"))
	assert.Equal(t, "14.4.2", get(again, "definition", "spec_version"), "stored at the current spec")
	assert.NotNil(t, get(again, "definition", "_ui", "nodes", "37c59faf-a98a-4f39-964c-7524a460fd11", "position"), "the layout is kept")
	first := c.json("GET", rev+"1/", nil, 200)
	assert.Equal(t, "Two Questions", get(first, "definition", "name"))
	// the API and the runner see the saved revision
	flow := h.ok("GET", "/flows/"+twoQuestionsUUID, nil)
	assert.Equal(t, "Two Questions, edited", get(flow, "flow", "name"))
	assert.Equal(t, 2.0, get(flow, "flow", "revision"))

	// a definition the reader refuses: 400 with the reader's message as description
	def["revision"] = 2
	exits := get(def, "nodes", 0, "exits").([]any)
	exits[0].(map[string]any)["destination_uuid"] = "11111111-1111-4111-8111-111111111111"
	refused := c.json("POST", rev, def, 400)
	assert.Contains(t, refused["description"], "Your flow can't be saved: ")
	assert.Contains(t, refused["description"], "destination 11111111-1111-4111-8111-111111111111")
	assert.Contains(t, refused["description"], "isn't a known node")
	// a save from an older revision than the stored one
	exits[0].(map[string]any)["destination_uuid"] = "b4fd87f4-bd5b-49f2-aee5-0c4b661a07d4"
	def["revision"] = 1
	stale := c.json("POST", rev, def, 409)
	assert.Contains(t, stale["description"], "saved elsewhere (revision 2) after you opened revision 1")
	bad := c.json("POST", rev, []byte(`{"uuid": "`+twoQuestionsUUID+`", "nodes": 3}`), 400)
	assert.Contains(t, bad["description"], "Your flow can't be saved")
	other := c.json("POST", rev, map[string]any{"uuid": "5e1d8b8b-7d5c-4a57-9f0e-2d5f5b3e0a11"}, 400)
	assert.Contains(t, other["description"], "field 'uuid' has invalid value '5e1d8b8b-7d5c-4a57-9f0e-2d5f5b3e0a11'")
	c.json("GET", rev+"7/", nil, 404)
	c.json("GET", rev+"x/", nil, 422)
	list = c.json("GET", rev, nil, 200)
	assert.Len(t, list["results"], 2, "refused saves store nothing")

	// a new flow made on the index page opens in the editor, empty
	resp, body := c.do("POST", "/editor/flows", url.Values{"name": {"Survey"}, "type": {"messaging"}, "language": {"eng"}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode, "%s", body)
	loc := resp.Header.Get("Location")
	require.True(t, strings.HasPrefix(loc, "/editor/flow/"), loc)
	newUUID := strings.TrimPrefix(loc, "/editor/flow/")
	fresh := c.json("GET", "/editor/flow/revisions/"+newUUID+"/latest/", nil, 200)
	assert.Equal(t, "Survey", get(fresh, "definition", "name"))
	assert.Equal(t, []any{}, get(fresh, "definition", "nodes"))
	assert.Len(t, h.ok("GET", "/flows", nil)["flows"], 2)
	resp, body = c.do("POST", "/editor/flows", url.Values{"name": {"X"}, "type": {"sms"}})
	assert.Equal(t, http.StatusUnprocessableEntity, resp.StatusCode)
	assert.Contains(t, string(body), "Field &#39;type&#39; has invalid value &#39;sms&#39;")

	// an asset the workspace lacks doesn't refuse the save: the node is flagged
	latest = c.json("GET", rev+"latest/", nil, 200)
	def = latest["definition"].(map[string]any)
	assert.Contains(t, get(latest, "info", "dependencies"), map[string]any{"key": "order_size", "name": "Order Size", "type": "field", "missing": false})
	last := get(def, "nodes", 2).(map[string]any)
	last["actions"] = append(last["actions"].([]any), map[string]any{"uuid": "9d2f4a1e-6b3c-4d5e-8f70-1a2b3c4d5e6f", "type": "add_contact_groups",
		"groups": []any{map[string]any{"uuid": "2aad21f6-30b7-42c5-bd7f-1b720c154817", "name": "Customers"}}})
	flagged := c.json("POST", rev, def, 200)
	assert.Equal(t, []any{map[string]any{"type": "missing_dependency", "node_uuid": "008d0d54-a2d0-46a0-83d7-80d12f52f807",
		"action_uuid": "9d2f4a1e-6b3c-4d5e-8f70-1a2b3c4d5e6f", "description": "missing group dependency '2aad21f6-30b7-42c5-bd7f-1b720c154817'",
		"dependency": map[string]any{"uuid": "2aad21f6-30b7-42c5-bd7f-1b720c154817", "name": "Customers", "type": "group"}}}, flagged["issues"])
	reloaded := c.json("GET", rev+"latest/", nil, 200)
	assert.Equal(t, flagged["issues"], reloaded["issues"])

	act := c.json("GET", "/editor/flow/activity/"+twoQuestionsUUID+"/?flow="+twoQuestionsUUID, nil, 200)
	assert.Equal(t, map[string]any{"nodes": map[string]any{}, "segments": map[string]any{}}, act)
}

// editorContact is the contact the editor's simulator posts.
var editorContact = map[string]any{"uuid": "fb3787ab-2eda-48a0-a2bc-e2ddadec1286", "urns": []string{"tel:+12065551212"},
	"status": "active", "fields": map[string]any{}, "groups": []any{}, "created_on": "2024-03-01T10:00:00Z", "language": "eng"}

func TestEditorSimulator(t *testing.T) {
	h, c := newEditorHarness(t, editorDir)
	uploadTwoQuestions(t, h)
	c.login(h.token)
	sim := "/editor/flow/simulate/" + twoQuestionsUUID + "/"
	def := c.json("GET", "/editor/flow/revisions/"+twoQuestionsUUID+"/latest/", nil, 200)["definition"].(map[string]any)
	// an unsaved edit on the canvas is what the simulator runs
	get(def, "nodes", 2, "actions").([]any)[1].(map[string]any)["text"] = "Unsaved thanks: @results.quantity.value"
	def["spec_version"] = "14.3.2"

	body := func(v any) string {
		b, _ := json.MarshalIndent(v, "", "  ")
		return string(b)
	}
	// the simulator posts pretty JSON as application/javascript
	out := c.json("POST", sim, body(map[string]any{"contact": editorContact, "flow": def,
		"trigger": map[string]any{"type": "manual", "flow": map[string]any{"uuid": twoQuestionsUUID, "name": "Two Questions"}, "params": map[string]any{}, "triggered_on": "2024-03-01T10:00:00Z"}}), 200)
	assert.Equal(t, []string{"Hello ! What is your favourite fruit? (mango/papaya)"}, texts(out))
	assert.Equal(t, "waiting", get(out, "session", "status"))
	assert.Equal(t, "fb3787ab-2eda-48a0-a2bc-e2ddadec1286", get(out, "contact", "uuid"))
	assert.Equal(t, []any{}, out["segments"])
	assert.Equal(t, map[string]any{"type": "text", "text": "Mango"}, get(out, "events", 1, "msg", "quick_replies", 0))
	assert.Equal(t, "msg_wait", get(out, "events", 2, "type"))

	reply := func(prev map[string]any, text string, status int) map[string]any {
		return c.json("POST", sim, body(map[string]any{"flow": def, "session": prev["session"], "contact": prev["contact"],
			"resume": map[string]any{"type": "msg", "resumed_on": "2024-03-01T10:01:00Z", "event": map[string]any{
				"uuid": "5d4b0b5e-3a7e-4a57-9f0e-2d5f5b3e0a11", "type": "msg_received", "created_on": "2024-03-01T10:01:00Z",
				"msg": map[string]any{"text": text, "urn": "tel:+12065551212", "attachments": []any{}}}}}), status)
	}
	out = reply(out, "mango", 200)
	assert.Equal(t, []string{"Mango, good choice. How many would you like?"}, texts(out))
	assert.Equal(t, "run_result_changed", get(out, "events", 0, "type"), "the contact's own message is not echoed")
	require.NotEmpty(t, out["segments"])
	assert.Equal(t, "37c59faf-a98a-4f39-964c-7524a460fd11", get(out, "segments", 0, "node_uuid"))
	out = reply(out, "3", 200)
	assert.Equal(t, []string{"Unsaved thanks: 3"}, texts(out))
	var types []string
	for _, e := range out["events"].([]any) {
		types = append(types, e.(map[string]any)["type"].(string))
		assert.NotEqual(t, "msg_received", e.(map[string]any)["type"])
	}
	assert.Contains(t, types, "contact_field_changed")
	assert.Equal(t, "completed", get(out, "session", "status"))
	assert.Equal(t, "3", get(out, "contact", "fields", "order_size", "text"))

	// a message after the end: a 4xx with `error`, which the simulator shows
	ended := reply(out, "more", 422)
	assert.Contains(t, ended["error"], "the conversation can't go on")

	// nothing was stored: the saved flow is unchanged and no contact was made
	assert.Equal(t, 1.0, get(h.ok("GET", "/flows/"+twoQuestionsUUID, nil), "flow", "revision"))
	assert.Empty(t, h.ok("GET", "/contacts", nil)["contacts"])

	// a definition the reader refuses is named
	bad := c.json("POST", sim, body(map[string]any{"contact": editorContact, "flow": map[string]any{"uuid": twoQuestionsUUID, "spec_version": "14.3.2", "nodes": 2}}), 422)
	assert.Contains(t, bad["error"], "field 'flow'")
	bad = c.json("POST", sim, "{not json", 400)
	assert.NotEmpty(t, bad["error"])
}

func TestEditorCompletion(t *testing.T) {
	h, c := newEditorHarness(t, editorDir)
	c.login(h.token)
	out := c.json("GET", "/editor/api/editor.json", nil, 200)

	// the root of the context is the engine's, every type it names is described
	var root []string
	types := map[string]bool{"any": true, "text": true, "number": true, "datetime": true}
	for _, tp := range get(out, "context", "types").([]any) {
		types[tp.(map[string]any)["name"].(string)] = true
	}
	for _, p := range get(out, "context", "root").([]any) {
		m := p.(map[string]any)
		root = append(root, m["key"].(string))
		assert.NotEmpty(t, m["help"], m["key"])
		assert.True(t, types[m["type"].(string)], "type %s of %s is described", m["type"], m["key"])
	}
	assert.Equal(t, engine.ContextKeys(), root)
	for _, tp := range get(out, "context", "types").([]any) {
		for _, p := range emptyOr(tp.(map[string]any)["properties"]) {
			assert.True(t, types[p.(map[string]any)["type"].(string)], "type %s in %v", p.(map[string]any)["type"], tp)
		}
	}

	// every function the evaluator knows, and none it doesn't
	var names []string
	byName := map[string]map[string]any{}
	for _, f := range out["functions"].([]any) {
		m := f.(map[string]any)
		sig := m["signature"].(string)
		name := sig[:strings.Index(sig, "(")]
		names = append(names, name)
		byName[name] = m
		_, known := functions.Lookup(name)
		assert.True(t, known, name)
		assert.NotEmpty(t, m["summary"], name)
	}
	var want []string
	for _, n := range functions.Names() {
		if !cases.IsRegistered(n) {
			want = append(want, n)
		}
	}
	sort.Strings(names)
	assert.Equal(t, want, names)
	assert.Equal(t, "abs(number)", byName["abs"]["signature"])
	assert.Equal(t, "number (number): the number to take the absolute value of", byName["abs"]["detail"])
	assert.Equal(t, "if(test, true_value, false_value)", byName["if"]["signature"])
	assert.Equal(t, "abs is the absolute value.", byName["abs"]["summary"])
	assert.Contains(t, byName["abs"]["examples"], map[string]any{"template": "@(abs(-10))", "output": "10"})
}

func emptyOr(v any) []any {
	l, _ := v.([]any)
	return l
}

// editorInstalled says whether web/editor's packages are installed (npm ci --prefix
// web/editor); tests of the served files skip otherwise.
func editorInstalled(t *testing.T) {
	if err := server.EditorMissing(editorDir); err != nil {
		t.Skipf("the editor's packages are not installed: %s", err)
	}
}

func TestEditorPage(t *testing.T) {
	editorInstalled(t)
	h, c := newEditorHarness(t, editorDir)
	uploadTwoQuestions(t, h)
	c.login(h.token)

	resp, body := c.do("GET", "/editor/flow/"+twoQuestionsUUID, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode)
	page := string(body)
	// the 0.130.1 components before the editor's entry points, a store in the DOM first
	tc := strings.Index(page, `<script src="/editor/tc/temba-components.js">`)
	storeAt := strings.Index(page, "<temba-store ")
	main := strings.Index(page, `<script src="/editor/fe/static/js/main.`)
	assert.True(t, tc > 0 && storeAt > tc && main > storeAt, "order of components, store and editor")
	assert.Contains(t, page, `window.static_url = '/editor/tc/static/'`)
	assert.Contains(t, page, `completion="/editor/api/editor.json"`)
	assert.Contains(t, page, "--color-widget-border", "the CSS variables of the editor's sample page")
	assert.Contains(t, page, `"flowType":"messaging"`)
	for _, key := range []string{"channels", "classifiers", "languages", "flows", "fields", "globals", "groups", "revisions", "labels", "optins", "recipients", "contacts", "resthooks", "templates", "simulateStart", "simulateResume"} {
		assert.Contains(t, page, `"`+key+`":"/editor/`, key)
	}

	// every file the page loads is served
	for _, src := range []string{"/editor/tc/temba-components.js", "/editor/tc/static/svg/index.svg", "/editor/tc/locales/es.js"} {
		resp, _ = c.do("GET", src, nil)
		assert.Equal(t, http.StatusOK, resp.StatusCode, src)
	}
	for _, part := range strings.Split(page, `src="/editor/fe/`)[1:] {
		src := "/editor/fe/" + part[:strings.Index(part, `"`)]
		resp, _ = c.do("GET", src, nil)
		assert.Equal(t, http.StatusOK, resp.StatusCode, src)
		assert.Contains(t, resp.Header.Get("Content-Type"), "javascript", src)
	}
	// not the stale components copy inside the editor's build, nothing outside the packages
	for _, p := range []string{"/editor/fe/static/temba-components/temba-components.js", "/editor/fe/service-worker.js", "/editor/tc/../../flow-editor/build/index.html", "/editor/fe/static/../../package.json"} {
		resp, _ = c.do("GET", p, nil)
		assert.NotEqual(t, http.StatusOK, resp.StatusCode, p)
	}

	resp, body = c.do("GET", "/editor/flow/5e1d8b8b-7d5c-4a57-9f0e-2d5f5b3e0a11", nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(body), "The workspace has no flow with uuid &#39;5e1d8b8b-7d5c-4a57-9f0e-2d5f5b3e0a11&#39;")
}

func TestEditorMissingPackages(t *testing.T) {
	dir := t.TempDir()
	h, c := newEditorHarness(t, dir)
	uploadTwoQuestions(t, h)
	c.login(h.token)

	err := server.EditorMissing(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "@nyaruka/flow-editor is not installed")
	assert.Contains(t, err.Error(), server.EditorInstallCommand)
	resp, body := c.do("GET", "/editor/", nil)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(body), `id="missing"`)
	assert.Contains(t, string(body), "npm ci --prefix web/editor")
	resp, body = c.do("GET", "/editor/flow/"+twoQuestionsUUID, nil)
	assert.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
	assert.Contains(t, string(body), "npm ci --prefix web/editor")
	resp, body = c.do("GET", "/editor/tc/temba-components.js", nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
	assert.Contains(t, string(body), "is not installed")

	// a package at another version than the pinned one is named
	pkg := filepath.Join(dir, "node_modules", "@nyaruka", "flow-editor")
	require.NoError(t, os.MkdirAll(pkg, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(pkg, "package.json"), []byte(`{"version": "1.40.0"}`), 0o644))
	assert.ErrorContains(t, server.EditorMissing(dir), "@nyaruka/flow-editor is at version '1.40.0'")
	// the JSON endpoints don't need the packages
	c.json("GET", "/editor/api/fields.json", nil, 200)
}
