// Package definition reads flow definitions of the current spec (older ones are migrated
// on read), checks them against the spec's rules and limits, and gives the engine the
// parsed flow: nodes, actions, routers, exits and localization.
package definition

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/routers"
	"github.com/rivuletflows/rivulet/utils"
)

// Limits on the size of a flow, refused when it is read.
const (
	MaxNodes          = 1000
	MaxActionsPerNode = 100
	MaxExitsPerNode   = 100
	MaxFlowNameLength = 64
)

// Flow is a read and validated flow definition.
type Flow struct {
	UUID               utils.UUID
	Name               string
	SpecVersion        string
	Language           envs.Language
	Type               flows.FlowType
	Revision           int
	ExpireAfterMinutes int
	Localization       Localization
	Nodes              []*Node
	UI                 json.RawMessage

	nodes map[utils.UUID]*Node
}

// Node returns the node with the given UUID, or nil.
func (f *Flow) Node(uuid utils.UUID) *Node { return f.nodes[uuid] }

// Reference returns the flow's {uuid, name} reference.
func (f *Flow) Reference() FlowRef { return FlowRef{UUID: f.UUID, Name: f.Name} }

// EventRef returns the flow's reference as run events carry it, with its revision.
func (f *Flow) EventRef() events.FlowRef {
	return events.FlowRef{UUID: f.UUID, Name: f.Name, Revision: f.Revision}
}

// FlowRef is the {uuid, name} form of a flow used in events and sessions.
type FlowRef struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
}

// Node is one step of a flow: actions, then an optional router, then an exit.
type Node struct {
	UUID    utils.UUID
	Actions []flows.Action
	Router  *routers.Router
	Exits   []*Exit
}

// Exit leads from a node to another node, or nowhere (the run ends).
type Exit struct {
	UUID            utils.UUID `json:"uuid"`
	DestinationUUID utils.UUID `json:"destination_uuid,omitempty"`
}

// Exit returns the node's exit with the given UUID, or nil.
func (n *Node) Exit(uuid utils.UUID) *Exit {
	for _, e := range n.Exits {
		if e.UUID == uuid {
			return e
		}
	}
	return nil
}

// Localization maps language -> item UUID -> key -> translated texts.
type Localization map[envs.Language]map[utils.UUID]map[string][]string

// Texts returns the translation of an item's key in a language, if there is one.
func (l Localization) Texts(lang envs.Language, uuid utils.UUID, key string) ([]string, bool) {
	items, ok := l[lang]
	if !ok {
		return nil, false
	}
	props, ok := items[uuid]
	if !ok {
		return nil, false
	}
	texts, ok := props[key]
	return texts, ok
}

// Languages returns the languages the flow is translated to.
func (l Localization) Languages() []envs.Language {
	langs := make([]envs.Language, 0, len(l))
	for lang := range l {
		langs = append(langs, lang)
	}
	return langs
}
