package main

import (
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
)

// svgOptions change what an SVG drawing stresses.
type svgOptions struct {
	// Coverage marks what the visits left out (red, dashed) rather than greying it: the
	// report of `test -cover`.
	Coverage bool
	// Subtitle is written under the flow's name.
	Subtitle string
}

// The colours of the drawing.
const (
	colourText      = "#1e293b"
	colourMuted     = "#64748b"
	colourBorder    = "#94a3b8"
	colourEdge      = "#94a3b8"
	colourPath      = "#ea580c"
	colourMissed    = "#dc2626"
	colourActions   = "#e0f2fe"
	colourWait      = "#dcfce7"
	colourSplit     = "#fef3c7"
	colourPill      = "#f1f5f9"
	colourPathPill  = "#ffedd5"
	colourMissedBox = "#fef2f2"
)

func itoa(n int) string { return strconv.Itoa(n) }

// f formats a coordinate.
func f(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// esc escapes text for SVG.
func esc(s string) string { return html.EscapeString(s) }

// writeSVG draws the graph as SVG, laid out by layout.
func writeSVG(w *strings.Builder, g *flowGraph, opts svgOptions) {
	lay := layout(g)
	width := max(lay.width, textWidth(g.Name, 8.5)+2*graphMargin, textWidth(opts.Subtitle, smallChar)+2*graphMargin)
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="Helvetica, Arial, sans-serif" font-size="12">`+"\n",
		f(width), f(lay.height), f(width), f(lay.height))
	w.WriteString("<defs>\n")
	for _, m := range []struct{ id, colour string }{{"arrow", colourEdge}, {"arrow-path", colourPath}} {
		fmt.Fprintf(w, `<marker id="%s" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="10" markerHeight="10" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="%s"/></marker>`+"\n", m.id, m.colour)
	}
	w.WriteString("</defs>\n")
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="#ffffff"/>`+"\n")
	fmt.Fprintf(w, `<text x="%s" y="%s" font-size="15" font-weight="bold" fill="%s">%s</text>`+"\n", f(graphMargin), f(graphMargin+4), colourText, esc(g.Name))
	if opts.Subtitle != "" {
		fmt.Fprintf(w, `<text x="%s" y="%s" font-size="11" fill="%s">%s</text>`+"\n", f(graphMargin), f(graphMargin+20), colourMuted, esc(opts.Subtitle))
	}

	// arrows first, so that boxes and pills sit on top of them
	w.WriteString(`<g fill="none" stroke-linecap="round">` + "\n")
	for _, e := range sortedEdges(lay.edges) {
		writeEdge(w, g, lay, e)
	}
	w.WriteString("</g>\n")
	for _, n := range g.Nodes {
		writeNode(w, g, n, opts, n == g.Nodes[0])
	}
	w.WriteString("</svg>\n")
}

// sortedEdges puts the arrows of a drawn path last, so they are drawn over the others.
func sortedEdges(edges []*graphEdge) []*graphEdge {
	out := append([]*graphEdge(nil), edges...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].port.Count == 0 && out[j].port.Count > 0 })
	return out
}

// entryX spreads the arrows arriving at a node along the middle of its top edge, in the
// order of where they come from.
func entryX(lay *graphLayout, e *graphEdge) float64 {
	var in []*graphEdge
	for _, o := range lay.edges {
		if o.to == e.to && !o.back {
			in = append(in, o)
		}
	}
	source := func(o *graphEdge) float64 {
		if len(o.dummies) > 0 {
			return o.dummies[len(o.dummies)-1].x
		}
		return o.from.x + o.port.x
	}
	sort.SliceStable(in, func(i, j int) bool { return source(in[i]) < source(in[j]) })
	for i, o := range in {
		if o == e {
			span := e.to.w * 0.6
			return e.to.x + (e.to.w-span)/2 + span*float64(i+1)/float64(len(in)+1)
		}
	}
	return e.to.x + e.to.w/2
}

