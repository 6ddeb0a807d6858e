package server

import (
	"encoding/json"
	"strings"
)

// Layout of flows that come without `_ui` (hand-written, from flowrunner, from the API):
// the editor would stack every node at the top left. Nodes are put in layers by their
// distance from the first node along exits, each layer a row below the last one, the nodes
// of a row side by side in the order they were reached.

const (
	layoutLeft     = 40
	layoutTop      = 40
	layoutColumn   = 320 // a node is about 250 px wide, wider with many categories
	layoutCategory = 90  // width of one category of a router
	layoutGap      = 80  // between rows
)

// layoutNode is what the layout reads of a node.
type layoutNode struct {
	UUID    string `json:"uuid"`
	Actions []struct {
		Type string `json:"type"`
	} `json:"actions"`
	Router *struct {
		Type    string `json:"type"`
		Operand string `json:"operand"`
		Wait    *struct {
			Type string `json:"type"`
		} `json:"wait"`
		Categories []json.RawMessage `json:"categories"`
	} `json:"router"`
	Exits []struct {
		DestinationUUID string `json:"destination_uuid"`
	} `json:"exits"`
}

// withLayout adds a position (and the editor's node type) for every node the definition's
// `_ui` doesn't place; nodes already placed keep their place, and new rows go below them.
func withLayout(def json.RawMessage) (json.RawMessage, error) {
	m, err := decodeObject(def)
	if err != nil {
		return nil, err
	}
	var f struct {
		Nodes []*layoutNode `json:"nodes"`
	}
	json.Unmarshal(def, &f)
	ui, _ := m["_ui"].(map[string]any)
	if ui == nil {
		ui = map[string]any{}
	}
	placed, _ := ui["nodes"].(map[string]any)
	if placed == nil {
		placed = map[string]any{}
	}
	if _, ok := ui["stickies"].(map[string]any); !ok {
		ui["stickies"] = map[string]any{}
	}
	missing := false
	for _, n := range f.Nodes {
		if p, ok := placed[n.UUID].(map[string]any); !ok || p["position"] == nil {
			missing = true
		}
	}
	if !missing {
		if m["_ui"] == nil {
			m["_ui"] = ui
			return encodeObject(m)
		}
		return def, nil
	}
	top := layoutTop
	for _, p := range placed {
		entry, _ := p.(map[string]any)
		if pos, ok := entry["position"].(map[string]any); ok {
			if y := jsonInt(pos["top"]); y+200 > top {
				top = y + 200
			}
		}
	}
	for _, row := range layoutRows(f.Nodes) {
		left, height := layoutLeft, 0
		for _, n := range row {
			if p, ok := placed[n.UUID].(map[string]any); ok && p["position"] != nil {
				continue
			}
			entry := map[string]any{"position": map[string]int{"left": left, "top": top}, "type": editorNodeType(n)}
			if old, ok := placed[n.UUID].(map[string]any); ok {
				for k, v := range old {
					if k != "position" {
						entry[k] = v
					}
				}
			}
			placed[n.UUID] = entry
			left += nodeWidth(n)
			if h := nodeHeight(n); h > height {
				height = h
			}
		}
		top += height + layoutGap
	}
	ui["nodes"] = placed
	m["_ui"] = ui
	return encodeObject(m)
}

// layoutRows puts nodes in rows by breadth-first distance from the first node; nodes no
// exit reaches start rows of their own after the rest.
func layoutRows(nodes []*layoutNode) [][]*layoutNode {
	byUUID := map[string]*layoutNode{}
	for _, n := range nodes {
		byUUID[n.UUID] = n
	}
	seen := map[string]bool{}
	var rows [][]*layoutNode
	for _, start := range nodes {
		if seen[start.UUID] {
			continue
		}
		seen[start.UUID] = true
		layer := []*layoutNode{start}
		for len(layer) > 0 {
			rows = append(rows, layer)
			var next []*layoutNode
			for _, n := range layer {
				for _, e := range n.Exits {
					if d := byUUID[e.DestinationUUID]; d != nil && !seen[d.UUID] {
						seen[d.UUID] = true
						next = append(next, d)
					}
				}
			}
			layer = next
		}
	}
	return rows
}

func nodeWidth(n *layoutNode) int {
	w := layoutColumn
	if n.Router != nil && len(n.Router.Categories)*layoutCategory > w-40 {
		w = len(n.Router.Categories)*layoutCategory + 40
	}
	return w
}

func nodeHeight(n *layoutNode) int {
	h := 60 + 70*len(n.Actions)
	if n.Router != nil {
		h += 70
	}
	return h
}

// editorNodeType is the editor's name for the kind of node, which picks the form that
// edits it.
func editorNodeType(n *layoutNode) string {
	if n.Router == nil {
		return "execute_actions"
	}
	if n.Router.Wait != nil {
		switch n.Router.Wait.Type {
		case "msg":
			return "wait_for_response"
		case "dial":
			return "wait_for_dial"
		}
	}
	if len(n.Actions) > 0 {
		switch n.Actions[0].Type {
		case "call_webhook":
			return "split_by_webhook"
		case "call_resthook":
			return "split_by_resthook"
		case "enter_flow":
			return "split_by_subflow"
		case "call_classifier":
			return "split_by_intent"
		case "open_ticket":
			return "split_by_ticket"
		case "transfer_airtime":
			return "split_by_airtime"
		case "call_llm":
			return "split_by_llm"
		}
	}
	if n.Router.Type == "random" {
		return "split_by_random"
	}
	if strings.TrimSpace(n.Router.Operand) == "@contact.groups" {
		return "split_by_groups"
	}
	return "split_by_expression"
}

func jsonInt(v any) int {
	switch x := v.(type) {
	case json.Number:
		f, _ := x.Float64()
		return int(f)
	case float64:
		return int(x)
	}
	return 0
}
