package events

import (
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeContactLanguageChanged is logged when the contact's language changes.
const TypeContactLanguageChanged = "contact_language_changed"

func init() { register(TypeContactLanguageChanged, func() Event { return &ContactLanguageChanged{} }) }

// ContactLanguageChanged carries the new language ("" when cleared).
//
//	{"type": "contact_language_changed", "language": "fra"}
type ContactLanguageChanged struct {
	Base
	Language envs.Language `json:"language"`
}

// NewContactLanguageChanged creates a contact_language_changed event.
func NewContactLanguageChanged(language envs.Language) *ContactLanguageChanged {
	return &ContactLanguageChanged{Base: NewBase(TypeContactLanguageChanged), Language: language}
}

func (e *ContactLanguageChanged) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"language":`)
	w.String(string(e.Language))
	w.Byte('}')
}
