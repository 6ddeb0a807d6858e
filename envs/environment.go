// Package envs describes the environment a session runs in: how dates, times and numbers
// are read and written, which timezone and languages apply, the default country, how
// URNs are redacted and how input text is collated.
package envs

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/utils"
)

// DateFormat is a date layout in the spec's notation, e.g. DD-MM-YYYY.
type DateFormat string

// TimeFormat is a time layout in the spec's notation, e.g. tt:mm.
type TimeFormat string

// The date and time formats an environment may use.
const (
	DateFormatYearMonthDay DateFormat = "YYYY-MM-DD"
	DateFormatMonthDayYear DateFormat = "MM-DD-YYYY"
	DateFormatDayMonthYear DateFormat = "DD-MM-YYYY"

	TimeFormatHourMinute           TimeFormat = "tt:mm"
	TimeFormatHourMinuteAmPm       TimeFormat = "h:mm aa"
	TimeFormatHourMinuteSecond     TimeFormat = "tt:mm:ss"
	TimeFormatHourMinuteSecondAmPm TimeFormat = "h:mm:ss aa"
)

// RedactionPolicy says whether URNs are shown to flows.
type RedactionPolicy string

// The redaction policies.
const (
	RedactionPolicyNone RedactionPolicy = "none"
	RedactionPolicyURNs RedactionPolicy = "urns"
)

// Collation says how input text is compared by case tests.
type Collation string

// The input collations.
const (
	CollationDefault        Collation = "default"
	CollationConfusables    Collation = "confusables"
	CollationArabicVariants Collation = "arabic_variants"
)

// Language is an ISO 639-3 language code, e.g. eng.
type Language string

// NilLanguage is the absence of a language.
const NilLanguage Language = ""

// Country is an ISO 3166-1 alpha-2 country code, e.g. RW.
type Country string

// NilCountry is the absence of a country.
const NilCountry Country = ""

// Locale is a language and country, rendered as eng-US.
type Locale string

// NewLocale combines a language and a country into a locale.
func NewLocale(l Language, c Country) Locale {
	if l == NilLanguage {
		return ""
	}
	if c == NilCountry {
		return Locale(l)
	}
	return Locale(string(l) + "-" + string(c))
}

// NumberFormat says which symbols separate decimals and group digits.
type NumberFormat struct {
	DecimalSymbol       string `json:"decimal_symbol"`
	DigitGroupingSymbol string `json:"digit_grouping_symbol"`
}

// DefaultNumberFormat is 1,234.56.
var DefaultNumberFormat = &NumberFormat{DecimalSymbol: ".", DigitGroupingSymbol: ","}

// Environment is what evaluation and execution read their settings from. The engine wraps
// the session's stored settings with its clock, random source and location lookups.
type Environment interface {
	DateFormat() DateFormat
	TimeFormat() TimeFormat
	Timezone() *time.Location
	AllowedLanguages() []Language
	DefaultLanguage() Language
	DefaultCountry() Country
	NumberFormat() *NumberFormat
	InputCollation() Collation
	RedactionPolicy() RedactionPolicy
	DefaultLocale() Locale

	// Now reads the engine's clock.
	Now() time.Time
	// Random is the engine's random source.
	Random() utils.Random
	// LocationResolver finds locations; nil when the session has none.
	LocationResolver() LocationResolver
}

// Settings is the serializable part of an environment, as it appears in session, test
// and fixture JSON.
type Settings struct {
	DateFormat_       DateFormat      `json:"date_format"`
	TimeFormat_       TimeFormat      `json:"time_format"`
	Timezone_         string          `json:"timezone"`
	AllowedLanguages_ []Language      `json:"allowed_languages"`
	DefaultCountry_   Country         `json:"default_country,omitempty"`
	NumberFormat_     *NumberFormat   `json:"number_format,omitempty"`
	RedactionPolicy_  RedactionPolicy `json:"redaction_policy"`
	InputCollation_   Collation       `json:"input_collation,omitempty"`
}

// DefaultSettings are the settings of an environment that says nothing.
func DefaultSettings() Settings {
	return Settings{
		DateFormat_:      DateFormatYearMonthDay,
		TimeFormat_:      TimeFormatHourMinute,
		Timezone_:        "UTC",
		NumberFormat_:    DefaultNumberFormat,
		RedactionPolicy_: RedactionPolicyNone,
		InputCollation_:  CollationDefault,
	}
}

