package main

import (
	"fmt"
	"strconv"
	"strings"
)

// writeDOT writes the graph for Graphviz: a box per node (its title and action lines), an
// arrow per category or exit labelled with the category, and a dot where the flow ends.
func writeDOT(w *strings.Builder, g *flowGraph) {
	fmt.Fprintf(w, "digraph %s {\n", strconv.Quote(g.Name))
	w.WriteString("  rankdir=TB;\n")
	w.WriteString("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", fontname=\"Helvetica\", fontsize=11];\n")
	w.WriteString("  edge [fontname=\"Helvetica\", fontsize=10, color=\"#64748b\"];\n")
	ends := 0
	for _, n := range g.Nodes {
		lines := append([]string{n.Title}, n.Lines...)
		if g.HasVisits {
			lines = append(lines, visitsLabel(n.Visits))
		}
		attrs := []string{"label=" + dotString(strings.Join(lines, "\n")), "fillcolor=" + strconv.Quote(kindColour(n.Kind))}
		if g.HasVisits && n.Visits > 0 {
			attrs = append(attrs, `color="#ea580c"`, "penwidth=2.5")
		} else if g.HasVisits {
			attrs = append(attrs, `style="rounded,filled,dashed"`, `color="#94a3b8"`)
		}
		fmt.Fprintf(w, "  %s [%s];\n", n.ID, strings.Join(attrs, ", "))
	}
	for _, n := range g.Nodes {
		for _, p := range n.Ports {
			to := ""
			if dest := g.byUUID[p.Dest]; dest != nil {
				to = dest.ID
			} else {
				to = fmt.Sprintf("end%d", ends)
				ends++
				fmt.Fprintf(w, "  %s [shape=point, width=0.12, label=\"\"];\n", to)
			}
			var attrs []string
			if label := pillLabel(p, g.HasVisits); label != "" {
				attrs = append(attrs, "label="+dotString(label))
			}
			if g.HasVisits && p.Count > 0 {
				attrs = append(attrs, `color="#ea580c"`, fmt.Sprintf("penwidth=%d", 2+min(p.Count, 4)))
			}
			if len(attrs) > 0 {
				fmt.Fprintf(w, "  %s -> %s [%s];\n", n.ID, to, strings.Join(attrs, ", "))
			} else {
				fmt.Fprintf(w, "  %s -> %s;\n", n.ID, to)
			}
		}
	}
	w.WriteString("}\n")
}

// dotString quotes a label for DOT, lines ending with \l so they are left aligned.
func dotString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\l`)
		default:
			b.WriteRune(r)
		}
	}
	if strings.Contains(s, "\n") {
		b.WriteString(`\l`)
	}
	b.WriteByte('"')
	return b.String()
}

// writeMermaid writes the graph as a Mermaid flowchart.
func writeMermaid(w *strings.Builder, g *flowGraph) {
	w.WriteString("---\ntitle: " + mermaidText(g.Name) + "\n---\n")
	w.WriteString("flowchart TD\n")
	ends := 0
	for _, n := range g.Nodes {
		lines := append([]string{"<b>" + mermaidText(n.Title) + "</b>"}, mapStrings(n.Lines, mermaidText)...)
		if g.HasVisits {
			lines = append(lines, "<i>"+visitsLabel(n.Visits)+"</i>")
		}
		fmt.Fprintf(w, "  %s[\"%s\"]\n", n.ID, strings.Join(lines, "<br/>"))
	}
	var visited, missed []string
	link := 0
	var pathLinks []string
	for _, n := range g.Nodes {
		for _, p := range n.Ports {
			to := ""
			if dest := g.byUUID[p.Dest]; dest != nil {
				to = dest.ID
			} else {
				to = fmt.Sprintf("end%d", ends)
				ends++
				fmt.Fprintf(w, "  %s(((\" \")))\n", to)
			}
			label := pillLabel(p, g.HasVisits)
			if label != "" {
				fmt.Fprintf(w, "  %s -->|\"%s\"| %s\n", n.ID, mermaidText(label), to)
			} else {
				fmt.Fprintf(w, "  %s --> %s\n", n.ID, to)
			}
			if g.HasVisits && p.Count > 0 {
				pathLinks = append(pathLinks, strconv.Itoa(link))
			}
			link++
		}
		if g.HasVisits {
			if n.Visits > 0 {
				visited = append(visited, n.ID)
			} else {
				missed = append(missed, n.ID)
			}
		}
	}
	for _, kind := range []string{"actions", "wait", "split"} {
		colour := kindColour(kind)
		var ids []string
		for _, n := range g.Nodes {
			if n.Kind == kind {
				ids = append(ids, n.ID)
			}
		}
		if len(ids) > 0 {
			fmt.Fprintf(w, "  classDef %s fill:%s,stroke:#94a3b8\n  class %s %s\n", kind, colour, strings.Join(ids, ","), kind)
		}
	}
	if len(visited) > 0 {
		fmt.Fprintf(w, "  classDef visited stroke:#ea580c,stroke-width:3px\n  class %s visited\n", strings.Join(visited, ","))
	}
	if len(missed) > 0 {
		fmt.Fprintf(w, "  classDef missed stroke:#94a3b8,stroke-dasharray:5 4\n  class %s missed\n", strings.Join(missed, ","))
	}
	if len(pathLinks) > 0 {
		fmt.Fprintf(w, "  linkStyle %s stroke:#ea580c,stroke-width:3px\n", strings.Join(pathLinks, ","))
	}
}

// mermaidText escapes text for a quoted Mermaid label with entity codes.
func mermaidText(s string) string {
	r := strings.NewReplacer(`"`, "#quot;", "<", "#lt;", ">", "#gt;", "|", "#124;", "#", "#35;", "&", "#amp;", "\n", " ")
	return r.Replace(s)
}

func mapStrings(ss []string, fn func(string) string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fn(s)
	}
	return out
}

func visitsLabel(n int) string {
	if n == 0 {
		return "not visited"
	}
	return "visited ×" + strconv.Itoa(n)
}

func kindColour(kind string) string {
	switch kind {
	case "wait":
		return colourWait
	case "split":
		return colourSplit
	}
	return colourActions
}
