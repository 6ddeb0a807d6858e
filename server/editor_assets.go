package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/definition/migrations"
	"github.com/rivuletflows/rivulet/store"
)

// editorPage is a page of an asset list as the editor reads it: it follows `next` until
// it is null, and one page holds everything here.
type editorPage struct {
	Next    *string `json:"next"`
	Results []any   `json:"results"`
}

// editorLists are the lists the editor's asset store and forms read, by the name in their
// URL (/editor/api/NAME.json).
var editorLists = map[string]func(s *Server, r *http.Request, c *assets.Collection) ([]any, error){
	"fields":        editorFields,
	"groups":        editorGroups,
	"labels":        editorLabels,
	"globals":       editorGlobals,
	"classifiers":   editorClassifiers,
	"channels":      editorChannels,
	"flows":         editorFlows,
	"resthooks":     editorResthooks,
	"templates":     editorTemplates,
	"topics":        editorTopics,
	"users":         editorUsers,
	"optins":        editorOptIns,
	"llms":          editorLLMs,
	"languages":     editorLanguages,
	"all_languages": editorAllLanguages,
	"recipients":    editorRecipients,
	"contacts":      editorRecipients,
}

// handleEditorList answers /editor/api/NAME.json: the lists above, the workspace object
// and the completion data.
func (s *Server) handleEditorList(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSuffix(r.PathValue("list"), ".json")
	switch name {
	case "editor", "completion":
		return writeEditorJSON(w, http.StatusOK, editorCompletion())
	case "workspace":
		return s.handleEditorWorkspace(w, r)
	}
	list, ok := editorLists[name]
	if !ok {
		return notFoundProblem("editor list", "list", r.PathValue("list"))
	}
	wa, err := s.workspaceAssets(r.Context(), workspaceOf(r))
	if err != nil {
		return err
	}
	items, err := list(s, r, wa.sa.Collection)
	if err != nil {
		return err
	}
	if items == nil {
		items = []any{}
	}
	if name == "recipients" || name == "contacts" {
		return writeEditorJSON(w, http.StatusOK, map[string]any{"results": items, "more": false})
	}
	return writeEditorJSON(w, http.StatusOK, &editorPage{Results: items})
}

// editorValueTypes names Rivulet's field types as the API the editor was written for does.
var editorValueTypes = map[assets.FieldType]string{
	assets.FieldTypeText: "text", assets.FieldTypeNumber: "numeric", assets.FieldTypeDatetime: "datetime",
	assets.FieldTypeState: "state", assets.FieldTypeDistrict: "district", assets.FieldTypeWard: "ward",
}

func editorFields(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, f := range c.Fields.All() {
		out = append(out, map[string]any{"key": f.Key, "name": f.Name, "label": f.Name, "type": f.Type,
			"value_type": editorValueTypes[f.Type], "featured": false, "priority": 0})
	}
	return out, nil
}

func editorGroups(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, g := range c.Groups.All() {
		var query any
		if g.Query != "" {
			query = g.Query
		}
		out = append(out, map[string]any{"uuid": g.UUID, "name": g.Name, "query": query, "status": "ready", "system": false, "count": 0})
	}
	return out, nil
}

func editorLabels(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, l := range c.Labels.All() {
		out = append(out, map[string]any{"uuid": l.UUID, "name": l.Name, "count": 0})
	}
	return out, nil
}

func editorGlobals(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, g := range c.Globals.All() {
		out = append(out, map[string]any{"key": g.Key, "name": g.Name, "value": g.Value})
	}
	return out, nil
}

func editorClassifiers(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, cl := range c.Classifiers.All() {
		out = append(out, map[string]any{"uuid": cl.UUID, "name": cl.Name, "type": cl.Type, "intents": emptyIfNil(cl.Intents)})
	}
	return out, nil
}

func editorChannels(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, ch := range c.Channels.All() {
		out = append(out, map[string]any{"uuid": ch.UUID, "name": ch.Name, "address": ch.Address, "schemes": emptyIfNil(ch.Schemes),
			"roles": ch.Roles, "country": ch.Country})
	}
	return out, nil
}

// editorFlowTypeNames are the flow type names of the API the editor maps back to engine
// types; a flow list with engine types leaves the subflow picker empty.
var editorFlowTypeNames = map[string]string{"messaging": "message", "messaging_background": "background", "messaging_offline": "survey", "voice": "voice"}

