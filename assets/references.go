package assets

import (
	"github.com/rivuletflows/rivulet/utils"
)

// Reference is what flows and events use to point at an asset: its type name (for
// "missing <type> dependency '<id>'" errors and inspection), its identity and a name kept
// for people reading the JSON.
type Reference interface {
	// Type is the asset type name, e.g. "group".
	Type() string
	// Identity is the UUID, key or slug the asset is found by.
	Identity() string
	// Variable reports whether the reference is resolved at run time (name_match templates).
	Variable() bool
}

// FlowReference points at a flow: {"uuid": "...", "name": "Registration"}.
type FlowReference struct {
	UUID utils.UUID `json:"uuid" validate:"required,uuid"`
	Name string     `json:"name"`
}

func (r *FlowReference) Type() string     { return "flow" }
func (r *FlowReference) Identity() string { return string(r.UUID) }
func (r *FlowReference) Variable() bool   { return false }

// GroupReference points at a group by UUID, or by a name template resolved at run time
// ({"name_match": "@fields.district Members"}).
type GroupReference struct {
	UUID      utils.UUID `json:"uuid,omitempty" validate:"omitempty,uuid"`
	Name      string     `json:"name,omitempty" validate:"omitempty,max=64"`
	NameMatch string     `json:"name_match,omitempty"`
}

func (r *GroupReference) Type() string     { return "group" }
func (r *GroupReference) Identity() string { return string(r.UUID) }
func (r *GroupReference) Variable() bool   { return r.NameMatch != "" }

// FieldReference points at a contact field by key: {"key": "age", "name": "Age"}.
type FieldReference struct {
	Key  string `json:"key" validate:"required"`
	Name string `json:"name"`
}

func (r *FieldReference) Type() string     { return "field" }
func (r *FieldReference) Identity() string { return r.Key }
func (r *FieldReference) Variable() bool   { return false }

// ChannelReference points at a channel.
type ChannelReference struct {
	UUID utils.UUID `json:"uuid" validate:"required,uuid"`
	Name string     `json:"name"`
}

func (r *ChannelReference) Type() string     { return "channel" }
func (r *ChannelReference) Identity() string { return string(r.UUID) }
func (r *ChannelReference) Variable() bool   { return false }

// LabelReference points at a label by UUID, or by a name template resolved at run time.
type LabelReference struct {
	UUID      utils.UUID `json:"uuid,omitempty" validate:"omitempty,uuid"`
	Name      string     `json:"name,omitempty"`
	NameMatch string     `json:"name_match,omitempty"`
}

func (r *LabelReference) Type() string     { return "label" }
func (r *LabelReference) Identity() string { return string(r.UUID) }
func (r *LabelReference) Variable() bool   { return r.NameMatch != "" }

// TopicReference points at a ticket topic.
type TopicReference struct {
	UUID utils.UUID `json:"uuid" validate:"required,uuid"`
	Name string     `json:"name"`
}

func (r *TopicReference) Type() string     { return "topic" }
func (r *TopicReference) Identity() string { return string(r.UUID) }
func (r *TopicReference) Variable() bool   { return false }

// UserReference points at a user by UUID ({"uuid", "name"}) or, in older flows, by email
// ({"email", "name"}); the email may be a template resolved at run time.
type UserReference struct {
	UUID  utils.UUID `json:"uuid,omitempty"`
	Email string     `json:"email,omitempty"`
	Name  string     `json:"name,omitempty"`
}

func (r *UserReference) Type() string { return "user" }
func (r *UserReference) Identity() string {
	if r.UUID != "" {
		return string(r.UUID)
	}
	return r.Email
}
func (r *UserReference) Variable() bool { return r.UUID == "" && containsExpression(r.Email) }

// TemplateReference points at a message template.
type TemplateReference struct {
	UUID utils.UUID `json:"uuid" validate:"required,uuid"`
	Name string     `json:"name"`
}

func (r *TemplateReference) Type() string     { return "template" }
func (r *TemplateReference) Identity() string { return string(r.UUID) }
func (r *TemplateReference) Variable() bool   { return false }

// OptInReference points at an opt-in.
type OptInReference struct {
	UUID utils.UUID `json:"uuid" validate:"required,uuid"`
	Name string     `json:"name"`
}

func (r *OptInReference) Type() string     { return "optin" }
func (r *OptInReference) Identity() string { return string(r.UUID) }
func (r *OptInReference) Variable() bool   { return false }

// LLMReference points at an LLM.
type LLMReference struct {
	UUID utils.UUID `json:"uuid" validate:"required,uuid"`
	Name string     `json:"name"`
}

func (r *LLMReference) Type() string     { return "llm" }
func (r *LLMReference) Identity() string { return string(r.UUID) }
func (r *LLMReference) Variable() bool   { return false }

// ClassifierReference points at a classifier.
type ClassifierReference struct {
	UUID utils.UUID `json:"uuid" validate:"required,uuid"`
	Name string     `json:"name"`
}

func (r *ClassifierReference) Type() string     { return "classifier" }
func (r *ClassifierReference) Identity() string { return string(r.UUID) }
func (r *ClassifierReference) Variable() bool   { return false }

// CampaignReference points at a campaign.
type CampaignReference struct {
	UUID utils.UUID `json:"uuid" validate:"required,uuid"`
	Name string     `json:"name"`
}

func (r *CampaignReference) Type() string     { return "campaign" }
func (r *CampaignReference) Identity() string { return string(r.UUID) }
func (r *CampaignReference) Variable() bool   { return false }

// ResthookReference points at a resthook by slug.
type ResthookReference struct {
	Slug string `json:"slug" validate:"required"`
}

func (r *ResthookReference) Type() string     { return "resthook" }
func (r *ResthookReference) Identity() string { return r.Slug }
func (r *ResthookReference) Variable() bool   { return false }

// GlobalReference points at a global by key.
type GlobalReference struct {
	Key  string `json:"key" validate:"required"`
	Name string `json:"name"`
}

func (r *GlobalReference) Type() string     { return "global" }
func (r *GlobalReference) Identity() string { return r.Key }
func (r *GlobalReference) Variable() bool   { return false }

// MissingDependencyError says a reference points at an asset the source doesn't have,
// worded as "missing group dependency '<uuid>'".
func MissingDependencyError(r Reference) string {
	return "missing " + r.Type() + " dependency '" + r.Identity() + "'"
}

func containsExpression(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '@' {
			return true
		}
	}
	return false
}
