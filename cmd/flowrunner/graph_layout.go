package main

import (
	"sort"
	"unicode/utf8"
)

// The measures of the drawing, in pixels. Text widths are estimated from the number of
// characters, generously, so that text stays inside its box in the usual fonts.
const (
	charWidth     = 7.0 // per character of 12px text
	smallChar     = 6.6 // per character of 11px text
	lineHeight    = 16.0
	headerHeight  = 26.0
	pillHeight    = 20.0
	pillGap       = 6.0
	boxPadding    = 10.0
	minBoxWidth   = 150.0
	itemGap       = 36.0 // between boxes of a layer
	layerGap      = 64.0 // between layers
	dummyWidth    = 14.0
	laneGap       = 14.0 // between the lanes of arrows going back up
	graphMargin   = 24.0
	titleHeight   = 40.0 // above the first layer: the flow's name and the start marker
	layoutSweeps  = 8
	positionSweep = 12
)

// layoutItem is a box or, for an arrow spanning several layers, the point where it crosses
// a layer (a dummy), ordered within its layer like the boxes.
type layoutItem struct {
	node   *graphNode // nil for a dummy
	layer  int
	order  int
	w      float64
	x      float64 // center
	up     []*layoutItem
	down   []*layoutItem
	upPort []float64 // for each of up, the offset of the port the arrow leaves from
}

// graphEdge is an arrow from a port to a node: forward (down the layers, through its
// dummies) or back (up, drawn in a lane on the right).
type graphEdge struct {
	from    *graphNode
	port    *graphPort
	to      *graphNode
	back    bool
	dummies []*layoutItem
	lane    int
}

// graphLayout is where everything goes.
type graphLayout struct {
	layers   [][]*layoutItem
	layerY   []float64
	layerH   []float64
	edges    []*graphEdge
	width    float64
	height   float64
	maxLanes int
}

// textWidth estimates the width of a text.
func textWidth(s string, perChar float64) float64 {
	return float64(utf8.RuneCountInString(s)) * perChar
}

// measure sizes a node's box and places its ports along its bottom edge.
func measure(n *graphNode) {
	w := textWidth(n.Title, charWidth) + 2*boxPadding + 40 // room for the visit badge
	for _, l := range n.Lines {
		w = max(w, textWidth(l, charWidth)+2*boxPadding)
	}
	named := len(n.Ports) > 0 && n.Ports[0].Name != ""
	pills := 0.0
	if named {
		for _, p := range n.Ports {
			pills += pillWidth(p)
		}
		pills += pillGap * float64(len(n.Ports)-1)
		w = max(w, pills+2*boxPadding)
	}
	n.w = max(w, minBoxWidth)
	n.h = headerHeight + boxPadding/2 + lineHeight*float64(len(n.Lines)) + boxPadding/2
	if named {
		n.h += pillHeight + boxPadding
	}
	if named {
		x := (n.w - pills) / 2
		for _, p := range n.Ports {
			pw := pillWidth(p)
			p.x = x + pw/2
			x += pw + pillGap
		}
	} else {
		for _, p := range n.Ports {
			p.x = n.w / 2
		}
	}
}

// pillLabel is the text of a category's pill: its name, and its count on a drawn path.
func pillLabel(p *graphPort, withCounts bool) string {
	if withCounts && p.Count > 0 {
		if p.Name == "" {
			return "×" + itoa(p.Count)
		}
		return p.Name + " ×" + itoa(p.Count)
	}
	return p.Name
}

func pillWidth(p *graphPort) float64 {
	// room for a count of up to 3 digits, so that boxes are as wide with and without a path
	return textWidth(p.Name, smallChar) + 16 + textWidth(" ×000", smallChar)
}