func editorFlows(s *Server, r *http.Request, _ *assets.Collection) ([]any, error) {
	fl, err := s.store.Flows(r.Context(), workspaceOf(r).ID)
	if err != nil {
		return nil, err
	}
	var out []any
	for _, f := range fl {
		typ := editorFlowTypeNames[f.Type]
		if typ == "" {
			typ = "message"
		}
		out = append(out, map[string]any{"uuid": f.UUID, "name": f.Name, "type": typ, "archived": false, "parent_refs": []any{}})
	}
	return out, nil
}

func editorResthooks(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, rh := range c.Resthooks.All() {
		out = append(out, map[string]any{"resthook": rh.Slug, "subscribers": emptyIfNil(rh.Subscribers)})
	}
	return out, nil
}

func editorTemplates(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, t := range c.Templates.All() {
		item := map[string]any{"uuid": t.UUID, "name": t.Name}
		if len(t.Translations) > 0 {
			tr := t.Translations[0]
			item["base_translation"] = map[string]any{"channel": tr.Channel, "locale": tr.Locale, "status": "approved",
				"components": emptyIfNil(tr.Components), "variables": emptyIfNil(tr.Variables)}
		}
		out = append(out, item)
	}
	return out, nil
}

func editorTopics(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for i, t := range c.Topics.All() {
		out = append(out, map[string]any{"uuid": t.UUID, "name": t.Name, "system": i == 0})
	}
	return out, nil
}

func editorUsers(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, u := range c.Users.All() {
		first, last, _ := strings.Cut(u.Name, " ")
		out = append(out, map[string]any{"uuid": u.UUID, "email": u.Email, "name": u.Name, "first_name": first, "last_name": last})
	}
	return out, nil
}

func editorOptIns(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, o := range c.OptIns.All() {
		out = append(out, map[string]any{"uuid": o.UUID, "name": o.Name})
	}
	return out, nil
}

func editorLLMs(_ *Server, _ *http.Request, c *assets.Collection) ([]any, error) {
	var out []any
	for _, l := range c.LLMs.All() {
		out = append(out, map[string]any{"uuid": l.UUID, "name": l.Name, "type": l.Type})
	}
	return out, nil
}

// languageNames names the languages flows are most often written in; other codes are
// shown by their code.
var languageNames = map[string]string{
	"eng": "English", "spa": "Spanish", "fra": "French", "por": "Portuguese", "ara": "Arabic", "swa": "Swahili",
	"kin": "Kinyarwanda", "amh": "Amharic", "hau": "Hausa", "yor": "Yoruba", "ibo": "Igbo", "zul": "Zulu",
	"xho": "Xhosa", "som": "Somali", "hin": "Hindi", "ben": "Bengali", "urd": "Urdu", "ind": "Indonesian",
	"vie": "Vietnamese", "tha": "Thai", "zho": "Chinese", "jpn": "Japanese", "kor": "Korean", "rus": "Russian",
	"ukr": "Ukrainian", "deu": "German", "ita": "Italian", "nld": "Dutch", "tur": "Turkish", "fas": "Persian",
	"pus": "Pashto", "mya": "Burmese", "khm": "Khmer", "tgl": "Tagalog", "lug": "Ganda", "nya": "Chichewa",
	"sna": "Shona", "mlg": "Malagasy", "kir": "Kyrgyz", "uzb": "Uzbek", "pol": "Polish", "ell": "Greek",
}

func languageName(code string) string {
	if n := languageNames[code]; n != "" {
		return n
	}
	return code
}

