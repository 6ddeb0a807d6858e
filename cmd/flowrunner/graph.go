package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/routers"
	"github.com/rivuletflows/rivulet/utils"
)

// The output formats of `flowrunner graph`.
const (
	formatSVG     = "svg"
	formatDOT     = "dot"
	formatMermaid = "mermaid"
)

func runGraph(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("graph", stderr,
		"usage: flowrunner graph [-format svg|dot|mermaid] [-session TEST.json] [-o FILE] ASSETS.json [FLOW]",
		"Draws a flow (a UUID or name, by default the first of the file): its nodes with the gist of their",
		"actions, routers with their categories, and exits as arrows. SVG is laid out by flowrunner itself;",
		"DOT (Graphviz) and Mermaid are text for other tools. With -session, a test is replayed (or a stored",
		"session read) and the path it took is drawn over the graph, with how often each node and exit was used.",
	)
	format := fs.String("format", formatSVG, "the output `FORMAT`: svg, dot or mermaid")
	session := fs.String("session", "", "draw the path of a test (replayed) or of a session JSON `FILE`")
	outPath := fs.String("o", "", "write to `FILE` instead of stdout")
	pos, code, ok := parseArgs(fs, args, 1, 2)
	if !ok {
		return code
	}
	if *format != formatSVG && *format != formatDOT && *format != formatMermaid {
		fmt.Fprintf(stderr, "flowrunner: flag -format must be svg, dot or mermaid, not '%s'\n", *format)
		return exitInput
	}
	which := ""
	if len(pos) == 2 {
		which = pos[1]
	}
	g, err := loadGraph(pos[0], which, *session)
	if err != nil {
		return fail(stderr, err)
	}
	var out strings.Builder
	switch *format {
	case formatSVG:
		opts := svgOptions{}
		if *session != "" {
			opts.Subtitle = "the path of " + filepath.Base(*session)
		}
		writeSVG(&out, g, opts)
	case formatDOT:
		writeDOT(&out, g)
	case formatMermaid:
		writeMermaid(&out, g)
	}
	if *outPath != "" {
		if err := os.WriteFile(*outPath, []byte(out.String()), 0o644); err != nil {
			return fail(stderr, err)
		}
		return exitOK
	}
	io.WriteString(stdout, out.String())
	return exitOK
}

// loadGraph reads the flow to draw and, with a session file, what it visited.
func loadGraph(assetsPath, which, sessionPath string) (*flowGraph, error) {
	src, err := loadSource(assetsPath)
	if err != nil {
		return nil, err
	}
	ref, _, _, err := pickFlow(src, which)
	if err != nil {
		return nil, badInput(err)
	}
	sa := newAssets(src)
	uuid := utils.UUID(ref["uuid"])
	if sessionPath == "" {
		flow, err := sa.Flow(uuid)
		if err != nil {
			return nil, badInput(err)
		}
		return newFlowGraph(flow, nil), nil
	}
	counts, flow, err := countsFromFile(sessionPath, sa, uuid)
	if err != nil {
		return nil, err
	}
	return newFlowGraph(flow, counts), nil
}

// flowGraph is a flow as boxes and arrows, and where a session went when one is drawn.
type flowGraph struct {
	Name      string
	UUID      utils.UUID
	Nodes     []*graphNode
	byUUID    map[utils.UUID]*graphNode
	HasVisits bool
}

// graphNode is a node of the flow: a title, a line per action, and its categories (or its
// one exit) at the bottom, each an arrow's start.
type graphNode struct {
	ID     string // n0, n1, ... in the flow's order
	UUID   utils.UUID
	Kind   string // "actions", "wait" (a router that waits), "split" (a router that doesn't)
	Title  string
	Lines  []string
	Ports  []*graphPort
	Visits int

	// layout
	layer, order int
	x, y, w, h   float64
}

// graphPort is where an arrow leaves a node: a category of its router, or the node's
// single exit when it has no router (Name empty).
type graphPort struct {
	Name     string
	Names    []string // the categories of a merged port, each with its count in Counts
	Counts   []int
	Missed   int        // categories of a merged port that weren't visited
	UUID     utils.UUID // the category's, or the exit's for a node without a router
	ExitUUID utils.UUID
	Dest     utils.UUID
	Count    int // times the session left by it
	x        float64
}

// maxGraphLine is the most characters of a line of a node's box; longer lines are cut.
const maxGraphLine = 56

