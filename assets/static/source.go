// Package static reads assets from one JSON document, the format of the assets files in
// tests and of `flowrunner` inputs:
//
//	{"flows": [...], "fields": [...], "groups": [...], "channels": [...], "labels": [...],
//	 "resthooks": [...], "locations": [...], "globals": [...], "topics": [...],
//	 "users": [...], "templates": [...], "llms": [...], "campaigns": [...], "optins": [...],
//	 "classifiers": [...], "ticketers": [...]}
//
// Every key is optional. Unknown keys are ignored so that test files can carry other data
// (contact, trigger, ...) beside the assets.
package static

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils"
)

// Source is an asset source read from a static JSON document. It implements assets.Source.
type Source struct {
	flows       []*assets.Flow
	fields      []*assets.Field
	groups      []*assets.Group
	channels    []*assets.Channel
	labels      []*assets.Label
	resthooks   []*assets.Resthook
	locations   []*envs.Location
	globals     []*assets.Global
	topics      []*assets.Topic
	users       []*assets.User
	templates   []*assets.Template
	llms        []*assets.LLM
	campaigns   []*assets.Campaign
	optins      []*assets.OptIn
	classifiers []*assets.Classifier
	ticketers   []*assets.Ticketer
}

type sourceEnvelope struct {
	Flows       []json.RawMessage    `json:"flows"`
	Fields      []*assets.Field      `json:"fields"`
	Groups      []*assets.Group      `json:"groups"`
	Channels    []*assets.Channel    `json:"channels"`
	Labels      []*assets.Label      `json:"labels"`
	Resthooks   []*assets.Resthook   `json:"resthooks"`
	Locations   []*envs.Location     `json:"locations"`
	Globals     []*assets.Global     `json:"globals"`
	Topics      []*assets.Topic      `json:"topics"`
	Users       []*assets.User       `json:"users"`
	Templates   []*assets.Template   `json:"templates"`
	LLMs        []*assets.LLM        `json:"llms"`
	Campaigns   []*assets.Campaign   `json:"campaigns"`
	OptIns      []*assets.OptIn      `json:"optins"`
	Classifiers []*assets.Classifier `json:"classifiers"`
	Ticketers   []*assets.Ticketer   `json:"ticketers"`
}

// LoadSource reads an assets file.
func LoadSource(path string) (*Source, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("unable to read assets file: %w", err)
	}
	s, err := readSource(data)
	if err != nil {
		return nil, fmt.Errorf("unable to read assets file %s: %w", path, err)
	}
	return s, nil
}

// ReadSource reads an assets document and checks each record: required fields present,
// UUIDs well formed, field types known. Errors name the asset list, index and field,
// e.g. `fields[2]: field 'type' has invalid value 'numeric'`.
func ReadSource(data []byte) (*Source, error) {
	s, err := readSource(data)
	if err != nil {
		return nil, fmt.Errorf("unable to read assets: %w", err)
	}
	return s, nil
}

func readSource(data []byte) (*Source, error) {
	if trimmed := bytes.TrimSpace(data); len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("an assets file must be a JSON object with a \"flows\" list")
	}
	var env sourceEnvelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, utils.DescribeJSONError(err)
	}
	s := &Source{
		fields: env.Fields, groups: env.Groups, channels: env.Channels, labels: env.Labels,
		resthooks: env.Resthooks, locations: env.Locations, globals: env.Globals, topics: env.Topics,
		users: env.Users, templates: env.Templates, llms: env.LLMs, campaigns: env.Campaigns,
		optins: env.OptIns, classifiers: env.Classifiers, ticketers: env.Ticketers,
	}
	for i, raw := range env.Flows {
		f, err := readFlow(raw)
		if err != nil {
			return nil, fmt.Errorf("flows[%d]: %w", i, err)
		}
		s.flows = append(s.flows, f)
	}
	if err := s.validate(); err != nil {
		return nil, err
	}
	return s, nil
}

// NewSource builds a source from records already in memory (tests, embedders).
func NewSource(flows []*assets.Flow, fields []*assets.Field, groups []*assets.Group, channels []*assets.Channel) *Source {
	return &Source{flows: flows, fields: fields, groups: groups, channels: channels}
}