// ReadSettings reads settings JSON, filling defaults for what it omits and refusing
// unknown formats, timezones and languages with an error naming the field.
func ReadSettings(data []byte) (Settings, error) {
	s := DefaultSettings()
	if len(data) == 0 || string(data) == "null" {
		return s, nil
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("unable to read environment: %w", utils.DescribeJSONError(err))
	}
	if s.NumberFormat_ == nil {
		s.NumberFormat_ = DefaultNumberFormat
	}
	switch s.DateFormat_ {
	case DateFormatYearMonthDay, DateFormatMonthDayYear, DateFormatDayMonthYear:
	case "":
		s.DateFormat_ = DateFormatYearMonthDay
	default:
		return s, fmt.Errorf("field 'date_format' has invalid value '%s'", s.DateFormat_)
	}
	switch s.TimeFormat_ {
	case TimeFormatHourMinute, TimeFormatHourMinuteAmPm, TimeFormatHourMinuteSecond, TimeFormatHourMinuteSecondAmPm:
	case "":
		s.TimeFormat_ = TimeFormatHourMinute
	default:
		return s, fmt.Errorf("field 'time_format' has invalid value '%s'", s.TimeFormat_)
	}
	if s.Timezone_ == "" {
		s.Timezone_ = "UTC"
	}
	if _, err := time.LoadLocation(s.Timezone_); err != nil {
		return s, fmt.Errorf("field 'timezone' has invalid value '%s'", s.Timezone_)
	}
	for i, l := range s.AllowedLanguages_ {
		if len(l) != 3 || strings.ToLower(string(l)) != string(l) {
			return s, fmt.Errorf("field 'allowed_languages[%d]' has invalid value '%s'", i, l)
		}
	}
	if s.RedactionPolicy_ == "" {
		s.RedactionPolicy_ = RedactionPolicyNone
	}
	if s.InputCollation_ == "" {
		s.InputCollation_ = CollationDefault
	}
	return s, nil
}

// Env is an Environment made of settings plus the engine's runtime sources.
type Env struct {
	Settings
	loc       *time.Location
	clock     utils.Clock
	random    utils.Random
	locations LocationResolver
}

// NewEnv builds an environment from settings and runtime sources. A nil clock reads the
// system clock, a nil random source is seeded from the system.
func NewEnv(s Settings, clock utils.Clock, random utils.Random, locations LocationResolver) *Env {
	loc, err := time.LoadLocation(s.Timezone_)
	if err != nil {
		loc = time.UTC
	}
	if clock == nil {
		clock = utils.RealClock{}
	}
	if random == nil {
		random = utils.NewRandom()
	}
	if s.NumberFormat_ == nil {
		s.NumberFormat_ = DefaultNumberFormat
	}
	return &Env{Settings: s, loc: loc, clock: clock, random: random, locations: locations}
}

// WithLocations returns a copy of this environment that resolves locations with r.
func (e *Env) WithLocations(r LocationResolver) *Env {
	c := *e
	c.locations = r
	return &c
}

func (e *Env) DateFormat() DateFormat             { return e.DateFormat_ }
func (e *Env) TimeFormat() TimeFormat             { return e.TimeFormat_ }
func (e *Env) Timezone() *time.Location           { return e.loc }
func (e *Env) AllowedLanguages() []Language       { return e.AllowedLanguages_ }
func (e *Env) DefaultCountry() Country            { return e.DefaultCountry_ }
func (e *Env) NumberFormat() *NumberFormat        { return e.NumberFormat_ }
func (e *Env) InputCollation() Collation          { return e.InputCollation_ }
func (e *Env) RedactionPolicy() RedactionPolicy   { return e.RedactionPolicy_ }
func (e *Env) Now() time.Time                     { return e.clock.Now() }
func (e *Env) Random() utils.Random               { return e.random }
func (e *Env) LocationResolver() LocationResolver { return e.locations }

// DefaultLanguage is the first allowed language, or none.
func (e *Env) DefaultLanguage() Language {
	if len(e.AllowedLanguages_) > 0 {
		return e.AllowedLanguages_[0]
	}
	return NilLanguage
}

// DefaultLocale combines the default language and country.
func (e *Env) DefaultLocale() Locale { return NewLocale(e.DefaultLanguage(), e.DefaultCountry_) }
