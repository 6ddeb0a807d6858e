package server

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
	"sync"

	"github.com/rivuletflows/rivulet/docs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/routers/cases"
)

// The completion data of the editor's autocomplete (temba-store's `completion`): the
// context an expression reads and the functions it can call, in the format goflow's docgen
// writes as editor.json. The root names come from the engine's own context and the
// functions from the registry the evaluator looks them up in, with the summaries and
// examples of the generated reference page; the properties of each context type are
// described here, and a test checks the root names against the engine.

// completionProperty is one property of a context type.
type completionProperty struct {
	Key  string `json:"key"`
	Help string `json:"help"`
	Type string `json:"type"`
}

// completionType is a type of the context: fixed properties, or properties named by an
// asset list (key_source) that all follow one template.
type completionType struct {
	Name             string                `json:"name"`
	KeySource        string                `json:"key_source,omitempty"`
	PropertyTemplate *completionProperty   `json:"property_template,omitempty"`
	Properties       []*completionProperty `json:"properties,omitempty"`
}

// completionFunction is one function as the autocomplete shows it.
type completionFunction struct {
	Signature string              `json:"signature"`
	Summary   string              `json:"summary"`
	Detail    string              `json:"detail"`
	Examples  []completionExample `json:"examples"`
}

type completionExample struct {
	Template string `json:"template"`
	Output   string `json:"output"`
}

func props(kv ...string) []*completionProperty {
	var out []*completionProperty
	for i := 0; i+2 < len(kv); i += 3 {
		out = append(out, &completionProperty{Key: kv[i], Type: kv[i+1], Help: kv[i+2]})
	}
	return out
}

// contextRoot describes each root name of the engine's context.
var contextRoot = map[string]*completionProperty{
	"child":        {Type: "related_run", Help: "the last subflow run of this run"},
	"contact":      {Type: "contact", Help: "the contact"},
	"fields":       {Type: "fields", Help: "the contact's custom field values, by key"},
	"globals":      {Type: "globals", Help: "the workspace's global values, by key"},
	"input":        {Type: "input", Help: "the last input of the contact"},
	"legacy_extra": {Type: "any", Help: "the legacy extra of migrated flows (deprecated)"},
	"locals":       {Type: "any", Help: "the run's local variables"},
	"node":         {Type: "node", Help: "the current node"},
	"parent":       {Type: "related_run", Help: "the run that started this one as a subflow"},
	"results":      {Type: "results", Help: "the results saved by this run, by key"},
	"resume":       {Type: "resume", Help: "what resumed the session last"},
	"run":          {Type: "run", Help: "the current run"},
	"ticket":       {Type: "ticket", Help: "the ticket opened last"},
	"trigger":      {Type: "trigger", Help: "what started the session"},
	"urns":         {Type: "urns", Help: "the contact's URNs, by scheme"},
	"webhook":      {Type: "any", Help: "the answer of the last webhook call, parsed as JSON"},
}

