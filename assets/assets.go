// Package assets holds the typed records of everything a flow may refer to (flows, fields,
// groups, channels, labels, resthooks, locations, globals, topics, users, templates, LLMs,
// campaigns, opt-ins, classifiers) and the references to them that flow definitions and
// events carry. Records are plain values read once from a source (see assets/static) and
// shared read-only by every session using that source.
package assets

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils"
)

// Flow is a flow asset. Only its identity is read here; the definition is kept as raw JSON
// because reading (and migrating) it is the job of flows/definition.
type Flow struct {
	UUID        utils.UUID
	Name        string
	Type        string // messaging, messaging_background, messaging_offline, voice, or a legacy code (M, V, ...)
	SpecVersion string // empty for legacy-format flows
	// Legacy is true for flows in the legacy export format (action_sets/rule_sets with a
	// metadata block), which must be migrated before use.
	Legacy     bool
	Definition json.RawMessage
}

// FieldType is the type of value a contact field holds.
type FieldType string

// The field types.
const (
	FieldTypeText     FieldType = "text"
	FieldTypeNumber   FieldType = "number"
	FieldTypeDatetime FieldType = "datetime"
	FieldTypeState    FieldType = "state"
	FieldTypeDistrict FieldType = "district"
	FieldTypeWard     FieldType = "ward"
)

// IsValid reports whether t is one of the known field types.
func (t FieldType) IsValid() bool {
	switch t {
	case FieldTypeText, FieldTypeNumber, FieldTypeDatetime, FieldTypeState, FieldTypeDistrict, FieldTypeWard:
		return true
	}
	return false
}

// Field is a contact field definition, e.g. {"key": "age", "name": "Age", "type": "number"}.
type Field struct {
	UUID utils.UUID `json:"uuid,omitempty"`
	Key  string     `json:"key"`
	Name string     `json:"name"`
	Type FieldType  `json:"type"`
}

// Reference returns a reference to this field, as events and flows carry it.
func (f *Field) Reference() *FieldReference { return &FieldReference{Key: f.Key, Name: f.Name} }

// Group is a contact group. A group with a query is a smart group whose membership the
// engine computes from the query; other groups are changed only by actions.
type Group struct {
	UUID  utils.UUID `json:"uuid"`
	Name  string     `json:"name"`
	Query string     `json:"query,omitempty"`
}

// IsSmart reports whether membership of the group is computed from its query.
func (g *Group) IsSmart() bool { return g.Query != "" }

// Reference returns a reference to this group.
func (g *Group) Reference() *GroupReference { return &GroupReference{UUID: g.UUID, Name: g.Name} }

// ChannelRole is something a channel can do.
type ChannelRole string

// The channel roles.
const (
	ChannelRoleSend    ChannelRole = "send"
	ChannelRoleReceive ChannelRole = "receive"
	ChannelRoleCall    ChannelRole = "call"
	ChannelRoleAnswer  ChannelRole = "answer"
	ChannelRoleUSSD    ChannelRole = "ussd"
)

// Channel is a channel messages and calls go through.
type Channel struct {
	UUID               utils.UUID        `json:"uuid"`
	Name               string            `json:"name"`
	Address            string            `json:"address"`
	Schemes            []string          `json:"schemes"`
	Roles              []ChannelRole     `json:"roles"`
	Parent             *ChannelReference `json:"parent,omitempty"`
	Country            envs.Country      `json:"country,omitempty"`
	MatchPrefixes      []string          `json:"match_prefixes,omitempty"`
	AllowInternational bool              `json:"allow_international,omitempty"`
	Features           []string          `json:"features,omitempty"`
}

// HasRole reports whether the channel can play role.
func (c *Channel) HasRole(role ChannelRole) bool {
	for _, r := range c.Roles {
		if r == role {
			return true
		}
	}
	return false
}

// SupportsScheme reports whether the channel handles URNs of scheme.
func (c *Channel) SupportsScheme(scheme string) bool {
	for _, s := range c.Schemes {
		if s == scheme {
			return true
		}
	}
	return false
}

