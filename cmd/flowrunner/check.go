package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/utils"
)

// The kinds of issue `flowrunner check` reports.
const (
	issueInvalid        = "invalid_flow"
	issueMissingDep     = "missing_dependency"
	issueUnsetResult    = "result_never_set"
	issueBadTemplate    = "template_error"
	issueUnreachable    = "unreachable_node"
	issueDeadEndExit    = "exit_leads_nowhere"
	issueInspectorIssue = "flow_issue"
)

// checkIssue is something a flow author should fix.
type checkIssue struct {
	Type        string     `json:"type"`
	NodeUUID    utils.UUID `json:"node_uuid,omitempty"`
	Description string     `json:"description"`
}

// checkedFlow is the report on one flow of the assets file.
type checkedFlow struct {
	UUID   utils.UUID    `json:"uuid"`
	Name   string        `json:"name"`
	Valid  bool          `json:"valid"`
	Issues []*checkIssue `json:"issues"`
}

func runCheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", stderr,
		"usage: flowrunner check [-json] ASSETS.json",
		"Reads and validates every flow of an assets file, then lists what an author should fix:",
		"missing dependencies, results used but never set, templates that don't parse, nodes that",
		"can't be reached and exits leading nowhere beside exits that continue.",
		"Exit 0 when clean, 1 with issues or invalid flows, 2 when the file can't be read.",
	)
	asJSON := fs.Bool("json", false, "print the report as JSON: {\"flows\": [{\"uuid\", \"name\", \"valid\", \"issues\": [...]}]}")
	pos, code, ok := parseArgs(fs, args, 1, 1)
	if !ok {
		return code
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 2
	}
	src, err := static.ReadSource(data)
	if err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 2
	}
	coll := src.Collection()
	var report []*checkedFlow
	problems := 0
	for _, f := range src.Flows() {
		cf := checkFlow(coll, f)
		problems += len(cf.Issues)
		report = append(report, cf)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "    ")
		enc.SetEscapeHTML(false)
		if report == nil {
			report = []*checkedFlow{}
		}
		enc.Encode(map[string]any{"flows": report})
	} else {
		for _, cf := range report {
			if len(cf.Issues) == 0 {
				fmt.Fprintf(stdout, "flow %s (%s): ok\n", cf.UUID, cf.Name)
				continue
			}
			if !cf.Valid {
				fmt.Fprintf(stdout, "flow %s (%s): %s\n", cf.UUID, cf.Name, cf.Issues[0].Description)
				continue
			}
			fmt.Fprintf(stdout, "flow %s (%s): %d issues\n", cf.UUID, cf.Name, len(cf.Issues))
			for _, is := range cf.Issues {
				where := ""
				if is.NodeUUID != "" {
					where = " (node " + string(is.NodeUUID) + ")"
				}
				fmt.Fprintf(stdout, "  - %s: %s%s\n", is.Type, is.Description, where)
			}
		}
	}
	if problems > 0 {
		return 1
	}
	return 0
}

// checkFlow reads a flow and, when it is valid, inspects it for what an author should fix.
func checkFlow(coll *assets.Collection, f *assets.Flow) *checkedFlow {
	cf := &checkedFlow{UUID: f.UUID, Name: f.Name, Issues: []*checkIssue{}}
	flow, err := definition.ReadFlow(f.Definition)
	if err != nil {
		cf.Issues = append(cf.Issues, &checkIssue{Type: issueInvalid, Description: err.Error()})
		return cf
	}
	cf.Valid = true
	c := &flowChecker{coll: coll, flow: flow, set: map[string]bool{}, seenDep: map[string]bool{}}
	c.inspect()
	c.checkResults()
	c.checkGraph()
	cf.Issues = append(cf.Issues, c.issues...)
	return cf
}

// flowChecker gathers the issues of one flow. It is the flows.Inspector actions report
// their templates, dependencies and results to.
type flowChecker struct {
	coll   *assets.Collection
	flow   *definition.Flow
	node   utils.UUID
	issues []*checkIssue

	set     map[string]bool // result keys set anywhere in the flow
	used    []usedResult    // results templates refer to
	seenDep map[string]bool
}

type usedResult struct {
	key  string
	node utils.UUID
}

func (c *flowChecker) add(typ string, format string, args ...any) {
	c.issues = append(c.issues, &checkIssue{Type: typ, NodeUUID: c.node, Description: fmt.Sprintf(format, args...)})
}

func (c *flowChecker) inspect() {
	for _, n := range c.flow.Nodes {
		c.node = n.UUID
		for _, a := range n.Actions {
			a.Inspect(c)
		}
		if r := n.Router; r != nil {
			if r.Operand != "" {
				c.Templates(r.Operand)
			}
			for _, cs := range r.Cases {
				c.Templates(cs.Arguments...)
			}
			if r.Wait != nil && r.Wait.Phone != "" {
				c.Templates(r.Wait.Phone)
			}
			if r.ResultName != "" {
				c.Result(r.ResultName, nil)
			}
		}
	}
	c.node = ""
}

