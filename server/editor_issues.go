package server

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/utils"
)

// editorIssue is a problem the editor paints on the node and lists in its Issues tab: the
// save succeeds, the node is flagged.
type editorIssue struct {
	Type        string         `json:"type"`
	NodeUUID    string         `json:"node_uuid"`
	ActionUUID  string         `json:"action_uuid,omitempty"`
	Description string         `json:"description"`
	Dependency  map[string]any `json:"dependency,omitempty"`
}

// issueInspector is the flows.Inspector the actions of a definition report to: it keeps
// the assets they need that the workspace lacks, and the locals they write.
type issueInspector struct {
	coll   *assets.Collection
	node   string
	action string
	issues []*editorIssue
	deps   []map[string]any
	seen   map[string]bool
	locals []string
}

// inspectFlow lists the definition's missing dependencies (as issues), every dependency
// and the locals it writes, against the workspace's assets. A definition that doesn't
// read has nothing to inspect (saving it is refused).
func inspectFlow(coll *assets.Collection, def json.RawMessage) (issues []*editorIssue, deps []map[string]any, locals []string) {
	f, err := definition.ReadFlow(def)
	if err != nil {
		return []*editorIssue{}, []map[string]any{}, []string{}
	}
	in := &issueInspector{coll: coll, seen: map[string]bool{}, issues: []*editorIssue{}, deps: []map[string]any{}, locals: []string{}}
	for _, n := range f.Nodes {
		in.node = string(n.UUID)
		for _, a := range n.Actions {
			in.action = string(a.UUID())
			a.Inspect(in)
		}
		in.action = ""
	}
	return in.issues, in.deps, in.locals
}

func (in *issueInspector) Templates(...string)                             {}
func (in *issueInspector) LocalizedTemplates(utils.UUID, string, []string) {}
func (in *issueInspector) Localizable(utils.UUID, string, []string)        {}
func (in *issueInspector) Result(string, []string)                         {}
func (in *issueInspector) Issue(string, string, map[string]any)            {}

func (in *issueInspector) Local(name string) {
	for _, l := range in.locals {
		if l == name {
			return
		}
	}
	in.locals = append(in.locals, name)
}

func (in *issueInspector) Dependency(ref assets.Reference) {
	if ref == nil || ref.Variable() {
		return
	}
	dep := map[string]any{}
	if data, err := json.Marshal(ref); err == nil {
		json.Unmarshal(data, &dep)
	}
	dep["type"] = ref.Type()
	key := ref.Type() + ":" + ref.Identity()
	missing := !hasAsset(in.coll, ref)
	if !in.seen[key] {
		in.seen[key] = true
		d := map[string]any{"missing": missing}
		for k, v := range dep {
			d[k] = v
		}
		in.deps = append(in.deps, d)
	}
	if missing {
		in.issues = append(in.issues, &editorIssue{Type: "missing_dependency", NodeUUID: in.node, ActionUUID: in.action,
			Description: "missing " + ref.Type() + " dependency '" + ref.Identity() + "'", Dependency: dep})
	}
}

// hasAsset says whether the workspace has the referenced asset; kinds it can't list
// (contacts) count as present.
func hasAsset(c *assets.Collection, ref assets.Reference) bool {
	id := ref.Identity()
	u := utils.UUID(id)
	switch ref.Type() {
	case "flow":
		return c.Flows.Get(u) != nil
	case "group":
		return c.Groups.Get(u) != nil
	case "field":
		return c.Fields.Get(id) != nil
	case "channel":
		return c.Channels.Get(u) != nil
	case "label":
		return c.Labels.Get(u) != nil
	case "global":
		return c.Globals.Get(id) != nil
	case "topic":
		return c.Topics.Get(u) != nil
	case "user":
		return c.Users.Get(u) != nil
	case "template":
		return c.Templates.Get(u) != nil
	case "llm":
		return c.LLMs.Get(u) != nil
	case "optin":
		return c.OptIns.Get(u) != nil
	case "classifier":
		return c.Classifiers.Get(u) != nil
	case "resthook":
		return c.Resthooks.FindBySlug(id) != nil
	}
	return true
}