// HasFeature reports whether the channel declares feature.
func (c *Channel) HasFeature(feature string) bool {
	for _, f := range c.Features {
		if f == feature {
			return true
		}
	}
	return false
}

// Reference returns a reference to this channel.
func (c *Channel) Reference() *ChannelReference {
	return &ChannelReference{UUID: c.UUID, Name: c.Name}
}

// Label is a message label.
type Label struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
}

// Reference returns a reference to this label.
func (l *Label) Reference() *LabelReference { return &LabelReference{UUID: l.UUID, Name: l.Name} }

// Resthook is a named hook whose subscribers are called by call_resthook.
type Resthook struct {
	Slug        string   `json:"slug"`
	Subscribers []string `json:"subscribers"`
}

// Global is a workspace-wide named value, available as @globals.key.
type Global struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Topic is a ticket topic.
type Topic struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
}

// Reference returns a reference to this topic.
func (t *Topic) Reference() *TopicReference { return &TopicReference{UUID: t.UUID, Name: t.Name} }

// User is a workspace user, e.g. a ticket assignee.
type User struct {
	UUID  utils.UUID `json:"uuid,omitempty"`
	Email string     `json:"email"`
	Name  string     `json:"name"`
}

// Reference returns a reference to this user as tickets and triggers carry it.
func (u *User) Reference() *UserReference { return &UserReference{UUID: u.UUID, Name: u.Name} }

// Template is a channel message template (e.g. WhatsApp) with one translation per channel
// and locale.
type Template struct {
	UUID         utils.UUID             `json:"uuid"`
	Name         string                 `json:"name"`
	Translations []*TemplateTranslation `json:"translations"`
}

// Reference returns a reference to this template.
func (t *Template) Reference() *TemplateReference {
	return &TemplateReference{UUID: t.UUID, Name: t.Name}
}

// TemplateTranslation is a template's content for one channel and locale.
type TemplateTranslation struct {
	Channel    *ChannelReference   `json:"channel"`
	Locale     envs.Locale         `json:"locale"`
	Components []TemplateComponent `json:"components"`
	Variables  []TemplateVariable  `json:"variables"`
}

// TemplateComponent is a part of a template (header, body, button); its content has
// {{n}} placeholders mapped to indexes of the translation's variables.
type TemplateComponent struct {
	Name      string         `json:"name"`
	Type      string         `json:"type"`
	Content   string         `json:"content"`
	Variables map[string]int `json:"variables"`
}

// TemplateVariable is one value a template needs, e.g. {"type": "text"}.
type TemplateVariable struct {
	Type string `json:"type"`
}

// LLM is a large language model service usable by call_llm.
type LLM struct {
	UUID  utils.UUID `json:"uuid"`
	Name  string     `json:"name"`
	Type  string     `json:"type"`
	Roles []string   `json:"roles,omitempty"`
}

// Reference returns a reference to this LLM.
func (l *LLM) Reference() *LLMReference { return &LLMReference{UUID: l.UUID, Name: l.Name} }

// Campaign is a campaign whose events may trigger sessions.
type Campaign struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
}

// Reference returns a reference to this campaign.
func (c *Campaign) Reference() *CampaignReference {
	return &CampaignReference{UUID: c.UUID, Name: c.Name}
}

// OptIn is a topic contacts can opt in to receive messages about.
type OptIn struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
}

// Reference returns a reference to this opt-in.
func (o *OptIn) Reference() *OptInReference { return &OptInReference{UUID: o.UUID, Name: o.Name} }

// Classifier is an NLU service that call_classifier uses.
type Classifier struct {
	UUID    utils.UUID `json:"uuid"`
	Name    string     `json:"name"`
	Type    string     `json:"type"`
	Intents []string   `json:"intents"`
}

// Reference returns a reference to this classifier.
func (c *Classifier) Reference() *ClassifierReference {
	return &ClassifierReference{UUID: c.UUID, Name: c.Name}
}

// Ticketer is a ticketing service (older assets files only).
type Ticketer struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
	Type string     `json:"type"`
}
