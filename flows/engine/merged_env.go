package engine

import (
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/flows"
)

// mergedEnv is the session environment as seen from a contact: the contact's language,
// timezone and (from its first tel URN) country take precedence over the session's.
// It also carries the engine's LLM prompt templates, which prompt() reads from the
// environment it is evaluated in (functions.PromptSource).
type mergedEnv struct {
	envs.Environment
	lang    envs.Language
	country envs.Country
	tz      *time.Location
	prompts map[string]string
}

func newMergedEnv(base envs.Environment, c *flows.Contact, prompts map[string]string) envs.Environment {
	m := &mergedEnv{Environment: base, lang: base.DefaultLanguage(), country: base.DefaultCountry(), tz: base.Timezone(), prompts: prompts}
	if c == nil {
		return m
	}
	if c.Language() != envs.NilLanguage {
		m.lang = c.Language()
	}
	if c.Timezone() != nil {
		m.tz = c.Timezone()
	}
	for _, u := range c.URNs() {
		if u.URN().Scheme() == "tel" {
			if country := u.Country(); country != envs.NilCountry {
				m.country = country
			}
			break
		}
	}
	return m
}

// mergedEnvKey is what a merged environment depends on: the contact, its language and
// timezone, and its first tel URN (whose number gives the country).
type mergedEnvKey struct {
	contact *flows.Contact
	lang    envs.Language
	tz      *time.Location
	tel     *flows.ContactURN
}

// firstTelURN is the contact's first tel URN, or nil.
func firstTelURN(c *flows.Contact) *flows.ContactURN {
	for _, u := range c.URNs() {
		if u.URN().Scheme() == "tel" {
			return u
		}
	}
	return nil
}

func (m *mergedEnv) DefaultLanguage() envs.Language { return m.lang }
func (m *mergedEnv) DefaultCountry() envs.Country   { return m.country }
func (m *mergedEnv) Timezone() *time.Location       { return m.tz }
func (m *mergedEnv) DefaultLocale() envs.Locale     { return envs.NewLocale(m.lang, m.country) }

// LLMPrompt returns the engine's prompt template of that name (case-insensitive), or the
// built-in one when the engine sets none.
func (m *mergedEnv) LLMPrompt(name string) (string, bool) {
	if m.prompts == nil {
		return functions.DefaultPrompt(name)
	}
	p, ok := m.prompts[strings.ToLower(name)]
	return p, ok
}
