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
	"github.com/rivuletflows/rivulet/flows/routers"
	"github.com/rivuletflows/rivulet/utils"
)

// checkIssue is something a flow author should fix, found by a rule.
type checkIssue struct {
	Rule        string     `json:"rule"`
	Severity    string     `json:"severity"`
	NodeUUID    utils.UUID `json:"node_uuid,omitempty"`
	Description string     `json:"description"`
	Fix         string     `json:"fix"`
}

// newIssue makes an issue of a rule, with the rule's severity and fix.
func newIssue(rule string, node utils.UUID, description string) *checkIssue {
	r := ruleByName(rule)
	if r == nil { // a rule missing from checkRules: still reported, as a warning
		r = &checkRule{Name: rule, Severity: severityWarning, Fix: "read the description"}
	}
	return &checkIssue{Rule: rule, Severity: r.Severity, NodeUUID: node, Description: description, Fix: r.Fix}
}

// checkedFlow is the report on one flow of the assets file.
type checkedFlow struct {
	UUID    utils.UUID    `json:"uuid"`
	Name    string        `json:"name"`
	Valid   bool          `json:"valid"`
	Issues  []*checkIssue `json:"issues"`
	Ignored int           `json:"ignored"`
}

func runCheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("check", stderr,
		"usage: flowrunner check [-json] [-ignore RULE[:NODE]]... ASSETS.json",
		"   or: flowrunner check -rules",
		"Reads and validates every flow of an assets file, then lists what an author should fix: missing",
		"dependencies, templates that don't parse, unknown functions, wrong argument counts, results used",
		"but never set, nodes no exit leads to, routers without a default category... (-rules lists them).",
		"A flow silences rules with \"_check\": {\"ignore\": [\"RULE\", \"RULE:NODE_UUID\"]} in its definition.",
		"Exit 0 when clean, 1 with issues or invalid flows, 2 when the file can't be read.",
	)
	asJSON := fs.Bool("json", false, "print the report as JSON: {\"flows\": [{\"uuid\", \"name\", \"valid\", \"issues\": [...], \"ignored\"}]}")
	listRules := fs.Bool("rules", false, "list the rules with their severity and what they find")
	var ignores stringsFlag
	fs.Var(&ignores, "ignore", "silence a `RULE` (or RULE:NODE_UUID for one node); may be repeated or comma-separated")
	min := 1
	if hasFlag(args, "rules") {
		min = 0
	}
	pos, code, ok := parseArgs(fs, args, min, 1)
	if !ok {
		return code
	}
	if *listRules {
		if *asJSON {
			writeJSON(stdout, map[string]any{"rules": checkRules})
		} else {
			writeRules(stdout)
		}
		return exitOK
	}
	ignored := ignoreList{}
	if unknown := ignored.add(ignores...); len(unknown) > 0 {
		fmt.Fprintf(stderr, "flowrunner: flag -ignore: unknown rule '%s' (flowrunner check -rules lists them)\n", unknown[0])
		return exitInput
	}
	data, err := os.ReadFile(pos[0])
	if err != nil {
		return fail(stderr, badInput(err))
	}
	src, err := static.ReadSource(data)
	if err != nil {
		return fail(stderr, badInputf("%s: %w", pos[0], err))
	}
	if len(src.Flows()) == 0 {
		if *asJSON {
			writeJSON(stdout, map[string]any{"flows": []*checkedFlow{}})
		}
		if keys, err := topLevelKeys(pos[0]); err == nil && keys["trigger"] {
			return fail(stderr, badInputf("%s is a test file (it has a trigger), not an assets file", pos[0]))
		}
		fmt.Fprintf(stderr, "flowrunner: %s has no flows to check\n", pos[0])
		return exitProblem
	}
	coll := src.Collection()
	var report []*checkedFlow
	problems := 0
	for _, f := range src.Flows() {
		cf := checkFlow(coll, f, ignored)
		problems += len(cf.Issues)
		report = append(report, cf)
	}
	if *asJSON {
		writeJSON(stdout, map[string]any{"flows": report})
	} else {
		for _, cf := range report {
			silenced := ""
			if cf.Ignored > 0 {
				silenced = fmt.Sprintf(" (%s ignored)", plural(cf.Ignored, "issue"))
			}
			if len(cf.Issues) == 0 {
				fmt.Fprintf(stdout, "flow %s (%s): ok%s\n", cf.UUID, cf.Name, silenced)
				continue
			}
			if !cf.Valid {
				fmt.Fprintf(stdout, "flow %s (%s): %s: %s\n", cf.UUID, cf.Name, ruleInvalid, cf.Issues[0].Description)
				continue
			}
			fmt.Fprintf(stdout, "flow %s (%s): %s%s\n", cf.UUID, cf.Name, plural(len(cf.Issues), "issue"), silenced)
			for _, is := range cf.Issues {
				where := ""
				if is.NodeUUID != "" {
					where = " (node " + string(is.NodeUUID) + ")"
				}
				fmt.Fprintf(stdout, "  - %s %s: %s%s\n", is.Severity, is.Rule, is.Description, where)
				fmt.Fprintf(stdout, "    fix: %s\n", is.Fix)
			}
		}
	}
	if problems > 0 {
		return exitProblem
	}
	return exitOK
}

