// Package migrations brings flow definitions written for an older spec version up to the
// one the engine reads (CurrentVersion). Each step is a function from the JSON of a flow at
// one version to the JSON of the same flow at the next, working on generic JSON so that
// fields a step does not know about (`_ui`, extensions) pass through untouched.
package migrations

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/utils"
)

// Flow is one flow definition as generic JSON: objects are map[string]any, arrays []any,
// numbers json.Number (so their text survives a migration exactly).
type Flow map[string]any

// Config holds what a step may need beyond the flow itself. Steps that add new objects
// (a templating component, ...) take their UUIDs from UUIDs, so tests can make them
// predictable. BaseMediaURL is where the relative media paths of legacy flows are
// served from.
type Config struct {
	UUIDs        utils.UUIDGenerator
	BaseMediaURL string
}

func (c *Config) newUUID() string {
	if c == nil || c.UUIDs == nil {
		return string(utils.V4Generator{}.Next())
	}
	return string(c.UUIDs.Next())
}

// Step is one migration: it takes a flow at the previous spec version to Version.
type Step struct {
	Version     Version
	Description string
	migrate     func(f Flow, cfg *Config) (Flow, error)
}

// Apply runs the step on a flow (which it may modify in place) and stamps the step's
// version on the result.
func (s Step) Apply(f Flow, cfg *Config) (Flow, error) {
	out, err := s.migrate(f, cfg)
	if err != nil {
		return nil, fmt.Errorf("unable to migrate flow to %s: %w", s.Version, err)
	}
	out["spec_version"] = s.Version.String()
	return out, nil
}

// Steps returns the registered migrations, oldest first. The last one produces
// CurrentVersion.
func Steps() []Step {
	return []Step{
		{Version{13, 1, 0}, "give send_msg templating a UUID", migrate13_1},
		{Version{13, 2, 0}, "replace the base language with und", migrate13_2},
		{Version{13, 3, 0}, "webhook in expressions becomes webhook.json", migrate13_3},
		{Version{13, 4, 0}, "templating variables become components", migrate13_4},
		{Version{13, 5, 0}, "templating components flatten to template and template_variables", migrate13_5},
		{Version{13, 6, 0}, "truncate result names and category names to their limits", migrate13_6},
		{Version{13, 6, 1}, "truncate result keys referenced in expressions", migrate13_6_1},
		{Version{14, 0, 0}, "bound expire_after_minutes and name empty categories", migrate14_0},
		{Version{14, 1, 0}, "webhook splits use @webhook.status, at most 10 quick replies", migrate14_1},
		{Version{14, 2, 0}, "open_ticket body becomes note, drop invalid localization languages", migrate14_2},
		{Version{14, 3, 0}, "ticket and airtime results move to the router", migrate14_3},
		{Version{14, 3, 1}, "word and phrase tests take a single argument", migrate14_3_1},
		{Version{14, 4, 0}, "send_msg loses all_urns", migrate14_4},
		{Version{14, 4, 1}, "webhook splits on @webhook.json.status use @webhook.status", migrate14_4_1},
		{Version{14, 4, 2}, "webhook status splits default a missing status to 0", migrate14_4_2},
	}
}

// MigrateToVersion migrates the JSON of one flow from its `spec_version` up to `to` (nil
// means CurrentVersion), one step per version, using random UUIDs for anything a step adds.
// A flow already at `to` comes back as the same bytes.
func MigrateToVersion(data []byte, to *Version) ([]byte, error) {
	return MigrateToVersionWith(data, to, nil)
}

// MigrateToVersionWith is MigrateToVersion with an explicit config (e.g. a deterministic
// UUID generator).
func MigrateToVersionWith(data []byte, to *Version, cfg *Config) ([]byte, error) {
	target := CurrentVersion
	if to != nil {
		target = *to
	}
	if target.Compare(CurrentVersion) > 0 {
		return nil, fmt.Errorf("can't migrate to version %s: newest supported version is %s", target, CurrentVersion)
	}

	f, err := ReadFlow(data)
	if err != nil {
		return nil, err
	}
	legacy := IsLegacy(f)
	if legacy {
		if f, err = ConvertLegacy(f, cfg); err != nil {
			return nil, fmt.Errorf("unable to read legacy flow: %w", err)
		}
	}
	from, err := SpecVersion(f)
	if err != nil {
		return nil, err
	}
	if from.Compare(CurrentVersion) > 0 {
		return nil, fmt.Errorf("flow spec version %s is newer than the newest supported version %s", from, CurrentVersion)
	}
	if from.Compare(target) == 0 {
		if legacy {
			return json.Marshal(f)
		}
		return data, nil
	}
	if from.Compare(target) > 0 {
		return nil, fmt.Errorf("can't migrate flow of spec version %s down to %s", from, target)
	}

	if f, err = MigrateFlow(f, from, target, cfg); err != nil {
		return nil, err
	}
	return json.Marshal(f)
}

// MigrateFlow runs on a decoded flow every step newer than from and not newer than to, and
// stamps `to` as its spec version.
func MigrateFlow(f Flow, from, to Version, cfg *Config) (Flow, error) {
	var err error
	for _, s := range Steps() {
		if s.Version.Compare(from) > 0 && s.Version.Compare(to) <= 0 {
			if f, err = s.Apply(f, cfg); err != nil {
				return nil, err
			}
		}
	}
	f["spec_version"] = to.String()
	return f, nil
}

// ReadFlow decodes the JSON of one flow, keeping numbers as json.Number.
func ReadFlow(data []byte) (Flow, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("unable to read flow: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("unable to read flow: unexpected data after the flow object")
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("unable to read flow: expected a JSON object, got %s", jsonKind(v))
	}
	return Flow(obj), nil
}

// SpecVersion reads the flow's `spec_version`. A flow in the legacy export format (which
// has `version`, `action_sets` and `rule_sets` instead) has none until ConvertLegacy.
func SpecVersion(f Flow) (Version, error) {
	raw, has := f["spec_version"]
	if !has {
		if IsLegacy(f) {
			return Version{}, fmt.Errorf("legacy flow format (version %s) must be converted with ConvertLegacy first", legacyVersionText(f["version"]))
		}
		return Version{}, fmt.Errorf("flow is missing field 'spec_version'")
	}
	s, ok := raw.(string)
	if !ok {
		return Version{}, fmt.Errorf("field 'spec_version' must be a string, got %s", jsonKind(raw))
	}
	v, err := ParseVersion(s)
	if err != nil {
		return Version{}, fmt.Errorf("field 'spec_version': %w", err)
	}
	return v, nil
}

// IsLegacy reports whether a flow without `spec_version` is in the legacy export format.
func IsLegacy(f Flow) bool {
	if _, has := f["spec_version"]; has {
		return false
	}
	for _, k := range []string{"version", "action_sets", "rule_sets", "flow_type", "base_language"} {
		if _, has := f[k]; has {
			return true
		}
	}
	return false
}

func legacyVersionText(v any) string {
	switch t := v.(type) {
	case nil:
		return "unknown"
	case string:
		return t
	case json.Number:
		return t.String()
	default:
		b, _ := json.Marshal(t)
		return string(b)
	}
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number, float64:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any, Flow:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