// workspaceLanguages are the environment's allowed languages, then the languages of its
// flows, in that order and without repeats.
func (s *Server) workspaceLanguages(r *http.Request) ([]string, *workspaceAssets, error) {
	wa, err := s.workspaceAssets(r.Context(), workspaceOf(r))
	if err != nil {
		return nil, nil, err
	}
	seen := map[string]bool{}
	var out []string
	add := func(l string) {
		if l != "" && l != "und" && !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	for _, l := range wa.settings.AllowedLanguages_ {
		add(string(l))
	}
	for _, f := range wa.sa.Collection.Flows.All() {
		var h struct {
			Language     string                     `json:"language"`
			Localization map[string]json.RawMessage `json:"localization"`
		}
		json.Unmarshal(f.Definition, &h)
		add(h.Language)
		var locs []string
		for l := range h.Localization {
			locs = append(locs, l)
		}
		sort.Strings(locs)
		for _, l := range locs {
			add(l)
		}
	}
	if len(out) == 0 {
		add("eng")
	}
	return out, wa, nil
}

func editorLanguages(s *Server, r *http.Request, _ *assets.Collection) ([]any, error) {
	langs, _, err := s.workspaceLanguages(r)
	if err != nil {
		return nil, err
	}
	var out []any
	for _, l := range langs {
		out = append(out, map[string]any{"iso": l, "name": languageName(l)})
	}
	return out, nil
}

// editorAllLanguages is the components' language list, keyed by `value`: every named
// language and the workspace's own.
func editorAllLanguages(s *Server, r *http.Request, _ *assets.Collection) ([]any, error) {
	langs, _, err := s.workspaceLanguages(r)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, l := range langs {
		seen[l] = true
	}
	for l := range languageNames {
		if !seen[l] {
			langs = append(langs, l)
		}
	}
	sort.Slice(langs, func(i, j int) bool { return languageName(langs[i]) < languageName(langs[j]) })
	var out []any
	for _, l := range langs {
		out = append(out, map[string]any{"value": l, "name": languageName(l)})
	}
	return out, nil
}

// handleEditorWorkspace is the components' workspace object: its languages drive the
// editor's language selector.
func (s *Server) handleEditorWorkspace(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	langs, wa, err := s.workspaceLanguages(r)
	if err != nil {
		return err
	}
	dateStyle := "year_first"
	switch wa.settings.DateFormat_ {
	case envs.DateFormatDayMonthYear:
		dateStyle = "day_first"
	case envs.DateFormatMonthDayYear:
		dateStyle = "month_first"
	}
	return writeEditorJSON(w, http.StatusOK, map[string]any{"uuid": ws.UUID, "name": ws.Name, "languages": langs,
		"timezone": wa.settings.Timezone_, "date_style": dateStyle, "country": wa.settings.DefaultCountry_,
		"anon": wa.settings.RedactionPolicy_ == envs.RedactionPolicyURNs, "primary_language": langs[0]})
}

// editorRecipients answers the broadcast and start pickers: groups (for recipients) and
// stored contacts whose name or URN holds the `search` text.
func editorRecipients(s *Server, r *http.Request, c *assets.Collection) ([]any, error) {
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("search")))
	types := r.URL.Query().Get("types")
	if types == "" {
		types = "gc"
	}
	var out []any
	if strings.Contains(types, "g") {
		for _, g := range c.Groups.All() {
			if strings.Contains(strings.ToLower(g.Name), q) {
				out = append(out, map[string]any{"id": g.UUID, "uuid": g.UUID, "name": g.Name, "type": "group", "count": 0})
			}
		}
	}
	if strings.Contains(types, "c") {
		cs, err := s.store.Contacts(r.Context(), workspaceOf(r).ID, "", maxPageSize)
		if err != nil {
			return nil, err
		}
		for _, sc := range cs {
			var ct struct {
				Name string `json:"name"`
			}
			json.Unmarshal(sc.Data, &ct)
			urn := ""
			if len(sc.URNs) > 0 {
				urn = sc.URNs[0]
			}
			if strings.Contains(strings.ToLower(ct.Name), q) || strings.Contains(strings.ToLower(urn), q) {
				name := ct.Name
				if name == "" {
					name = urn
				}
				out = append(out, map[string]any{"id": sc.UUID, "uuid": sc.UUID, "name": name, "type": "contact", "urn": urn})
			}
		}
	}
	return out, nil
}

// emptyIfNil keeps lists from being answered as null, which the editor's forms can't read.
func emptyIfNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// editorCreateInput is what the components' selects post to create a group, label,
// opt-in (name) or field (label and value_type) while a form is open.
type editorCreateInput struct {
	Name      string `json:"name"`
	Label     string `json:"label"`
	ValueType string `json:"value_type"`
	Arbitrary bool   `json:"arbitrary"`
}

var fieldKeyUnsafe = regexp.MustCompile(`[^a-z0-9]+`)

