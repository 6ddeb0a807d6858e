package definition

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/actions"
	"github.com/rivuletflows/rivulet/flows/definition/migrations"
	"github.com/rivuletflows/rivulet/flows/routers"
	"github.com/rivuletflows/rivulet/utils"
)

type flowEnvelope struct {
	UUID               utils.UUID        `json:"uuid"`
	Name               string            `json:"name"`
	SpecVersion        string            `json:"spec_version"`
	Language           envs.Language     `json:"language"`
	Type               flows.FlowType    `json:"type"`
	Revision           int               `json:"revision"`
	ExpireAfterMinutes int               `json:"expire_after_minutes"`
	Localization       json.RawMessage   `json:"localization"`
	Nodes              []json.RawMessage `json:"nodes"`
	UI                 json.RawMessage   `json:"_ui"`
}

type nodeEnvelope struct {
	UUID    utils.UUID        `json:"uuid"`
	Actions []json.RawMessage `json:"actions"`
	Router  json.RawMessage   `json:"router"`
	Exits   []json.RawMessage `json:"exits"`
}

var (
	isNull = func(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 || string(bytes.TrimSpace(b)) == "null" }
)

// MaxLocalizationKeyLength bounds the keys of localized properties ("text", "quick_replies").
const MaxLocalizationKeyLength = 64

// ReadFlow reads a flow definition, migrating it to the current spec first, and checks it.
// The error names the field, UUID or limit at fault.
func ReadFlow(data []byte) (*Flow, error) {
	return ReadFlowWithUUIDs(data, nil)
}

// ReadFlowWithUUIDs is ReadFlow with the UUIDs that migrating an older flow creates (new
// categories, exits, nodes) drawn from uuids, so replays are reproducible. Nil means random.
func ReadFlowWithUUIDs(data []byte, uuids utils.UUIDGenerator) (*Flow, error) {
	migrated, err := migrations.MigrateToVersionWith(data, nil, &migrations.Config{UUIDs: uuids})
	if err != nil {
		return nil, err
	}
	return readCurrent(migrated)
}

func readCurrent(data []byte) (*Flow, error) {
	env := &flowEnvelope{}
	if err := json.Unmarshal(data, env); err != nil {
		return nil, fmt.Errorf("unable to read flow: %w", utils.DescribeJSONError(err))
	}
	if !utils.IsUUIDValid(string(env.UUID)) {
		return nil, fmt.Errorf("field 'uuid' is not a valid UUID: '%s'", env.UUID)
	}
	if strings.TrimSpace(env.Name) == "" {
		return nil, fmt.Errorf("field 'name' is required")
	}
	if len([]rune(env.Name)) > MaxFlowNameLength {
		return nil, fmt.Errorf("field 'name' must be less than or equal to %d", MaxFlowNameLength)
	}
	// the flow's language is a language code ("und" when it has none); the pseudo-language
	// "base" of old exports is only migrated away below spec 13.2
	if env.Language == envs.NilLanguage {
		return nil, fmt.Errorf("field 'language' is required")
	}
	if _, err := envs.ParseLanguage(string(env.Language)); err != nil {
		return nil, fmt.Errorf("field 'language' has invalid value '%s'", env.Language)
	}
	if !env.Type.Allows(flows.AllFlowTypes) {
		return nil, fmt.Errorf("field 'type' has invalid value '%s'", env.Type)
	}
	if len(env.Nodes) > MaxNodes {
		return nil, fmt.Errorf("field 'nodes' must have a maximum of %d items", MaxNodes)
	}
	loc, err := readLocalization(env.Localization)
	if err != nil {
		return nil, err
	}
	f := &Flow{
		UUID:               env.UUID,
		Name:               env.Name,
		SpecVersion:        env.SpecVersion,
		Language:           env.Language,
		Type:               env.Type,
		Revision:           env.Revision,
		ExpireAfterMinutes: env.ExpireAfterMinutes,
		Localization:       loc,
		UI:                 env.UI,
		nodes:              make(map[utils.UUID]*Node, len(env.Nodes)),
	}
	for i, raw := range env.Nodes {
		if isNull(raw) {
			return nil, fmt.Errorf("field 'nodes[%d]' is null", i)
		}
		n, err := readNode(raw, f.Type)
		if err != nil {
			return nil, fmt.Errorf("unable to read nodes[%d]: %w", i, err)
		}
		if _, dupe := f.nodes[n.UUID]; dupe {
			return nil, fmt.Errorf("node UUID %s isn't unique", n.UUID)
		}
		f.nodes[n.UUID] = n
		f.Nodes = append(f.Nodes, n)
	}
	if err := f.validate(); err != nil {
		return nil, err
	}
	return f, nil
}