func writeEdge(w *strings.Builder, g *flowGraph, lay *graphLayout, e *graphEdge) {
	colour, marker, width := colourEdge, "arrow", 1.5
	if e.port.Count > 0 {
		colour, marker, width = colourPath, "arrow-path", 2.5+float64(min(e.port.Count, 5))*0.4
	}
	px, py := e.from.x+e.port.x, e.from.y+e.from.h
	var d strings.Builder
	fmt.Fprintf(&d, "M%s,%s", f(px), f(py))
	if !e.back {
		x, y := px, py
		curve := func(x1, y1 float64) {
			k := (y1 - y) / 2
			fmt.Fprintf(&d, " C%s,%s %s,%s %s,%s", f(x), f(y+k), f(x1), f(y1-k), f(x1), f(y1))
			x, y = x1, y1
		}
		for _, dm := range e.dummies {
			top := lay.layerY[dm.layer]
			curve(dm.x, top)
			bottom := top + lay.layerH[dm.layer]
			fmt.Fprintf(&d, " L%s,%s", f(dm.x), f(bottom))
			y = bottom
		}
		curve(entryX(lay, e), e.to.y-2)
	} else {
		// down a little, right to a lane beyond every box the arrow passes, up, and into
		// the right side of the node it goes back to
		right := 0.0
		for l := e.to.layer; l <= e.from.layer; l++ {
			for _, it := range lay.layers[l] {
				right = max(right, it.x+it.w/2)
			}
		}
		lane := right + 20 + float64(e.lane)*laneGap
		ty := e.to.y + 9 + float64(e.lane%int(max(1, (e.to.h-14)/6)))*6
		below := py + 28 + float64(e.lane%4)*5
		fmt.Fprintf(&d, " L%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s L%s,%s",
			f(px), f(below-8), f(px), f(below), f(px+8), f(below),
			f(lane-8), f(below), f(lane), f(below), f(lane), f(below-8),
			f(lane), f(ty+8), f(lane), f(ty), f(lane-8), f(ty),
			f(e.to.x+e.to.w+2), f(ty))
	}
	fmt.Fprintf(w, `<path d="%s" stroke="%s" stroke-width="%s" marker-end="url(#%s)"/>`+"\n", d.String(), colour, f(width), marker)
}

func writeNode(w *strings.Builder, g *flowGraph, n *graphNode, opts svgOptions, first bool) {
	fill, stroke, strokeWidth, dash := "#ffffff", colourBorder, 1.2, ""
	switch {
	case g.HasVisits && n.Visits > 0:
		stroke, strokeWidth = colourPath, 2.5
	case g.HasVisits && opts.Coverage:
		fill, stroke, strokeWidth, dash = colourMissedBox, colourMissed, 1.8, ` stroke-dasharray="6 4"`
	case g.HasVisits:
		stroke, dash = "#cbd5e1", ` stroke-dasharray="4 3"`
	}
	header := colourActions
	switch n.Kind {
	case "wait":
		header = colourWait
	case "split":
		header = colourSplit
	}
	if first {
		cx := n.x + n.w/2
		fmt.Fprintf(w, `<circle cx="%s" cy="%s" r="5" fill="%s"/>`+"\n", f(cx), f(n.y-22), colourText)
		fmt.Fprintf(w, `<path d="M%s,%s L%s,%s" stroke="%s" stroke-width="1.5" marker-end="url(#arrow)"/>`+"\n", f(cx), f(n.y-17), f(cx), f(n.y-2), colourEdge)
	}
	fmt.Fprintf(w, `<g id="%s"><title>node %s</title>`+"\n", n.ID, n.UUID)
	fmt.Fprintf(w, `<rect x="%s" y="%s" width="%s" height="%s" rx="8" fill="%s" stroke="%s" stroke-width="%s"%s/>`+"\n",
		f(n.x), f(n.y), f(n.w), f(n.h), fill, stroke, f(strokeWidth), dash)
	// the header band: a rounded top over a square bottom
	fmt.Fprintf(w, `<path d="M%s,%s L%s,%s Q%s,%s %s,%s L%s,%s Q%s,%s %s,%s L%s,%s z" fill="%s"/>`+"\n",
		f(n.x+0.6), f(n.y+headerHeight), f(n.x+0.6), f(n.y+8), f(n.x+0.6), f(n.y+0.6), f(n.x+8), f(n.y+0.6),
		f(n.x+n.w-8), f(n.y+0.6), f(n.x+n.w-0.6), f(n.y+0.6), f(n.x+n.w-0.6), f(n.y+8),
		f(n.x+n.w-0.6), f(n.y+headerHeight), header)
	fmt.Fprintf(w, `<text x="%s" y="%s" font-weight="bold" fill="%s">%s</text>`+"\n", f(n.x+boxPadding), f(n.y+17), colourText, esc(n.Title))
	if g.HasVisits {
		label, colour := "×"+itoa(n.Visits), colourPath
		if n.Visits == 0 {
			label, colour = "not visited", colourMuted
			if opts.Coverage {
				colour = colourMissed
			}
		}
		bw := textWidth(label, smallChar) + 12
		fmt.Fprintf(w, `<rect x="%s" y="%s" width="%s" height="16" rx="8" fill="%s"/>`+"\n", f(n.x+n.w-bw-6), f(n.y+5), f(bw), colour)
		fmt.Fprintf(w, `<text x="%s" y="%s" font-size="11" font-weight="bold" fill="#ffffff" text-anchor="middle">%s</text>`+"\n", f(n.x+n.w-bw/2-6), f(n.y+17), esc(label))
	}
	for i, l := range n.Lines {
		fmt.Fprintf(w, `<text x="%s" y="%s" fill="%s">%s</text>`+"\n", f(n.x+boxPadding), f(n.y+headerHeight+boxPadding/2+lineHeight*float64(i)+12), colourText, esc(l))
	}
	for _, p := range n.Ports {
		writePort(w, g, n, p, opts)
	}
	w.WriteString("</g>\n")
}

