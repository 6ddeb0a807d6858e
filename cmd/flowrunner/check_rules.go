package main

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// The severities of check rules: an error is something that goes wrong when the flow runs,
// a warning something that is probably a mistake.
const (
	severityError   = "error"
	severityWarning = "warning"
)

// checkRule is one thing `flowrunner check` looks for: its name (used in reports and to
// silence it), its severity and a short explanation of how to fix what it finds.
type checkRule struct {
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Summary  string `json:"summary"`
	Fix      string `json:"fix"`
}

// The names of the rules.
const (
	ruleInvalid        = "invalid_flow"
	ruleMissingDep     = "missing_dependency"
	ruleBadTemplate    = "template_error"
	ruleUnknownFunc    = "unknown_function"
	ruleArgCount       = "wrong_argument_count"
	ruleUnsetResult    = "result_never_set"
	ruleUnreachable    = "unreachable_node"
	ruleDeadEndExit    = "exit_leads_nowhere"
	ruleNoDefault      = "no_default_category"
	ruleInspectorIssue = "flow_issue"
	ruleUnknownRule    = "unknown_rule"
	ruleExceedsLimit   = "exceeds_sprint_limit"
)

// checkRules lists every rule, in the order `check -rules` prints them.
var checkRules = []*checkRule{
	{ruleInvalid, severityError, "the flow can't be read, so it can't run at all",
		"fix the field the message names; `flowrunner migrate` shows an older flow in the current spec"},
	{ruleMissingDep, severityError, "an action or router refers to a group, field, flow, channel... the assets file lacks",
		"add the asset to the assets file, or point the action at one that is there"},
	{ruleBadTemplate, severityError, "a text has an expression that doesn't parse; it would be sent with an error in it",
		"close every @( with ), put text in double quotes, write @@ for a literal @"},
	{ruleUnknownFunc, severityError, "an expression calls a function that doesn't exist (it fails when it runs)",
		"check the spelling against docs/reference/functions.md"},
	{ruleArgCount, severityError, "a function or a router case is given the wrong number of arguments (it fails when it runs)",
		"give it the arguments its reference page lists; a case's arguments come after the operand"},
	{ruleUnsetResult, severityWarning, "a text uses @results.NAME but nothing in the flow saves a result of that name",
		"save it (a router's result name, or set_run_result), or correct the name"},
	{ruleUnreachable, severityWarning, "no exit leads to this node, so it never runs",
		"connect an exit to it, or delete it"},
	{ruleDeadEndExit, severityWarning, "a category ends the flow while the node's other categories continue",
		"connect its exit to a node; if ending there is what you want, ignore the rule for the flow"},
	{ruleNoDefault, severityWarning, "a router with cases has no default category: an answer no case matches ends the flow with no category",
		"add an \"Other\" category and name it in default_category_uuid"},
	{ruleInspectorIssue, severityWarning, "an action reports something questionable about itself",
		"read the description; it names the field"},
	{ruleExceedsLimit, severityError, "the path every sprint takes certainly exceeds a sprint's budget of text or events, or loops until the steps limit, so the sprint fails",
		"send less text, or put a wait (or a router that can leave the loop) on the path"},
	{ruleUnknownRule, severityWarning, "the flow's _check.ignore list names a rule that doesn't exist",
		"correct the name; `flowrunner check -rules` lists them"},
}

// ruleByName returns the rule of that name, nil when there is none.
func ruleByName(name string) *checkRule {
	for _, r := range checkRules {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// writeRules prints the rules as a table.
func writeRules(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tWHAT IT FINDS")
	for _, r := range checkRules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Name, r.Severity, r.Summary)
	}
	tw.Flush()
}

// ignoreList is a set of silenced rules: "rule" silences it everywhere, "rule:NODE_UUID"
// on one node only.
type ignoreList map[string]bool

// parseIgnores reads entries such as "exit_leads_nowhere" or
// "unreachable_node:NODE_UUID", separated by commas; it returns the names it doesn't know.
func (l ignoreList) add(entries ...string) (unknown []string) {
	for _, e := range entries {
		for _, part := range strings.Split(e, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			name, _, _ := strings.Cut(part, ":")
			if ruleByName(name) == nil {
				unknown = append(unknown, name)
				continue
			}
			l[part] = true
		}
	}
	sort.Strings(unknown)
	return unknown
}

// silences reports whether the list silences an issue.
func (l ignoreList) silences(is *checkIssue) bool {
	return l[is.Rule] || (is.NodeUUID != "" && l[is.Rule+":"+string(is.NodeUUID)])
}

// stringsFlag is a flag that may be given several times.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ",") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

// plural writes a count with its noun: "1 issue", "2 issues".
func plural(n int, noun string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", noun)
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