type flowHeader struct {
	UUID        utils.UUID `json:"uuid"`
	Name        string     `json:"name"`
	Type        string     `json:"type"`
	SpecVersion string     `json:"spec_version"`
	// legacy export format
	FlowType string `json:"flow_type"`
	Metadata *struct {
		UUID utils.UUID `json:"uuid"`
		Name string     `json:"name"`
	} `json:"metadata"`
	ActionSets json.RawMessage `json:"action_sets"`
	RuleSets   json.RawMessage `json:"rule_sets"`
}

func readFlow(raw json.RawMessage) (*assets.Flow, error) {
	var h flowHeader
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, utils.DescribeJSONError(err)
	}
	f := &assets.Flow{UUID: h.UUID, Name: h.Name, Type: h.Type, SpecVersion: h.SpecVersion, Definition: raw}
	if h.SpecVersion == "" && (h.Metadata != nil || h.ActionSets != nil || h.RuleSets != nil) {
		f.Legacy = true
		f.Type = h.FlowType
		if h.Metadata != nil {
			f.UUID, f.Name = h.Metadata.UUID, h.Metadata.Name
		}
	}
	if f.UUID == "" {
		return nil, fmt.Errorf("field 'uuid' is required")
	}
	if !utils.IsUUIDValid(string(f.UUID)) {
		return nil, fmt.Errorf("field 'uuid' has invalid value '%s'", f.UUID)
	}
	return f, nil
}

func checkUUID(list string, i int, field string, u utils.UUID, required bool) error {
	if u == "" {
		if required {
			return fmt.Errorf("%s[%d]: field '%s' is required", list, i, field)
		}
		return nil
	}
	if !utils.IsUUIDValid(string(u)) {
		return fmt.Errorf("%s[%d]: field '%s' has invalid value '%s'", list, i, field, u)
	}
	return nil
}

func checkRequired(list string, i int, field, value string) error {
	if value == "" {
		return fmt.Errorf("%s[%d]: field '%s' is required", list, i, field)
	}
	return nil
}