func writePort(w *strings.Builder, g *flowGraph, n *graphNode, p *graphPort, opts svgOptions) {
	px, bottom := n.x+p.x, n.y+n.h
	visited := p.Count > 0
	if p.Dest == "" {
		// the flow ends here: a short stub and a dot
		colour := colourEdge
		if visited {
			colour = colourPath
		}
		fmt.Fprintf(w, `<path d="M%s,%s L%s,%s" stroke="%s" stroke-width="1.5"/><circle cx="%s" cy="%s" r="4" fill="%s"/>`+"\n",
			f(px), f(bottom), f(px), f(bottom+9), colour, f(px), f(bottom+12), colour)
	}
	if p.Name == "" {
		if g.HasVisits && visited && p.Dest != "" {
			fmt.Fprintf(w, `<text x="%s" y="%s" font-size="11" font-weight="bold" fill="%s">×%d</text>`+"\n", f(px+6), f(bottom+14), colourPath, p.Count)
		}
		return
	}
	pw := pillWidth(p)
	fill, stroke, text, dash := colourPill, colourBorder, colourText, ""
	switch {
	case g.HasVisits && visited && opts.Coverage && p.Missed > 0:
		fill, stroke, dash = colourPathPill, colourMissed, ` stroke-dasharray="3 2"`
	case g.HasVisits && visited:
		fill, stroke = colourPathPill, colourPath
	case g.HasVisits && opts.Coverage:
		fill, stroke, text, dash = colourMissedBox, colourMissed, colourMissed, ` stroke-dasharray="3 2"`
	case g.HasVisits:
		text = colourMuted
	}
	y := bottom - boxPadding - pillHeight
	if len(p.Names) > 1 {
		var tip []string
		for i, name := range p.Names {
			if g.HasVisits {
				name += " ×" + itoa(p.Counts[i])
			}
			tip = append(tip, name)
		}
		fmt.Fprintf(w, "<g><title>%s</title>", esc(strings.Join(tip, ", ")))
		defer w.WriteString("</g>\n")
	}
	fmt.Fprintf(w, `<rect x="%s" y="%s" width="%s" height="%s" rx="10" fill="%s" stroke="%s"%s/>`+"\n", f(px-pw/2), f(y), f(pw), f(pillHeight), fill, stroke, dash)
	fmt.Fprintf(w, `<text x="%s" y="%s" font-size="11" fill="%s" text-anchor="middle">%s</text>`+"\n", f(px), f(y+14), text, esc(pillLabel(p, g.HasVisits)))
}