// hasFlag reports whether a command line holds -name or --name (before parsing, to relax
// the count of arguments a flag makes optional).
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if a == "-"+name || a == "--"+name {
			return true
		}
	}
	return false
}

// writeJSON prints v as indented JSON without HTML escaping.
func writeJSON(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "    ")
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// flowIgnores reads the rules a flow silences, from "_check": {"ignore": [...]} in its
// definition; names it doesn't know are returned apart.
func flowIgnores(definition []byte) (ignoreList, []string) {
	var head struct {
		Check struct {
			Ignore []string `json:"ignore"`
		} `json:"_check"`
	}
	json.Unmarshal(definition, &head) // a malformed list silences nothing
	l := ignoreList{}
	unknown := l.add(head.Check.Ignore...)
	return l, unknown
}

// checkFlow reads a flow and, when it is valid, inspects it for what an author should fix;
// issues that the command line or the flow silence are counted, not listed.
func checkFlow(coll *assets.Collection, f *assets.Flow, ignored ignoreList) *checkedFlow {
	cf := &checkedFlow{UUID: f.UUID, Name: f.Name, Issues: []*checkIssue{}}
	flow, err := definition.ReadFlow(f.Definition)
	if err != nil {
		cf.Issues = append(cf.Issues, newIssue(ruleInvalid, "", err.Error()))
		return cf
	}
	cf.Valid = true
	c := &flowChecker{coll: coll, flow: flow, set: map[string]bool{}, seenDep: map[string]bool{}}
	own, unknown := flowIgnores(f.Definition)
	for _, name := range unknown {
		c.add(ruleUnknownRule, "the flow's _check.ignore names '%s', which is not a rule", name)
	}
	c.inspect()
	c.checkResults()
	c.checkGraph()
	c.checkLimits()
	for _, is := range c.issues {
		if ignored.silences(is) || own.silences(is) {
			cf.Ignored++
			continue
		}
		cf.Issues = append(cf.Issues, is)
	}
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

func (c *flowChecker) add(rule string, format string, args ...any) {
	c.issues = append(c.issues, newIssue(rule, c.node, fmt.Sprintf(format, args...)))
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
				c.checkCase(cs)
				c.Templates(cs.Arguments...)
			}
			if r.Type == routers.TypeSwitch && len(r.Cases) > 0 && r.DefaultCategoryUUID == "" {
				c.add(ruleNoDefault, "the router has %s and no default category", plural(len(r.Cases), "case"))
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
			c.add(ruleBadTemplate, "template %q doesn't parse: %s", t, err)
		} else {
			c.checkCalls(t)
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
	c.add(ruleMissingDep, "%s '%s' is not in the assets file", ref.Type(), ref.Identity())
}

// Result records a result the flow sets.
func (c *flowChecker) Result(name string, _ []string) { c.set[engine.Snakify(name)] = true }

// Local has nothing to check.
func (c *flowChecker) Local(string) {}

// Issue passes on what a component itself finds questionable.
func (c *flowChecker) Issue(_ string, description string, _ map[string]any) {
	c.add(ruleInspectorIssue, "%s", description)
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
		c.issues = append(c.issues, newIssue(ruleUnsetResult, u.node, fmt.Sprintf("result '%s' is used but never set in this flow", u.key)))
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
		c.issues = append(c.issues, newIssue(ruleUnreachable, utils.UUID(u), "no exit leads to this node"))
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
		var timeoutCategory utils.UUID
		if w := n.Router.Wait; w != nil && w.Timeout != nil {
			timeoutCategory = w.Timeout.CategoryUUID
		}
		for _, cat := range n.Router.Categories {
			if cat.UUID == timeoutCategory {
				continue // ending the flow when nobody answers is the usual no-response pattern
			}
			if e := n.Exit(cat.ExitUUID); e != nil && e.DestinationUUID == "" {
				c.issues = append(c.issues, newIssue(ruleDeadEndExit, n.UUID,
					fmt.Sprintf("category '%s' ends the flow while the node's other categories continue", cat.Name)))
			}
		}
	}
}