// layout places the graph: layers by longest path from the first node (arrows going back
// up set aside), order within layers by barycenters, then positions.
func layout(g *flowGraph) *graphLayout {
	for _, n := range g.Nodes {
		measure(n)
	}
	edges := findEdges(g)
	layerOf := assignLayers(g, edges)

	lay := &graphLayout{edges: edges}
	nLayers := 0
	for _, l := range layerOf {
		nLayers = max(nLayers, l+1)
	}
	lay.layers = make([][]*layoutItem, nLayers)
	items := map[*graphNode]*layoutItem{}
	for _, n := range g.Nodes { // the flow's order is the first guess of the order in layers
		it := &layoutItem{node: n, layer: layerOf[n], w: n.w}
		items[n] = it
		lay.layers[it.layer] = append(lay.layers[it.layer], it)
	}
	for _, e := range edges {
		if e.back {
			continue
		}
		prev, prevPort := items[e.from], e.port.x-e.from.w/2
		for l := layerOf[e.from] + 1; l < layerOf[e.to]; l++ {
			d := &layoutItem{layer: l, w: dummyWidth}
			lay.layers[l] = append(lay.layers[l], d)
			e.dummies = append(e.dummies, d)
			link(prev, d, prevPort)
			prev, prevPort = d, 0
		}
		link(prev, items[e.to], prevPort)
	}
	for _, layer := range lay.layers {
		renumber(layer)
	}
	orderLayers(lay.layers)
	positionLayers(lay.layers)

	// vertical positions
	y := graphMargin + titleHeight
	for _, layer := range lay.layers {
		h := 0.0
		for _, it := range layer {
			if it.node != nil {
				h = max(h, it.node.h)
			}
		}
		lay.layerY = append(lay.layerY, y)
		lay.layerH = append(lay.layerH, h)
		for _, it := range layer {
			if it.node != nil {
				it.node.x = it.x - it.w/2
				it.node.y = y
				it.node.layer, it.node.order = it.layer, it.order
			}
		}
		y += h + layerGap
	}
	right := 0.0
	for _, layer := range lay.layers {
		for _, it := range layer {
			right = max(right, it.x+it.w/2)
		}
	}
	lanes := 0
	for _, e := range edges {
		if e.back {
			e.lane = lanes
			lanes++
		}
	}
	lay.maxLanes = lanes
	lay.width = right + graphMargin + float64(lanes)*laneGap + 24
	lay.height = y - layerGap + graphMargin + 24
	return lay
}

func link(from, to *layoutItem, portOffset float64) {
	from.down = append(from.down, to)
	to.up = append(to.up, from)
	to.upPort = append(to.upPort, portOffset)
}

// findEdges lists the arrows, marking those that go back to a node on the way from the
// first node (found depth first, the flow's order breaking ties) so the rest is acyclic.
func findEdges(g *flowGraph) []*graphEdge {
	const (
		unseen = iota
		onPath
		done
	)
	state := map[*graphNode]int{}
	var edges []*graphEdge
	var visit func(n *graphNode)
	visit = func(n *graphNode) {
		state[n] = onPath
		for _, p := range n.Ports {
			to := g.byUUID[p.Dest]
			if to == nil {
				continue
			}
			e := &graphEdge{from: n, port: p, to: to, back: state[to] == onPath}
			edges = append(edges, e)
			if state[to] == unseen {
				visit(to)
			}
		}
		state[n] = done
	}
	for _, n := range g.Nodes {
		if state[n] == unseen {
			visit(n)
		}
	}
	return edges
}

// assignLayers puts each node one layer below the lowest node with a forward arrow to it.
func assignLayers(g *flowGraph, edges []*graphEdge) map[*graphNode]int {
	indeg := map[*graphNode]int{}
	out := map[*graphNode][]*graphNode{}
	for _, e := range edges {
		if !e.back {
			indeg[e.to]++
			out[e.from] = append(out[e.from], e.to)
		}
	}
	layer := map[*graphNode]int{}
	var queue []*graphNode
	for _, n := range g.Nodes {
		if indeg[n] == 0 {
			queue = append(queue, n)
			layer[n] = 0
		}
	}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, m := range out[n] {
			layer[m] = max(layer[m], layer[n]+1)
			if indeg[m]--; indeg[m] == 0 {
				queue = append(queue, m)
			}
		}
	}
	return layer
}

