package main

import (
	"fmt"
	"html"
	"io"
	"os"
	"strings"

	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/utils"
)

// flowCoverage is what the tests of an assets file visited of one of its flows. Visits are
// kept by position (node index, category or exit index within the node) because a flow
// migrated on reading gets new category and exit UUIDs in every replay.
type flowCoverage struct {
	Assets string
	Flow   *definition.Flow // as first read, for the report
	nodes  []int
	cats   [][]int
	exits  [][]int
}

// coverage gathers flowCoverage over tests, in the order flows are first met.
type coverage struct {
	flows map[string]*flowCoverage
	order []string
}

func newCoverage() *coverage { return &coverage{flows: map[string]*flowCoverage{}} }

// add counts what one test visited of the flows of its assets.
func (c *coverage) add(assetsPath string, sa *engine.Assets, counts *visitCounts) {
	for _, asset := range sa.Collection.Flows.All() {
		flow, err := sa.Flow(asset.UUID) // the replay's own reading when it used the flow
		if err != nil {
			continue // a flow that can't be read has nothing to cover; check reports it
		}
		key := coverageKey(assetsPath, flow.UUID)
		fc := c.flows[key]
		if fc == nil {
			fc = &flowCoverage{Assets: assetsPath, Flow: flow, nodes: make([]int, len(flow.Nodes)),
				cats: make([][]int, len(flow.Nodes)), exits: make([][]int, len(flow.Nodes))}
			for i, n := range flow.Nodes {
				if n.Router != nil {
					fc.cats[i] = make([]int, len(n.Router.Categories))
				}
				fc.exits[i] = make([]int, len(n.Exits))
			}
			c.flows[key] = fc
			c.order = append(c.order, key)
		}
		if len(fc.nodes) != len(flow.Nodes) {
			continue // can't happen for one file; be safe rather than index out of range
		}
		for i, n := range flow.Nodes {
			fc.nodes[i] += counts.Nodes[n.UUID]
			if n.Router != nil && len(fc.cats[i]) == len(n.Router.Categories) {
				for j, cat := range n.Router.Categories {
					fc.cats[i][j] += counts.Categories[cat.UUID]
				}
			}
			if len(fc.exits[i]) == len(n.Exits) {
				for j, e := range n.Exits {
					fc.exits[i][j] += counts.Exits[e.UUID]
				}
			}
		}
	}
}

// coverCount is a visited count out of a total.
type coverCount struct{ Visited, Total int }

func (c coverCount) String() string { return fmt.Sprintf("%d/%d", c.Visited, c.Total) }

func (c *coverCount) add(visits int) {
	c.Total++
	if visits > 0 {
		c.Visited++
	}
}

// counts returns the flow's nodes, categories and exits visited out of their totals.
func (fc *flowCoverage) counts() (nodes, cats, exits coverCount) {
	for i := range fc.nodes {
		nodes.add(fc.nodes[i])
		for _, v := range fc.cats[i] {
			cats.add(v)
		}
		for _, v := range fc.exits[i] {
			exits.add(v)
		}
	}
	return
}

// percent is the share of nodes and categories visited, 100 for a flow with neither.
func percent(nodes, cats coverCount) float64 {
	total := nodes.Total + cats.Total
	if total == 0 {
		return 100
	}
	return 100 * float64(nodes.Visited+cats.Visited) / float64(total)
}

// visitCounts gives the flow's visits keyed by its UUIDs again, for drawing it.
func (fc *flowCoverage) visitCounts() *visitCounts {
	vc := newVisitCounts()
	for i, n := range fc.Flow.Nodes {
		vc.Nodes[n.UUID] = fc.nodes[i]
		if n.Router != nil {
			for j, cat := range n.Router.Categories {
				vc.Categories[cat.UUID] = fc.cats[i][j]
			}
		}
		for j, e := range n.Exits {
			vc.Exits[e.UUID] = fc.exits[i][j]
		}
	}
	return vc
}

// missed lists, in words, the nodes and categories no test visited.
func (fc *flowCoverage) missed() []string {
	var out []string
	for i, n := range fc.Flow.Nodes {
		if fc.nodes[i] == 0 {
			out = append(out, fmt.Sprintf("node %s (%s) not visited", n.UUID, nodeTitle(n)))
			continue
		}
		if n.Router != nil {
			for j, cat := range n.Router.Categories {
				if fc.cats[i][j] == 0 {
					out = append(out, fmt.Sprintf("category '%s' of node %s never taken", cat.Name, n.UUID))
				}
			}
		}
	}
	return out
}