// Templates checks that texts parse and records the results they refer to.
func (c *flowChecker) Templates(texts ...string) {
	for _, t := range texts {
		if _, err := excellent.ParseTemplate(t); err != nil {
			c.add(issueBadTemplate, "template %q doesn't parse: %s", t, err)
		}
		for _, path := range excellent.ContextPaths(t) {
			key := ""
			switch {
			case len(path) >= 2 && path[0] == "results":
				key = path[1]
			case len(path) >= 3 && path[0] == "run" && path[1] == "results":
				key = path[2]
			}
			if key != "" {
				c.used = append(c.used, usedResult{strings.ToLower(key), c.node})
			}
		}
	}
}

// LocalizedTemplates checks the texts and their translations.
func (c *flowChecker) LocalizedTemplates(uuid utils.UUID, key string, texts []string) {
	c.Templates(texts...)
	for _, lang := range c.flow.Localization.Languages() {
		if tr, ok := c.flow.Localization.Texts(lang, uuid, key); ok {
			c.Templates(tr...)
		}
	}
}

// Localizable has nothing to check: the texts are not templates.
func (c *flowChecker) Localizable(utils.UUID, string, []string) {}

// Dependency reports assets the file lacks.
func (c *flowChecker) Dependency(ref assets.Reference) {
	if ref == nil || ref.Variable() || c.hasAsset(ref) {
		return
	}
	id := ref.Type() + ":" + ref.Identity()
	if c.seenDep[id] {
		return
	}
	c.seenDep[id] = true
	c.add(issueMissingDep, "%s '%s' is not in the assets file", ref.Type(), ref.Identity())
}

// Result records a result the flow sets.
func (c *flowChecker) Result(name string, _ []string) { c.set[engine.Snakify(name)] = true }

// Local has nothing to check.
func (c *flowChecker) Local(string) {}

// Issue passes on what a component itself finds questionable.
func (c *flowChecker) Issue(_ string, description string, _ map[string]any) {
	c.add(issueInspectorIssue, "%s", description)
}

func (c *flowChecker) hasAsset(ref assets.Reference) bool {
	id := ref.Identity()
	u := utils.UUID(id)
	switch ref.Type() {
	case "flow":
		return c.coll.Flows.Get(u) != nil
	case "group":
		return c.coll.Groups.Get(u) != nil
	case "field":
		return c.coll.Fields.Get(id) != nil
	case "channel":
		return c.coll.Channels.Get(u) != nil
	case "label":
		return c.coll.Labels.Get(u) != nil
	case "global":
		return c.coll.Globals.Get(id) != nil
	case "topic":
		return c.coll.Topics.Get(u) != nil
	case "user":
		return c.coll.Users.Get(u) != nil
	case "template":
		return c.coll.Templates.Get(u) != nil
	case "llm":
		return c.coll.LLMs.Get(u) != nil
	case "campaign":
		return c.coll.Campaigns.Get(u) != nil
	case "optin":
		return c.coll.OptIns.Get(u) != nil
	case "classifier":
		return c.coll.Classifiers.Get(u) != nil
	case "ticketer":
		return c.coll.Ticketers.Get(u) != nil
	}
	return true // kinds the assets file can't list (e.g. contacts) are not reported
}

// checkResults reports results that templates use but no router or action sets.
func (c *flowChecker) checkResults() {
	seen := map[string]bool{}
	for _, u := range c.used {
		if c.set[u.key] || seen[u.key] {
			continue
		}
		seen[u.key] = true
		c.issues = append(c.issues, &checkIssue{Type: issueUnsetResult, NodeUUID: u.node,
			Description: fmt.Sprintf("result '%s' is used but never set in this flow", u.key)})
	}
}

// checkGraph reports nodes that no exit leads to, and exits leading nowhere on nodes
// whose other exits continue.
func (c *flowChecker) checkGraph() {
	nodes := c.flow.Nodes
	if len(nodes) == 0 {
		return
	}
	reached := map[utils.UUID]bool{nodes[0].UUID: true}
	queue := []utils.UUID{nodes[0].UUID}
	for len(queue) > 0 {
		n := c.flow.Node(queue[0])
		queue = queue[1:]
		for _, e := range n.Exits {
			if d := e.DestinationUUID; d != "" && !reached[d] {
				reached[d] = true
				queue = append(queue, d)
			}
		}
	}
	var unreachable []string
	for _, n := range nodes {
		if !reached[n.UUID] {
			unreachable = append(unreachable, string(n.UUID))
		}
	}
	sort.Strings(unreachable)
	for _, u := range unreachable {
		c.issues = append(c.issues, &checkIssue{Type: issueUnreachable, NodeUUID: utils.UUID(u),
			Description: "no exit leads to this node"})
	}
	for _, n := range nodes {
		if n.Router == nil || len(n.Exits) < 2 {
			continue
		}
		continuing := 0
		for _, e := range n.Exits {
			if e.DestinationUUID != "" {
				continuing++
			}
		}
		if continuing == 0 {
			continue
		}
		for _, cat := range n.Router.Categories {
			if e := n.Exit(cat.ExitUUID); e != nil && e.DestinationUUID == "" {
				c.issues = append(c.issues, &checkIssue{Type: issueDeadEndExit, NodeUUID: n.UUID,
					Description: fmt.Sprintf("category '%s' ends the flow while the node's other categories continue", cat.Name)})
			}
		}
	}
}
