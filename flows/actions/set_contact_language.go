package actions

import (
	"context"

	"fmt"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/modifiers"
)

// TypeSetContactLanguage is the type of SetContactLanguage.
const TypeSetContactLanguage = "set_contact_language"

func init() {
	mustRegister(TypeInfo{Name: TypeSetContactLanguage, New: func() flows.Action { return &SetContactLanguage{baseAction: newBase(TypeSetContactLanguage, "")} },
		Description: "Sets the contact's language", Category: CategoryContacts})
}

// SetContactLanguage sets the contact's language from a template evaluating to an
// ISO 639-3 code; an empty value clears it.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "set_contact_language", "language": "eng"}
type SetContactLanguage struct {
	baseAction
	Language string `json:"language"`
}

// Validate checks the fields.
func (a *SetContactLanguage) Validate() error { return validate(a) }

// AllowedFlowTypes allows every flow type.
func (a *SetContactLanguage) AllowedFlowTypes() []flows.FlowType { return allFlowTypes }

// Execute evaluates the language and changes the contact.
func (a *SetContactLanguage) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	if !contactRequired(run, log) {
		return nil
	}
	lang, ok := evaluate(run, a.Language, nil, log)
	if !ok {
		return nil
	}
	lang = strings.TrimSpace(lang)
	if lang != "" && !isLanguageCode(lang) {
		if len(lang) != 3 {
			log(events.NewError(fmt.Sprintf("iso-639-3 codes must be 3 characters, got: %s", lang)))
		} else {
			log(events.NewError(fmt.Sprintf("unrecognized language code: %s", lang)))
		}
		return nil
	}
	applyModifier(run, modifiers.NewLanguage(envs.Language(lang)), log)
	return nil
}

// isLanguageCode reports whether s looks like an ISO 639-3 code: three lower case letters.
func isLanguageCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return true
}

// Inspect reports the language template.
func (a *SetContactLanguage) Inspect(ins flows.Inspector) { ins.Templates(a.Language) }
