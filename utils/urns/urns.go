// Package urns reads, checks, normalizes and formats the URNs that identify a contact on a
// channel. A URN is written `scheme:path?query#display`, for example
// `tel:+12065551212?channel=57f1078f-88aa-46f4-a59a-948a5739c03d` or
// `twitterid:54784326227#nyaruka`. The scheme says which network the path belongs to, the
// query carries routing hints (the preferred channel) and the display a human handle.
package urns

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// URN is a contact address such as `tel:+12065551212`. It is a plain string so that it
// marshals as one in contacts, events and sessions.
type URN string

// NilURN is the absence of a URN.
const NilURN URN = ""

// RedactedPath replaces the path (and display) of a URN when the environment redacts URNs.
const RedactedPath = "********"

// The schemes flows know about.
const (
	Discord    = "discord"
	Email      = "mailto"
	External   = "ext"
	Facebook   = "facebook"
	FCM        = "fcm"
	Freshchat  = "freshchat"
	Instagram  = "instagram"
	JioChat    = "jiochat"
	Line       = "line"
	Phone      = "tel"
	RocketChat = "rocketchat"
	Slack      = "slack"
	Telegram   = "telegram"
	Twitter    = "twitter"
	TwitterID  = "twitterid"
	Viber      = "viber"
	VK         = "vk"
	WebChat    = "webchat"
	WeChat     = "wechat"
	WhatsApp   = "whatsapp"
)

// FacebookRefPrefix starts the path of a Facebook URN that is a referral rather than a
// page-scoped user id, e.g. `facebook:ref:signup`.
const FacebookRefPrefix = "ref:"

var (
	allDigits       = regexp.MustCompile(`^[0-9]+$`)
	emailPath       = regexp.MustCompile(`^[^\s@]+@[^\s@]+$`)
	freshchatPath   = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	linePath        = regexp.MustCompile(`^[a-zA-Z0-9_]{1,36}$`)
	telPath         = regexp.MustCompile(`^\+?[a-zA-Z0-9]{1,64}$`)
	twitterHandle   = regexp.MustCompile(`^[a-zA-Z0-9_]{1,15}$`)
	viberPath       = regexp.MustCompile(`^[a-zA-Z0-9_=/+]{1,24}$`)
	webchatPath     = regexp.MustCompile(`^[a-zA-Z0-9]{24}(:[^\s@]+@[^\s@]+)?$`)
	anyNonEmptyPath = regexp.MustCompile(`^\S.*$`)
)

// schemePaths says which paths each scheme accepts; a scheme missing here is unknown.
var schemePaths = map[string]*regexp.Regexp{
	Discord:    allDigits,
	Email:      emailPath,
	External:   anyNonEmptyPath,
	Facebook:   nil, // digits, or ref:... (checked in Validate)
	FCM:        anyNonEmptyPath,
	Freshchat:  freshchatPath,
	Instagram:  anyNonEmptyPath,
	JioChat:    anyNonEmptyPath,
	Line:       linePath,
	Phone:      telPath,
	RocketChat: anyNonEmptyPath,
	Slack:      anyNonEmptyPath,
	Telegram:   allDigits,
	Twitter:    twitterHandle,
	TwitterID:  allDigits,
	Viber:      viberPath,
	VK:         anyNonEmptyPath,
	WebChat:    webchatPath,
	WeChat:     anyNonEmptyPath,
	WhatsApp:   allDigits,
}

// Schemes returns every known scheme, sorted, e.g. for validating a flow's URN actions.
func Schemes() []string {
	s := make([]string, 0, len(schemePaths))
	for k := range schemePaths {
		s = append(s, k)
	}
	slices.Sort(s)
	return s
}

// IsValidScheme reports whether scheme is one flows may use.
func IsValidScheme(scheme string) bool {
	_, ok := schemePaths[scheme]
	return ok
}

// Errors a URN can fail to parse or validate with.
var (
	ErrEmptyPart     = errors.New("scheme or path cannot be empty")
	ErrInvalidScheme = errors.New("invalid scheme")
)