// handleEditorCreate adds a group, label, opt-in or field to the workspace's assets and
// answers it as its list shows it.
func (s *Server) handleEditorCreate(w http.ResponseWriter, r *http.Request) error {
	name := strings.TrimSuffix(r.PathValue("list"), ".json")
	in := &editorCreateInput{}
	if err := decodeBody(r, in); err != nil {
		return err
	}
	var item map[string]any
	var answer map[string]any
	switch name {
	case "groups", "labels", "optins":
		n := strings.TrimSpace(in.Name)
		if n == "" || len(n) > 64 {
			return invalid("name", in.Name, "field 'name' has invalid value '%s': must be 1 to 64 characters", in.Name)
		}
		u := uuid.NewString()
		item = map[string]any{"uuid": u, "name": n}
		answer = map[string]any{"uuid": u, "name": n}
		if name == "groups" {
			answer["query"], answer["status"], answer["count"] = nil, "ready", 0
		}
	case "fields":
		label := strings.TrimSpace(in.Label)
		key := strings.Trim(fieldKeyUnsafe.ReplaceAllString(strings.ToLower(label), "_"), "_")
		if label == "" || len(label) > 36 || key == "" {
			return invalid("label", in.Label, "field 'label' has invalid value '%s': must be 1 to 36 characters with a letter or digit", in.Label)
		}
		typ := assets.FieldTypeText
		for t, vt := range editorValueTypes {
			if vt == in.ValueType || string(t) == in.ValueType {
				typ = t
			}
		}
		if in.ValueType != "" && editorValueTypes[typ] != in.ValueType && string(typ) != in.ValueType {
			return invalid("value_type", in.ValueType, "field 'value_type' has invalid value '%s': must be text, numeric, datetime, state, district or ward", in.ValueType)
		}
		item = map[string]any{"key": key, "name": label, "type": typ}
		answer = map[string]any{"key": key, "name": label, "label": label, "type": typ, "value_type": editorValueTypes[typ]}
	default:
		return problemf(http.StatusMethodNotAllowed, "list", r.PathValue("list"), "list '%s' can't be added to from the editor", r.PathValue("list"))
	}
	if err := s.addEditorAsset(r, name, item); err != nil {
		return err
	}
	return writeEditorJSON(w, http.StatusOK, answer)
}

// addEditorAsset appends one record to a list of the workspace's assets document and saves
// it with the current flows (their revisions don't change).
func (s *Server) addEditorAsset(r *http.Request, list string, item map[string]any) error {
	ws := workspaceOf(r)
	mu := s.editor.saveLock(ws.ID)
	mu.Lock()
	defer mu.Unlock()
	doc, err := s.editorAssetsDoc(r)
	if err != nil {
		return err
	}
	var items []map[string]any
	if raw, ok := doc[list]; ok {
		if err := json.Unmarshal(raw, &items); err != nil {
			return fmt.Errorf("stored assets list '%s' doesn't read: %w", list, err)
		}
	}
	for _, it := range items {
		if it["name"] == item["name"] || (item["key"] != nil && it["key"] == item["key"]) {
			return problemf(http.StatusConflict, "name", item["name"], "the workspace already has %s named '%v'", strings.TrimSuffix(list, "s"), item["name"])
		}
	}
	items = append(items, item)
	doc[list], _ = json.Marshal(items)
	return s.saveEditorDoc(r, doc, "")
}

// editorAssetsDoc reads the workspace's assets document as its top-level lists.
func (s *Server) editorAssetsDoc(r *http.Request) (map[string]json.RawMessage, error) {
	raw, err := s.store.Assets(r.Context(), workspaceOf(r).ID)
	if err != nil {
		return nil, err
	}
	doc := map[string]json.RawMessage{}
	if raw != nil {
		if err := json.Unmarshal(raw, &doc); err != nil {
			return nil, fmt.Errorf("stored assets don't read: %w", err)
		}
	}
	return doc, nil
}

// saveEditorDoc checks the assets document as an upload would be checked and saves it
// with its flows; changed is the flow whose revision this save adds, if any.
func (s *Server) saveEditorDoc(r *http.Request, doc map[string]json.RawMessage, changed string) error {
	ws := workspaceOf(r)
	data, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	wa, err := loadAssets(data, 0)
	if err != nil {
		return invalid("", nil, "%s", err)
	}
	var fl []*store.Flow
	for _, f := range wa.sa.Collection.Flows.All() {
		def, err := definition.ReadFlow(f.Definition)
		if err != nil {
			return invalid("definition", string(f.UUID), "flow '%s' (%s) is invalid: %s", f.Name, f.UUID, err)
		}
		fl = append(fl, &store.Flow{UUID: string(f.UUID), Name: def.Name, Type: string(def.Type),
			SpecVersion: migrations.CurrentVersion.String(), Definition: f.Definition})
	}
	if err := s.store.SaveAssets(r.Context(), ws.ID, data, fl, s.clock.Now()); err != nil {
		return err
	}
	s.forgetWorkspace(ws.ID)
	s.log.Info("assets saved from the editor", "workspace", ws.UUID, "flow", changed)
	return nil
}