func renumber(layer []*layoutItem) {
	for i, it := range layer {
		it.order = i
	}
}

// orderLayers reduces crossings: each layer in turn is sorted by the mean position of the
// items it is linked to in the layer above (going down) or below (going up).
func orderLayers(layers [][]*layoutItem) {
	for sweep := 0; sweep < layoutSweeps; sweep++ {
		down := sweep%2 == 0
		for k := 1; k < len(layers); k++ {
			l := k
			if !down {
				l = len(layers) - 1 - k
			}
			layer := layers[l]
			bary := make(map[*layoutItem]float64, len(layer))
			for _, it := range layer {
				linked := it.up
				if !down {
					linked = it.down
				}
				if len(linked) == 0 {
					bary[it] = float64(it.order)
					continue
				}
				sum := 0.0
				for j, o := range linked {
					// where on the box the arrow leaves counts too, so that the arrows
					// of one router's categories don't cross
					if down {
						sum += float64(o.order) + it.upPort[j]/(o.w+1)
					} else {
						sum += float64(o.order) - portOffsetTo(it, o)/(it.w+1)
					}
				}
				bary[it] = sum / float64(len(linked))
			}
			sort.SliceStable(layer, func(i, j int) bool { return bary[layer[i]] < bary[layer[j]] })
			renumber(layer)
		}
	}
}

// positionLayers gives each item an x: first packed, then repeatedly moved toward the mean
// of what it is linked to while keeping the order and the gaps.
func positionLayers(layers [][]*layoutItem) {
	for _, layer := range layers {
		x := graphMargin
		for _, it := range layer {
			it.x = x + it.w/2
			x += it.w + itemGap
		}
	}
	for sweep := 0; sweep < positionSweep; sweep++ {
		down := sweep%2 == 0
		for k := 0; k < len(layers); k++ {
			l := k
			if !down {
				l = len(layers) - 1 - k
			}
			layer := layers[l]
			want := make([]float64, len(layer))
			for i, it := range layer {
				want[i] = it.x
				if down && len(it.up) > 0 {
					sum := 0.0
					for j, o := range it.up {
						sum += o.x + it.upPort[j]
					}
					want[i] = sum / float64(len(it.up))
				} else if !down && len(it.down) > 0 {
					sum := 0.0
					for _, o := range it.down {
						sum += o.x - portOffsetTo(it, o)
					}
					want[i] = sum / float64(len(it.down))
				}
			}
			pack(layer, want)
		}
	}
	// shift everything right so the leftmost box starts at the margin
	left := 0.0
	first := true
	for _, layer := range layers {
		for _, it := range layer {
			if first || it.x-it.w/2 < left {
				left, first = it.x-it.w/2, false
			}
		}
	}
	for _, layer := range layers {
		for _, it := range layer {
			it.x += graphMargin - left
		}
	}
}

// portOffsetTo is the offset, from from's center, of the port its link to to leaves from.
func portOffsetTo(from, to *layoutItem) float64 {
	for j, o := range to.up {
		if o == from {
			return to.upPort[j]
		}
	}
	return 0
}

// pack moves the items of a layer as close to where they want to be as their order and the
// gaps between them allow: the mean of packing from the left (pushing right) and from the
// right (pushing left), which keeps both the order and the gaps.
func pack(layer []*layoutItem, want []float64) {
	n := len(layer)
	if n == 0 {
		return
	}
	gap := func(i int) float64 { return (layer[i-1].w+layer[i].w)/2 + itemGap }
	fromLeft := make([]float64, n)
	fromRight := make([]float64, n)
	for i := range layer {
		fromLeft[i] = want[i]
		if i > 0 {
			fromLeft[i] = max(want[i], fromLeft[i-1]+gap(i))
		}
	}
	for i := n - 1; i >= 0; i-- {
		fromRight[i] = want[i]
		if i < n-1 {
			fromRight[i] = min(want[i], fromRight[i+1]-gap(i+1))
		}
	}
	for i, it := range layer {
		it.x = (fromLeft[i] + fromRight[i]) / 2
	}
}