func readNode(data []byte, flowType flows.FlowType) (*Node, error) {
	env := &nodeEnvelope{}
	if err := json.Unmarshal(data, env); err != nil {
		return nil, utils.DescribeJSONError(err)
	}
	if !utils.IsUUIDValid(string(env.UUID)) {
		return nil, fmt.Errorf("field 'uuid' is not a valid UUID: '%s'", env.UUID)
	}
	if len(env.Actions) > MaxActionsPerNode {
		return nil, fmt.Errorf("field 'actions' must have a maximum of %d items", MaxActionsPerNode)
	}
	if len(env.Exits) == 0 {
		return nil, fmt.Errorf("field 'exits' must have a minimum of 1 item")
	}
	if len(env.Exits) > MaxExitsPerNode {
		return nil, fmt.Errorf("field 'exits' must have a maximum of %d items", MaxExitsPerNode)
	}
	n := &Node{UUID: env.UUID}
	for i, raw := range env.Actions {
		if isNull(raw) {
			return nil, fmt.Errorf("field 'actions[%d]' is null, field 'type' is required", i)
		}
		a, err := actions.Read(raw)
		if err != nil {
			return nil, fmt.Errorf("unable to read actions[%d]: %w", i, err)
		}
		if !flowType.Allows(a.AllowedFlowTypes()) {
			return nil, fmt.Errorf("action type '%s' is not allowed in a flow of type '%s'", a.Type(), flowType)
		}
		n.Actions = append(n.Actions, a)
	}
	if !isNull(env.Router) {
		r, err := routers.Read(env.Router)
		if err != nil {
			return nil, fmt.Errorf("unable to read router: %w", err)
		}
		if r.Wait != nil && !flowType.Allows(r.Wait.AllowedFlowTypes()) {
			return nil, fmt.Errorf("wait type '%s' is not allowed in a flow of type '%s'", r.Wait.Type, flowType)
		}
		n.Router = r
	}
	exitUUIDs := make(map[utils.UUID]bool, len(env.Exits))
	for i, raw := range env.Exits {
		if isNull(raw) {
			return nil, fmt.Errorf("field 'exits[%d]' is null", i)
		}
		e := &Exit{}
		if err := json.Unmarshal(raw, e); err != nil {
			return nil, fmt.Errorf("unable to read exits[%d]: %w", i, utils.DescribeJSONError(err))
		}
		if !utils.IsUUIDValid(string(e.UUID)) {
			return nil, fmt.Errorf("field 'exits[%d].uuid' is not a valid UUID: '%s'", i, e.UUID)
		}
		exitUUIDs[e.UUID] = true
		n.Exits = append(n.Exits, e)
	}
	if n.Router != nil {
		for i, c := range n.Router.Categories {
			if !exitUUIDs[c.ExitUUID] {
				return nil, fmt.Errorf("category[%d] exit %s is not a valid exit", i, c.ExitUUID)
			}
		}
	}
	return n, nil
}

func (f *Flow) validate() error {
	// action and exit UUIDs are unique across the flow, as the established engine requires
	actionUUIDs := map[utils.UUID]bool{}
	exitUUIDs := map[utils.UUID]bool{}
	for _, n := range f.Nodes {
		for _, a := range n.Actions {
			if actionUUIDs[a.UUID()] {
				return fmt.Errorf("action UUID %s isn't unique", a.UUID())
			}
			actionUUIDs[a.UUID()] = true
		}
		for _, e := range n.Exits {
			if exitUUIDs[e.UUID] {
				return fmt.Errorf("exit UUID %s isn't unique", e.UUID)
			}
			exitUUIDs[e.UUID] = true
			if e.DestinationUUID != "" && f.nodes[e.DestinationUUID] == nil {
				return fmt.Errorf("destination %s of exit[%s] isn't a known node", e.DestinationUUID, e.UUID)
			}
		}
	}
	for lang, items := range f.Localization {
		if _, err := envs.ParseLanguage(string(lang)); err != nil {
			return fmt.Errorf("field 'localization' has invalid language '%s'", lang)
		}
		for uuid, props := range items {
			if !utils.IsUUIDValid(string(uuid)) {
				return fmt.Errorf("field 'localization[%s]' has invalid item UUID '%s'", lang, uuid)
			}
			for key := range props {
				if len(key) > MaxLocalizationKeyLength {
					return fmt.Errorf("field 'localization[%s][%s]' has invalid property key '%s'", lang, uuid, key)
				}
			}
		}
	}
	return nil
}

// readLocalization reads language -> item -> key -> texts. Keys starting with an underscore
// (such as "_ui", editor metadata) are kept out of the texts.
func readLocalization(data json.RawMessage) (Localization, error) {
	loc := Localization{}
	if isNull(data) {
		return loc, nil
	}
	var raw map[envs.Language]map[utils.UUID]map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("unable to read localization: %w", utils.DescribeJSONError(err))
	}
	for lang, items := range raw {
		loc[lang] = make(map[utils.UUID]map[string][]string, len(items))
		for uuid, props := range items {
			texts := make(map[string][]string, len(props))
			for key, v := range props {
				if strings.HasPrefix(key, "_") {
					continue
				}
				var list []string
				if err := json.Unmarshal(v, &list); err != nil {
					return nil, fmt.Errorf("field 'localization[%s][%s][%s]' must be a list of texts", lang, uuid, key)
				}
				texts[key] = list
			}
			loc[lang][uuid] = texts
		}
	}
	return loc, nil
}
