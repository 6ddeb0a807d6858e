package events

import (
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// TypeBroadcastCreated is logged when a flow sends a message to other contacts.
const TypeBroadcastCreated = "broadcast_created"

func init() { register(TypeBroadcastCreated, func() Event { return &BroadcastCreated{} }) }

// BroadcastTranslation is the content of a broadcast in one language.
type BroadcastTranslation struct {
	Text         string        `json:"text"`
	Attachments  []string      `json:"attachments,omitempty"`
	QuickReplies []*QuickReply `json:"quick_replies,omitempty"`
}

// ContactReference points at a contact by UUID, with its name for people reading the JSON.
type ContactReference struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
}

// BroadcastCreated asks the caller to send a message to groups, contacts, a query's
// results and URNs; the caller picks each recipient's language among the translations.
//
//	{"type": "broadcast_created", "translations": {"eng": {"text": "Hi there!"}}, "base_language": "eng", "urns": ["tel:+1234567890"]}
type BroadcastCreated struct {
	Base
	Translations      map[envs.Language]*BroadcastTranslation `json:"translations"`
	BaseLanguage      envs.Language                           `json:"base_language"`
	Groups            []*assets.GroupReference                `json:"groups,omitempty"`
	Contacts          []*ContactReference                     `json:"contacts,omitempty"`
	ContactQuery      string                                  `json:"contact_query,omitempty"`
	URNs              []urns.URN                              `json:"urns,omitempty"`
	Template          *assets.TemplateReference               `json:"template,omitempty"`
	TemplateVariables []string                                `json:"template_variables,omitempty"`
}

// NewBroadcastCreated creates a broadcast_created event.
func NewBroadcastCreated(translations map[envs.Language]*BroadcastTranslation, baseLanguage envs.Language, groups []*assets.GroupReference, contacts []*ContactReference, contactQuery string, urnList []urns.URN) *BroadcastCreated {
	return &BroadcastCreated{
		Base:         NewBase(TypeBroadcastCreated),
		Translations: translations,
		BaseLanguage: baseLanguage,
		Groups:       groups,
		Contacts:     contacts,
		ContactQuery: contactQuery,
		URNs:         urnList,
	}
}