// contextTypes are the properties of each context type.
var contextTypes = []*completionType{
	{Name: "fields", KeySource: "fields", PropertyTemplate: &completionProperty{Key: "{key}", Help: "{key} for the contact", Type: "any"}},
	{Name: "globals", KeySource: "globals", PropertyTemplate: &completionProperty{Key: "{key}", Help: "the value of {key}", Type: "text"}},
	{Name: "results", KeySource: "results", PropertyTemplate: &completionProperty{Key: "{key}", Help: "the result {key}", Type: "result"}},
	{Name: "contact", Properties: props(
		"uuid", "text", "the UUID of the contact",
		"name", "text", "the full name of the contact",
		"first_name", "text", "the first name of the contact",
		"language", "text", "the language of the contact as a 3-letter ISO code",
		"status", "text", "the status of the contact (active, blocked, stopped, archived)",
		"created_on", "datetime", "when the contact was created",
		"last_seen_on", "datetime", "when the contact last sent a message",
		"urns", "text", "the URNs of the contact",
		"urn", "text", "the preferred URN of the contact",
		"groups", "group", "the groups the contact belongs to",
		"fields", "fields", "the custom field values of the contact",
		"tickets", "ticket", "the open tickets of the contact",
		"channel", "channel", "the preferred channel of the contact",
		"timezone", "text", "the timezone of the contact")},
	{Name: "urns", Properties: props(
		"tel", "text", "the phone number of the contact",
		"whatsapp", "text", "the WhatsApp number of the contact",
		"telegram", "text", "the Telegram ID of the contact",
		"facebook", "text", "the Facebook ID of the contact",
		"mailto", "text", "the email address of the contact",
		"ext", "text", "the external ID of the contact")},
	{Name: "input", Properties: props(
		"uuid", "text", "the UUID of the input",
		"type", "text", "the type of the input (msg)",
		"text", "text", "the text of the input",
		"attachments", "text", "the attachments of the input",
		"urn", "text", "the URN the input came from",
		"channel", "channel", "the channel the input came on",
		"created_on", "datetime", "when the input arrived",
		"external_id", "text", "the ID the channel gave the input")},
	{Name: "result", Properties: props(
		"name", "text", "the name of the result",
		"value", "text", "the value of the result",
		"category", "text", "the category of the result",
		"category_localized", "text", "the category in the contact's language",
		"input", "text", "the input the result was taken from",
		"node_uuid", "text", "the UUID of the node that saved the result",
		"created_on", "datetime", "when the result was saved",
		"values", "text", "the values of the result",
		"categories", "text", "the categories of the result",
		"extra", "any", "what the result carries beyond its value")},
	{Name: "run", Properties: props(
		"uuid", "text", "the UUID of the run",
		"flow", "flow", "the flow of the run",
		"status", "text", "the status of the run",
		"results", "results", "the results of the run",
		"path", "any", "the steps of the run",
		"created_on", "datetime", "when the run started",
		"exited_on", "datetime", "when the run ended")},
	{Name: "related_run", Properties: props(
		"uuid", "text", "the UUID of the run",
		"flow", "flow", "the flow of the run",
		"status", "text", "the status of the run",
		"results", "results", "the results of the run",
		"contact", "contact", "the contact of the run",
		"fields", "fields", "the custom field values of the run's contact",
		"urns", "urns", "the URNs of the run's contact")},
	{Name: "flow", Properties: props(
		"uuid", "text", "the UUID of the flow",
		"name", "text", "the name of the flow",
		"revision", "number", "the revision of the flow")},
	{Name: "node", Properties: props(
		"uuid", "text", "the UUID of the node",
		"visit_count", "number", "how many times the run has been at this node",
		"categories", "text", "the categories of the node's router")},
	{Name: "trigger", Properties: props(
		"type", "text", "the type of trigger that started the session",
		"params", "any", "the parameters passed to the trigger",
		"keyword", "text", "the keyword that started the session",
		"user", "user", "the user who started the session",
		"origin", "text", "where the session was started from",
		"campaign", "any", "the campaign that started the session")},
	{Name: "resume", Properties: props(
		"type", "text", "the type of resume",
		"dial", "any", "the outcome of a dial, for voice flows")},
	{Name: "ticket", Properties: props(
		"uuid", "text", "the UUID of the ticket",
		"topic", "topic", "the topic of the ticket",
		"body", "text", "the body of the ticket",
		"assignee", "user", "the user the ticket is assigned to")},
	{Name: "channel", Properties: props(
		"uuid", "text", "the UUID of the channel",
		"name", "text", "the name of the channel",
		"address", "text", "the address of the channel")},
	{Name: "group", Properties: props(
		"uuid", "text", "the UUID of the group",
		"name", "text", "the name of the group")},
	{Name: "topic", Properties: props(
		"uuid", "text", "the UUID of the topic",
		"name", "text", "the name of the topic")},
	{Name: "user", Properties: props(
		"email", "text", "the email address of the user",
		"name", "text", "the name of the user",
		"first_name", "text", "the first name of the user")},
}

var (
	completionOnce sync.Once
	completionData map[string]any
)