// nodeTitle is the title of a node's box in the drawings.
func nodeTitle(n *definition.Node) string {
	if n.Router != nil {
		_, title := routerGist(n.Router)
		return title
	}
	if len(n.Actions) > 0 {
		return actionGist(n.Actions[0])
	}
	return "no actions"
}

// writeSummary prints a line per flow and a total; it returns the total percentage.
func (c *coverage) writeSummary(w io.Writer, verbose bool) float64 {
	var allNodes, allCats, allExits coverCount
	for _, key := range c.order {
		fc := c.flows[key]
		nodes, cats, exits := fc.counts()
		fmt.Fprintf(w, "COVER %s %q: nodes %s, categories %s, exits %s (%.1f%%)\n", fc.Assets, fc.Flow.Name, nodes, cats, exits, percent(nodes, cats))
		if verbose {
			for _, m := range fc.missed() {
				fmt.Fprintf(w, "    %s\n", m)
			}
		}
		allNodes.Visited += nodes.Visited
		allNodes.Total += nodes.Total
		allCats.Visited += cats.Visited
		allCats.Total += cats.Total
		allExits.Visited += exits.Visited
		allExits.Total += exits.Total
	}
	total := percent(allNodes, allCats)
	fmt.Fprintf(w, "coverage: nodes %s, categories %s, exits %s (%.1f%% of nodes and categories)\n", allNodes, allCats, allExits, total)
	return total
}

// writeReport writes the coverage as one HTML page: per flow, its counts, what was missed
// and its drawing with the unvisited nodes and categories marked.
func (c *coverage) writeReport(path string) error {
	var b strings.Builder
	b.WriteString("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Flow coverage</title>\n")
	b.WriteString("<style>body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#1e293b}h2{margin-top:32px}" +
		".missed{color:#dc2626}.drawing{overflow-x:auto;border:1px solid #e2e8f0;border-radius:8px;padding:8px}" +
		"table{border-collapse:collapse}td,th{padding:4px 12px;text-align:left;border-bottom:1px solid #e2e8f0}</style>\n")
	b.WriteString("</head><body>\n<h1>Flow coverage</h1>\n<table><tr><th>assets</th><th>flow</th><th>nodes</th><th>categories</th><th>exits</th><th>%</th></tr>\n")
	for i, key := range c.order {
		fc := c.flows[key]
		nodes, cats, exits := fc.counts()
		fmt.Fprintf(&b, "<tr><td>%s</td><td><a href=\"#flow%d\">%s</a></td><td>%s</td><td>%s</td><td>%s</td><td>%.1f</td></tr>\n",
			html.EscapeString(fc.Assets), i, html.EscapeString(fc.Flow.Name), nodes, cats, exits, percent(nodes, cats))
	}
	b.WriteString("</table>\n")
	for i, key := range c.order {
		fc := c.flows[key]
		nodes, cats, _ := fc.counts()
		fmt.Fprintf(&b, "<h2 id=\"flow%d\">%s <small>(%s)</small></h2>\n", i, html.EscapeString(fc.Flow.Name), html.EscapeString(fc.Assets))
		fmt.Fprintf(&b, "<p>nodes %s, categories %s: %.1f%%</p>\n", nodes, cats, percent(nodes, cats))
		if missed := fc.missed(); len(missed) > 0 {
			b.WriteString("<ul class=\"missed\">\n")
			for _, m := range missed {
				fmt.Fprintf(&b, "<li>%s</li>\n", html.EscapeString(m))
			}
			b.WriteString("</ul>\n")
		}
		b.WriteString("<div class=\"drawing\">\n")
		writeSVG(&b, newFlowGraph(fc.Flow, fc.visitCounts()), svgOptions{Coverage: true, Subtitle: "unvisited nodes and categories in red"})
		b.WriteString("</div>\n")
	}
	b.WriteString("</body></html>\n")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		return fmt.Errorf("unable to write the coverage report: %w", err)
	}
	return nil
}

// coverageKey names a flow of an assets file.
func coverageKey(assetsPath string, uuid utils.UUID) string { return assetsPath + " " + string(uuid) }