// Parse splits a URN into its parts, unescaping the display. It only checks the syntax
// (a lower-case scheme, a colon, a non-empty path); Validate checks the path fits the
// scheme.
//
//	Parse("twitterid:54784326227#nyaruka") -> "twitterid", "54784326227", "", "nyaruka"
func Parse(s string) (scheme, path, query, display string, err error) {
	scheme, path, query, display, fault := split(s)
	switch fault {
	case faultNoScheme:
		return "", "", "", "", fmt.Errorf("'%s' has no scheme: %w", s, ErrEmptyPart)
	case faultEmpty:
		return "", "", "", "", ErrEmptyPart
	case faultScheme:
		return "", "", "", "", fmt.Errorf("scheme '%s': %w", scheme, ErrInvalidScheme)
	}
	if display != "" {
		if d, uerr := url.PathUnescape(display); uerr == nil {
			display = d
		}
	}
	return scheme, path, query, display, nil
}

// What split found wrong with a URN.
const (
	faultNone = iota
	faultNoScheme
	faultEmpty
	faultScheme
)

// split is Parse without unescaping the display or building errors, so the accessors
// (Scheme, Path, ...), which run for every URN on every message, cost no allocations.
func split(s string) (scheme, path, query, display string, fault int) {
	colon := strings.IndexByte(s, ':')
	if colon < 0 {
		return "", "", "", "", faultNoScheme
	}
	scheme, rest := s[:colon], s[colon+1:]
	if hash := strings.IndexByte(rest, '#'); hash >= 0 {
		rest, display = rest[:hash], rest[hash+1:]
	}
	if q := strings.IndexByte(rest, '?'); q >= 0 {
		rest, query = rest[:q], rest[q+1:]
	}
	path = rest
	if scheme == "" || path == "" {
		return "", "", "", "", faultEmpty
	}
	if !validSchemeSyntax(scheme) {
		return scheme, "", "", "", faultScheme
	}
	return scheme, path, query, display, faultNone
}

