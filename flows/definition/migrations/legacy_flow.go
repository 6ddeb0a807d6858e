package migrations

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
)

// The legacy export format, the one flows were written in before spec versions: a flow
// has `action_sets` (lists of actions) and `rule_sets` (splits), joined by destinations,
// with `entry` naming the first, `base_language`, `flow_type` (M, V, S, ...) and the
// uuid, name, revision and expiry under `metadata`. ConvertLegacy turns it into a flow of
// spec version 13.0.0, the first of the current format, which the migration steps then
// bring up to date.

// LegacyVersion is the spec version a legacy flow is converted to.
var LegacyVersion = Version{13, 0, 0}

// newestLegacyVersion is the last version of the legacy format (11.12).
var newestLegacyVersion = Version{11, 12, 0}

// legacyFlowTypes maps the legacy flow type codes.
var legacyFlowTypes = map[string]string{
	"":  "messaging",
	"F": "messaging",
	"M": "messaging",
	"V": "voice",
	"S": "messaging_offline",
	"B": "messaging_background",
}

// ConvertLegacy converts a flow in the legacy export format to spec version 13.0.0. An
// action or rule type it doesn't know is an error naming it and the action set or rule set
// it is in.
func ConvertLegacy(f Flow, cfg *Config) (Flow, error) {
	if v, has := f["version"]; has && v != nil {
		text := legacyVersionText(v)
		if version, err := ParseVersion(text); err == nil && version.Compare(newestLegacyVersion) > 0 {
			return nil, fmt.Errorf("legacy flow version %s is newer than the newest legacy version %d.%d", text, newestLegacyVersion.Major, newestLegacyVersion.Minor)
		}
	}
	metadata := asObject(f["metadata"])
	if metadata == nil {
		metadata = map[string]any{}
	}
	pick := func(key string) any {
		if v, ok := metadata[key]; ok && v != nil {
			return v
		}
		return f[key]
	}

	uuid := asString(pick("uuid"))
	if uuid == "" {
		uuid = cfg.newUUID()
	}
	flowTypeCode := asString(f["flow_type"])
	flowType, known := legacyFlowTypes[flowTypeCode]
	if !known {
		return nil, fmt.Errorf("unknown legacy flow type '%s'", flowTypeCode)
	}
	language := asString(f["base_language"])
	if language == "" {
		language = "und"
	}
	revision := pick("revision")
	if revision == nil {
		revision = json.Number("0")
	}
	expires := metadata["expires"]
	if expires == nil {
		expires = json.Number("0")
	}

	c := newLegacyConverter(cfg, language)

	var sources []legacySource
	exists := map[string]bool{}
	for i, a := range objects(f, "action_sets") {
		sources = append(sources, legacySource{obj: a, index: i})
	}
	for i, r := range objects(f, "rule_sets") {
		sources = append(sources, legacySource{obj: r, isRuleSet: true, index: i})
	}
	for i := range sources {
		s := &sources[i]
		uuid := asString(s.obj["uuid"])
		if uuid == "" {
			return nil, fmt.Errorf("%s: missing uuid", s.where())
		}
		exists[uuid] = true
		fmt.Sscan(jsonText(s.obj["x"]), &s.x)
		fmt.Sscan(jsonText(s.obj["y"]), &s.y)
	}
	entry := asString(f["entry"])
	sort.SliceStable(sources, func(i, j int) bool {
		ei, ej := asString(sources[i].obj["uuid"]) == entry, asString(sources[j].obj["uuid"]) == entry
		if ei != ej {
			return ei
		}
		// nodes at the same height keep their order in the export (action sets before
		// rule sets), as the established migration orders them: x is not looked at
		return sources[i].y < sources[j].y
	})

	keep := func(dest string) bool { return exists[dest] }
	nodes := []any{}
	uiNodes := map[string]any{}
	for _, s := range sources {
		var n *legacyNode
		var err error
		if s.isRuleSet {
			n, err = c.convertRuleSet(s.obj, keep)
		} else {
			n, err = c.convertActionSet(s.obj, keep)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.where(), err)
		}
		nodes = append(nodes, n.node)
		uiNodes[asString(s.obj["uuid"])] = n.ui
	}

	stickies := map[string]any{}
	for _, note := range objects(metadata, "notes") {
		stickies[cfg.newUUID()] = map[string]any{
			"title":    asString(note["title"]),
			"body":     asString(note["body"]),
			"color":    "yellow",
			"position": legacyPosition(note),
		}
	}

	return Flow{
		"uuid":                 uuid,
		"name":                 asString(pick("name")),
		"spec_version":         LegacyVersion.String(),
		"language":             language,
		"type":                 flowType,
		"revision":             revision,
		"expire_after_minutes": expires,
		"localization":         c.localizationJSON(),
		"nodes":                nodes,
		"_ui":                  map[string]any{"nodes": uiNodes, "stickies": stickies},
	}, nil
}

// legacySource is an action set or rule set of a legacy flow, with its position.
type legacySource struct {
	obj       map[string]any
	isRuleSet bool
	index     int
	x, y      float64
}

// where names the action set or rule set in errors.
func (s *legacySource) where() string {
	kind := "action_sets"
	if s.isRuleSet {
		kind = "rule_sets"
	}
	if uuid := asString(s.obj["uuid"]); uuid != "" {
		return fmt.Sprintf("%s[%d] (%s)", kind, s.index, uuid)
	}
	return fmt.Sprintf("%s[%d]", kind, s.index)
}

// convertActionSet converts a legacy action set to a node with actions and one exit.
func (c *legacyConverter) convertActionSet(as map[string]any, keep func(string) bool) (*legacyNode, error) {
	var actions []any
	for i, a := range objects(as, "actions") {
		converted, err := c.convertAction(a)
		if err != nil {
			return nil, fmt.Errorf("action[%d] (%s): %w", i, asString(a["uuid"]), err)
		}
		actions = append(actions, converted)
	}
	exitUUID := asString(as["exit_uuid"])
	if exitUUID == "" {
		exitUUID = c.cfg.newUUID()
	}
	exit := map[string]any{"uuid": exitUUID}
	if dest := asString(as["destination"]); dest != "" && (keep == nil || keep(dest)) {
		exit["destination_uuid"] = dest
	}
	node := map[string]any{"uuid": asString(as["uuid"]), "exits": []any{exit}}
	if len(actions) > 0 {
		node["actions"] = actions
	}
	return &legacyNode{node: node, ui: map[string]any{"type": "execute_actions", "position": legacyPosition(as)}}, nil
}

// MigrateAssets migrates every flow of an assets or export file (an object with a
// "flows" list) to version to (nil meaning CurrentVersion), leaving everything else in the
// file as it is. A file holding a single flow is migrated as that flow.
func MigrateAssets(data []byte, to *Version) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var doc map[string]json.RawMessage
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("unable to read assets: %w", err)
	}
	rawFlows, hasFlows := doc["flows"]
	if !hasFlows {
		return MigrateToVersion(data, to)
	}
	var flows []json.RawMessage
	if err := json.Unmarshal(rawFlows, &flows); err != nil {
		return nil, fmt.Errorf("field 'flows' must be a list of flows: %w", err)
	}
	for i, raw := range flows {
		migrated, err := MigrateToVersion(raw, to)
		if err != nil {
			return nil, fmt.Errorf("unable to migrate flows[%d]: %w", i, err)
		}
		flows[i] = migrated
	}
	newFlows, err := json.Marshal(flows)
	if err != nil {
		return nil, err
	}
	doc["flows"] = newFlows
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
