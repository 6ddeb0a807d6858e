package modifiers

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeLanguage is the type of the language modifier.
const TypeLanguage = "language"

// Language sets the contact's language (empty or null clears it).
//
//	{"type": "language", "language": "fra"}
type Language struct {
	Type_    string        `json:"type"`
	Language envs.Language `json:"language"`
}

// NewLanguage creates a language modifier.
func NewLanguage(l envs.Language) *Language { return &Language{Type_: TypeLanguage, Language: l} }

func (m *Language) Type() string { return TypeLanguage }

// Apply sets the language, logging contact_language_changed when it differs.
func (m *Language) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	if !c.SetLanguage(m.Language) {
		return false
	}
	log(events.NewContactLanguageChanged(m.Language))
	return true
}

func init() {
	register(TypeLanguage, func(data []byte, _ *assets.Collection) (Modifier, error) {
		m := &Language{}
		if err := json.Unmarshal(data, m); err != nil {
			return nil, err
		}
		if l := string(m.Language); l != "" && (len(l) != 3 || strings.ToLower(l) != l) {
			return nil, fmt.Errorf("field 'language' has invalid value '%s'", l)
		}
		return m, nil
	})
}