// validSchemeSyntax is ^[a-z][a-z0-9]*$.
func validSchemeSyntax(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// New builds a URN from a scheme and path and validates it, so callers adding a URN to a
// contact get one error for both a bad scheme and a bad path.
func New(scheme, path string) (URN, error) {
	return NewFromParts(scheme, path, "", "")
}

// NewFromParts builds a URN with a query and display and validates it.
func NewFromParts(scheme, path, query, display string) (URN, error) {
	u := build(scheme, path, query, display)
	if err := u.Validate(); err != nil {
		return u, err
	}
	return u, nil
}

// build joins parts without validating them.
func build(scheme, path, query, display string) URN {
	var b strings.Builder
	b.Grow(len(scheme) + len(path) + len(query) + len(display) + 3)
	b.WriteString(scheme)
	b.WriteByte(':')
	b.WriteString(path)
	if query != "" {
		b.WriteByte('?')
		b.WriteString(query)
	}
	if display != "" {
		b.WriteByte('#')
		b.WriteString(url.PathEscape(display))
	}
	return URN(b.String())
}

// Validate reports whether the URN parses and its path fits its scheme, e.g. a telegram
// path must be digits and a twitter handle at most 15 word characters.
func (u URN) Validate() error {
	scheme, path, query, _, err := Parse(string(u))
	if err != nil {
		return err
	}
	if _, err := url.ParseQuery(query); err != nil {
		return fmt.Errorf("invalid query component '%s'", query)
	}
	re, ok := schemePaths[scheme]
	if !ok {
		return fmt.Errorf("scheme '%s': %w", scheme, ErrInvalidScheme)
	}
	if scheme == Facebook {
		if strings.HasPrefix(path, FacebookRefPrefix) {
			if len(path) == len(FacebookRefPrefix) {
				return fmt.Errorf("invalid facebook referral '%s'", path)
			}
			return nil
		}
		re = allDigits
	}
	if !re.MatchString(path) {
		return fmt.Errorf("invalid path component '%s' for scheme '%s'", path, scheme)
	}
	return nil
}

// String returns the URN as text.
func (u URN) String() string { return string(u) }

// parts parses leniently: an unparseable URN has no scheme and its text as path, so the
// accessors never fail.
func (u URN) parts() (scheme, path, query, display string) {
	scheme, path, query, display, err := Parse(string(u))
	if err != nil {
		return "", string(u), "", ""
	}
	return scheme, path, query, display
}

// rawParts is parts without unescaping the display.
func (u URN) rawParts() (scheme, path, query string) {
	scheme, path, query, _, fault := split(string(u))
	if fault != faultNone {
		return "", string(u), ""
	}
	return scheme, path, query
}

// Scheme returns the scheme, e.g. tel.
func (u URN) Scheme() string { s, _, _ := u.rawParts(); return s }

// Path returns the path, e.g. +12065551212.
func (u URN) Path() string { _, p, _ := u.rawParts(); return p }

// RawQuery returns the query text without the ?, e.g. channel=57f1078f-....
func (u URN) RawQuery() string { _, _, q := u.rawParts(); return q }

// Query returns the parsed query; a malformed query is empty.
func (u URN) Query() url.Values {
	v, err := url.ParseQuery(u.RawQuery())
	if err != nil {
		return url.Values{}
	}
	return v
}

// Display returns the human handle after the #, e.g. nyaruka.
func (u URN) Display() string { _, _, _, d := u.parts(); return d }

// Identity returns scheme:path, what two URNs of one contact are compared by.
func (u URN) Identity() URN {
	s, p, _, _ := u.parts()
	if s == "" {
		return u
	}
	return URN(s + ":" + p)
}

// ChannelQueryKey is the query parameter holding the UUID of a URN's preferred channel.
const ChannelQueryKey = "channel"

// Channel returns the UUID of the URN's preferred channel, or "".
func (u URN) Channel() string { return u.Query().Get(ChannelQueryKey) }

// WithQuery returns the URN with its query replaced (removed when query is empty).
func (u URN) WithQuery(query string) URN {
	s, p, _, d := u.parts()
	if s == "" {
		return u
	}
	return build(s, p, query, d)
}

// WithChannel returns the URN with its channel parameter set to channelUUID, or removed
// when channelUUID is empty, keeping other parameters.
func (u URN) WithChannel(channelUUID string) URN {
	q := u.Query()
	if channelUUID == "" {
		q.Del(ChannelQueryKey)
	} else {
		q.Set(ChannelQueryKey, channelUUID)
	}
	return u.WithQuery(q.Encode())
}

// WithDisplay returns the URN with its display replaced (removed when empty).
func (u URN) WithDisplay(display string) URN {
	s, p, q, _ := u.parts()
	if s == "" {
		return u
	}
	return build(s, p, q, display)
}

// Redact hides the path and display, keeping the scheme: tel:********.
func (u URN) Redact() URN {
	s := u.Scheme()
	if s == "" {
		return URN(RedactedPath)
	}
	return URN(s + ":" + RedactedPath)
}

// Normalize returns the URN in the canonical form contacts store: phone numbers in E164
// (read with country as the default country), email addresses and twitter handles in
// lower case, twitter handles without @, surrounding spaces removed. A URN that does not
// parse is returned unchanged.
func (u URN) Normalize(country string) URN {
	scheme, path, query, display, err := Parse(strings.TrimSpace(string(u)))
	if err != nil {
		return u
	}
	scheme = strings.ToLower(scheme)
	path = strings.TrimSpace(path)
	switch scheme {
	case Phone:
		path = normalizeNumber(path, country)
	case Twitter:
		path = strings.ToLower(strings.TrimPrefix(path, "@"))
	case TwitterID:
		display = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(display), "@"))
	case Email:
		path = strings.ToLower(path)
	}
	return build(scheme, path, query, display)
}

// Format returns the URN as a person would write it: phone numbers in their country's
// national format ("(206) 555-1212"), other URNs as their display when they have one, else
// their path.
func (u URN) Format() string {
	scheme, path, _, display, err := Parse(string(u))
	if err != nil {
		return string(u)
	}
	if scheme == Phone {
		return formatNumber(path)
	}
	if display != "" {
		return display
	}
	return path
}