// validate checks every record of the source, list by list, and returns the first
// problem, naming the list, the index and the field: "channels[2]: field 'uuid' is required".
func (s *Source) validate() error {
	checks := []func() error{
		func() error { return checkEach("fields", s.fields, checkField) },
		func() error {
			return checkEach("groups", s.groups, requireUUID("groups", func(g *assets.Group) utils.UUID { return g.UUID }))
		},
		func() error { return checkEach("channels", s.channels, checkChannel) },
		func() error {
			return checkEach("labels", s.labels, requireUUID("labels", func(l *assets.Label) utils.UUID { return l.UUID }))
		},
		func() error {
			return checkEach("resthooks", s.resthooks, func(i int, r *assets.Resthook) error { return checkRequired("resthooks", i, "slug", r.Slug) })
		},
		func() error {
			return checkEach("locations", s.locations, func(i int, l *envs.Location) error { return checkLocation(fmt.Sprintf("locations[%d]", i), l) })
		},
		func() error {
			return checkEach("globals", s.globals, func(i int, g *assets.Global) error { return checkRequired("globals", i, "key", g.Key) })
		},
		func() error {
			return checkEach("topics", s.topics, requireUUID("topics", func(t *assets.Topic) utils.UUID { return t.UUID }))
		},
		func() error { return checkEach("users", s.users, checkUser) },
		func() error { return checkEach("templates", s.templates, checkTemplate) },
		func() error {
			return checkEach("llms", s.llms, requireUUID("llms", func(l *assets.LLM) utils.UUID { return l.UUID }))
		},
		func() error {
			return checkEach("campaigns", s.campaigns, requireUUID("campaigns", func(c *assets.Campaign) utils.UUID { return c.UUID }))
		},
		func() error {
			return checkEach("optins", s.optins, requireUUID("optins", func(o *assets.OptIn) utils.UUID { return o.UUID }))
		},
		func() error {
			return checkEach("classifiers", s.classifiers, requireUUID("classifiers", func(c *assets.Classifier) utils.UUID { return c.UUID }))
		},
		func() error {
			return checkEach("ticketers", s.ticketers, requireUUID("ticketers", func(t *assets.Ticketer) utils.UUID { return t.UUID }))
		},
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// checkEach checks every record of a list, refusing null ones ("labels[3]: is null").
func checkEach[T any](list string, items []*T, check func(i int, item *T) error) error {
	for i, item := range items {
		if item == nil {
			return fmt.Errorf("%s[%d]: is null", list, i)
		}
		if err := check(i, item); err != nil {
			return err
		}
	}
	return nil
}

// requireUUID is the check of records that need nothing but a valid UUID.
func requireUUID[T any](list string, uuidOf func(*T) utils.UUID) func(int, *T) error {
	return func(i int, item *T) error { return checkUUID(list, i, "uuid", uuidOf(item), true) }
}

func checkField(i int, f *assets.Field) error {
	if err := checkUUID("fields", i, "uuid", f.UUID, false); err != nil {
		return err
	}
	if err := checkRequired("fields", i, "key", f.Key); err != nil {
		return err
	}
	if f.Type == "" {
		return fmt.Errorf("fields[%d]: field 'type' is required", i)
	}
	if !f.Type.IsValid() {
		return fmt.Errorf("fields[%d]: field 'type' has invalid value '%s'", i, f.Type)
	}
	return nil
}

func checkChannel(i int, c *assets.Channel) error {
	if err := checkUUID("channels", i, "uuid", c.UUID, true); err != nil {
		return err
	}
	if c.Parent != nil {
		return checkUUID("channels", i, "parent.uuid", c.Parent.UUID, true)
	}
	return nil
}

// checkUser accepts a user known by UUID or by email.
func checkUser(i int, u *assets.User) error {
	if err := checkUUID("users", i, "uuid", u.UUID, false); err != nil {
		return err
	}
	if u.UUID == "" && u.Email == "" {
		return fmt.Errorf("users[%d]: field 'uuid' is required", i)
	}
	return nil
}

func checkTemplate(i int, t *assets.Template) error {
	if err := checkUUID("templates", i, "uuid", t.UUID, true); err != nil {
		return err
	}
	for j, tr := range t.Translations {
		if tr == nil || tr.Channel == nil {
			return fmt.Errorf("templates[%d]: field 'translations[%d].channel' is required", i, j)
		}
		if err := checkUUID("templates", i, fmt.Sprintf("translations[%d].channel.uuid", j), tr.Channel.UUID, true); err != nil {
			return err
		}
	}
	return nil
}

func checkLocation(path string, l *envs.Location) error {
	if l.Name_ == "" {
		return fmt.Errorf("%s: field 'name' is required", path)
	}
	for i, c := range l.Children {
		if c == nil {
			return fmt.Errorf("%s.children[%d]: is null", path, i)
		}
		if err := checkLocation(fmt.Sprintf("%s.children[%d]", path, i), c); err != nil {
			return err
		}
	}
	return nil
}

// Collection indexes the source for lookups.
func (s *Source) Collection() *assets.Collection { return assets.NewCollection(s) }

func (s *Source) Flows() []*assets.Flow             { return s.flows }
func (s *Source) Fields() []*assets.Field           { return s.fields }
func (s *Source) Groups() []*assets.Group           { return s.groups }
func (s *Source) Channels() []*assets.Channel       { return s.channels }
func (s *Source) Labels() []*assets.Label           { return s.labels }
func (s *Source) Resthooks() []*assets.Resthook     { return s.resthooks }
func (s *Source) Locations() []*envs.Location       { return s.locations }
func (s *Source) Globals() []*assets.Global         { return s.globals }
func (s *Source) Topics() []*assets.Topic           { return s.topics }
func (s *Source) Users() []*assets.User             { return s.users }
func (s *Source) Templates() []*assets.Template     { return s.templates }
func (s *Source) LLMs() []*assets.LLM               { return s.llms }
func (s *Source) Campaigns() []*assets.Campaign     { return s.campaigns }
func (s *Source) OptIns() []*assets.OptIn           { return s.optins }
func (s *Source) Classifiers() []*assets.Classifier { return s.classifiers }
func (s *Source) Ticketers() []*assets.Ticketer     { return s.ticketers }