// editorCompletion returns the completion data, built once.
func editorCompletion() map[string]any {
	completionOnce.Do(func() {
		var root []*completionProperty
		for _, k := range engine.ContextKeys() {
			p := contextRoot[k]
			if p == nil {
				p = &completionProperty{Type: "any", Help: k}
			}
			root = append(root, &completionProperty{Key: k, Type: p.Type, Help: p.Help})
		}
		var noSession []*completionProperty
		for _, p := range root {
			if p.Key == "contact" || p.Key == "fields" || p.Key == "globals" || p.Key == "urns" {
				noSession = append(noSession, p)
			}
		}
		completionData = map[string]any{
			"context":   map[string]any{"types": contextTypes, "root": root, "root_no_session": noSession},
			"functions": completionFunctions(docs.FunctionsReference),
		}
	})
	return completionData
}

// completionFunctions lists the registered functions (not the routers' case tests) with
// the signature, summary, parameters and examples of the reference page (a signature from
// the function's arity when the page has none).
func completionFunctions(reference []byte) []*completionFunction {
	docsOf := referenceSections(reference)
	var out []*completionFunction
	for _, name := range functions.Names() {
		if cases.IsRegistered(name) {
			continue
		}
		d := docsOf[name]
		if d == nil {
			d = &completionFunction{}
		}
		if d.Signature == "" {
			d.Signature = signature(name)
		}
		if d.Examples == nil {
			d.Examples = []completionExample{}
		}
		out = append(out, d)
	}
	return out
}

// signature writes a function's arguments from its arity: abs(arg), if(arg1, arg2, arg3),
// max(args...).
func signature(name string) string {
	min, max, ok := functions.Arity(name)
	switch {
	case !ok || max < 0:
		var args []string
		for i := 1; i <= min; i++ {
			args = append(args, fmt.Sprintf("arg%d", i))
		}
		return name + "(" + strings.Join(append(args, "args..."), ", ") + ")"
	case max == 0:
		return name + "()"
	case max == 1:
		if min == 0 {
			return name + "([arg])"
		}
		return name + "(arg)"
	}
	var args []string
	for i := 1; i <= max; i++ {
		a := fmt.Sprintf("arg%d", i)
		if i > min {
			a = "[" + a + "]"
		}
		args = append(args, a)
	}
	return name + "(" + strings.Join(args, ", ") + ")"
}

// referenceSections reads the generated functions page: under each "## name" heading the
// first paragraph after the source link is the summary, the fenced line "name(...)" the
// signature, the parameter table the detail and the fenced lines "@(...) → output" the
// examples.
func referenceSections(md []byte) map[string]*completionFunction {
	out := map[string]*completionFunction{}
	var cur *completionFunction
	name := ""
	inFence := false
	var params []string
	flush := func() {
		if cur != nil && len(params) > 0 {
			cur.Detail = strings.Join(params, "; ")
		}
		params = nil
	}
	sc := bufio.NewScanner(bytes.NewReader(md))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			flush()
			name = strings.TrimSpace(strings.TrimPrefix(line, "## "))
			cur = &completionFunction{}
			out[name] = cur
			inFence = false
		case cur == nil:
		case strings.HasPrefix(line, "```"):
			inFence = !inFence
		case inFence && strings.HasPrefix(line, name+"("):
			cur.Signature = strings.TrimSpace(line)
		case inFence:
			if t, o, ok := strings.Cut(line, " → "); ok && strings.HasPrefix(t, "@") {
				cur.Examples = append(cur.Examples, completionExample{Template: t, Output: o})
			}
		case strings.HasPrefix(line, "| `"):
			// | `number` | number | yes | the number to take the absolute value of |
			cells := strings.Split(strings.Trim(line, "| "), " | ")
			if len(cells) >= 4 {
				params = append(params, fmt.Sprintf("%s (%s): %s", strings.Trim(cells[0], "`"), cells[1], cells[3]))
			}
		case cur.Summary == "" && line != "" && !strings.HasPrefix(line, "[`") && !strings.HasPrefix(line, "|"):
			cur.Summary = strings.ReplaceAll(line, "`", "")
		}
	}
	flush()
	return out
}