func newFlowGraph(flow *definition.Flow, counts *visitCounts) *flowGraph {
	g := &flowGraph{Name: flow.Name, UUID: flow.UUID, byUUID: map[utils.UUID]*graphNode{}, HasVisits: counts != nil}
	for i, n := range flow.Nodes {
		gn := &graphNode{ID: fmt.Sprintf("n%d", i), UUID: n.UUID, Kind: "actions"}
		for _, a := range n.Actions {
			gn.Lines = append(gn.Lines, actionGist(a))
		}
		if r := n.Router; r != nil {
			gn.Kind, gn.Title = routerGist(r)
			for _, cat := range r.Categories {
				p := &graphPort{Name: cat.Name, UUID: cat.UUID, ExitUUID: cat.ExitUUID}
				if e := n.Exit(cat.ExitUUID); e != nil {
					p.Dest = e.DestinationUUID
				}
				gn.Ports = append(gn.Ports, p)
			}
		} else if len(n.Exits) > 0 {
			gn.Title = plural(len(n.Actions), "action")
			e := n.Exits[0]
			gn.Ports = append(gn.Ports, &graphPort{UUID: e.UUID, ExitUUID: e.UUID, Dest: e.DestinationUUID})
		}
		if counts != nil {
			gn.Visits = counts.Nodes[n.UUID]
			for _, p := range gn.Ports {
				if n.Router != nil {
					p.Count = counts.Categories[p.UUID]
				} else {
					p.Count = counts.Exits[p.ExitUUID]
				}
			}
		}
		if n.Router != nil && len(gn.Ports) > maxPorts {
			gn.Ports = mergePorts(gn.Ports)
		}
		g.Nodes = append(g.Nodes, gn)
		g.byUUID[n.UUID] = gn
	}
	return g
}

// maxPorts is the most categories a box shows one by one; a router with more shows one
// pill per destination, naming the categories that lead there.
const maxPorts = 8

// mergePorts makes one port per destination (and one for the categories ending the flow),
// in the order of their first category, with the count of them all.
func mergePorts(ports []*graphPort) []*graphPort {
	var out []*graphPort
	byDest := map[utils.UUID]*graphPort{}
	for _, p := range ports {
		m := byDest[p.Dest]
		if m == nil {
			m = &graphPort{UUID: p.UUID, ExitUUID: p.ExitUUID, Dest: p.Dest}
			byDest[p.Dest] = m
			out = append(out, m)
		}
		m.Names = append(m.Names, p.Name)
		m.Counts = append(m.Counts, p.Count)
		m.Count += p.Count
		if p.Count == 0 {
			m.Missed++
		}
	}
	for _, m := range out {
		m.Name = mergedName(m.Names)
	}
	return out
}

// mergedName lists categories in a pill: as many names as fit, then how many more.
func mergedName(names []string) string {
	if len(names) == 1 {
		return names[0]
	}
	s := names[0]
	for i := 1; i < len(names); i++ {
		more := fmt.Sprintf(" +%d", len(names)-i)
		if utf8.RuneCountInString(s+", "+names[i]) > 26 {
			return s + more
		}
		s += ", " + names[i]
	}
	return s
}

// routerGist names a router's kind and says in a line what it does.
func routerGist(r *routers.Router) (string, string) {
	result := ""
	if r.ResultName != "" {
		result = " → " + r.ResultName
	}
	switch {
	case r.Wait != nil && r.Wait.Type == routers.WaitTypeDial:
		return "wait", cut("dial " + r.Wait.Phone + result)
	case r.Wait != nil:
		s := "wait for a reply"
		if r.Wait.Timeout != nil {
			s += fmt.Sprintf(" (%ds)", r.Wait.Timeout.Seconds)
		}
		return "wait", cut(s + result)
	case r.Type == routers.TypeRandom:
		return "split", cut("split at random" + result)
	}
	return "split", cut("split by " + r.Operand + result)
}

// actionGist is an action in a line: its type and its main field.
func actionGist(a interface{ Type() string }) string {
	b, err := json.Marshal(a)
	if err != nil {
		return a.Type()
	}
	var fields map[string]any
	json.Unmarshal(b, &fields)
	gist := ""
	for _, key := range []string{"text", "body", "url", "flow", "groups", "field", "name", "value", "subject",
		"language", "status", "channel", "urn", "topic", "resthook", "input", "instructions", "labels", "audio_url", "amounts", "timezone", "local", "path", "scheme"} {
		if v, ok := fields[key]; ok {
			if gist = valueGist(v); gist != "" {
				if _, hasValue := fields["value"]; hasValue && (key == "field" || key == "name" || key == "local") {
					gist += " = " + valueGist(fields["value"])
				}
				break
			}
		}
	}
	if gist == "" {
		return a.Type()
	}
	return cut(a.Type() + ": " + gist)
}

// valueGist is a JSON value in a few words: a text, a reference's name, a list of names.
func valueGist(v any) string {
	switch x := v.(type) {
	case string:
		return strings.Join(strings.Fields(x), " ")
	case map[string]any:
		for _, k := range []string{"name", "key", "uuid"} {
			if s, ok := x[k].(string); ok && s != "" {
				return s
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		return strings.Join(keys, ", ")
	case []any:
		var parts []string
		for _, it := range x {
			if s := valueGist(it); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// cut shortens a line to maxGraphLine characters.
func cut(s string) string {
	if utf8.RuneCountInString(s) <= maxGraphLine {
		return s
	}
	r := []rune(s)
	return string(r[:maxGraphLine-1]) + "…"
}

// loadSource reads an assets file; what goes wrong is bad input.
func loadSource(path string) (*static.Source, error) {
	src, err := static.LoadSource(path)
	if err != nil {
		return nil, badInput(err)
	}
	return src, nil
}

// newAssets wraps a source for sessions.
func newAssets(src *static.Source) *engine.Assets { return engine.NewAssets(src.Collection()) }
