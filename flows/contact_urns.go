package flows

import (
	"fmt"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// MaxContactURNs is how many URNs a contact may have.
const MaxContactURNs = 50

// ContactURN is one of a contact's URNs with its channel affinity: the channel messages
// to it should go through, stored in JSON as the URN's channel parameter
// ("tel:+12065551212?channel=57f1078f-...").
type ContactURN struct {
	urn     urns.URN // without the channel parameter
	channel *assets.Channel
	// channelUUID is kept when the affinity channel is not in the assets, so the URN
	// writes back unchanged.
	channelUUID utils.UUID

	// country memoizes CountryForTel of a tel URN: parsing the number is the costliest
	// thing a message send does, and the path never changes.
	country      envs.Country
	countryKnown bool
}

// NewContactURN makes a contact URN from a URN whose channel parameter, if any, is
// resolved against channels (nil channels keeps the parameter unresolved).
func NewContactURN(urn urns.URN, channels *assets.Channels) *ContactURN {
	u := &ContactURN{urn: urn.WithChannel("")}
	if ch := urn.Channel(); ch != "" {
		u.channelUUID = utils.UUID(ch)
		if channels != nil {
			u.channel = channels.Get(u.channelUUID)
		}
	}
	return u
}

// ParseContactURN reads and validates a URN string.
func ParseContactURN(s string, channels *assets.Channels) (*ContactURN, error) {
	u := urns.URN(s)
	if err := u.Validate(); err != nil {
		return nil, err
	}
	return NewContactURN(u, channels), nil
}

// URN returns the URN without its channel parameter.
func (u *ContactURN) URN() urns.URN { return u.urn }

// Country returns the country of a tel URN's number (see assets.CountryForTel), or ""
// for other schemes and numbers it can't place. It is worked out once per URN.
func (u *ContactURN) Country() envs.Country {
	if !u.countryKnown {
		if u.urn.Scheme() == "tel" {
			u.country = assets.CountryForTel(u.urn.Path())
		}
		u.countryKnown = true
	}
	return u.country
}

// Channel returns the affinity channel, or nil.
func (u *ContactURN) Channel() *assets.Channel { return u.channel }

// ChannelUUID returns the UUID of the affinity channel, or "".
func (u *ContactURN) ChannelUUID() utils.UUID {
	if u.channel != nil {
		return u.channel.UUID
	}
	return u.channelUUID
}

// SetChannel sets (or clears, with nil) the affinity channel.
func (u *ContactURN) SetChannel(ch *assets.Channel) {
	u.channel, u.channelUUID = ch, ""
	if ch != nil {
		u.channelUUID = ch.UUID
	}
}

// Encode returns the URN with its channel parameter, as stored in contact JSON.
func (u *ContactURN) Encode() urns.URN {
	if c := u.ChannelUUID(); c != "" {
		return u.urn.WithChannel(string(c))
	}
	return u.urn
}

// String returns the encoded URN.
func (u *ContactURN) String() string { return string(u.Encode()) }

// Equals compares two contact URNs including their affinity.
func (u *ContactURN) Equals(o *ContactURN) bool {
	return u.Encode() == o.Encode()
}

// ToXValue is the URN in expressions: its text without the channel parameter, or the
// redacted form when the environment redacts URNs.
func (u *ContactURN) ToXValue(env envs.Environment) types.XValue {
	if env.RedactionPolicy() == envs.RedactionPolicyURNs {
		return types.NewXText(string(u.urn.Redact()))
	}
	return types.NewXText(string(u.urn))
}

// URNList is a contact's URNs in order of preference.
type URNList []*ContactURN

// ReadURNList reads URN strings, naming the first invalid one.
func ReadURNList(raw []string, channels *assets.Channels) (URNList, error) {
	l := make(URNList, 0, len(raw))
	for i, s := range raw {
		u, err := ParseContactURN(s, channels)
		if err != nil {
			return nil, fmt.Errorf("field 'urns[%d]' has invalid value '%s': %w", i, s, err)
		}
		l = append(l, u)
	}
	return l, nil
}

// Encode returns the URNs as stored in JSON and in contact_urns_changed events.
func (l URNList) Encode() []urns.URN {
	out := make([]urns.URN, len(l))
	for i, u := range l {
		out[i] = u.Encode()
	}
	return out
}

// Clone returns a copy of the list and its URNs.
func (l URNList) Clone() URNList {
	c := make(URNList, len(l))
	for i, u := range l {
		cp := *u
		c[i] = &cp
	}
	return c
}

// Equals compares two lists URN by URN, affinity included.
func (l URNList) Equals(o URNList) bool {
	if len(l) != len(o) {
		return false
	}
	for i := range l {
		if !l[i].Equals(o[i]) {
			return false
		}
	}
	return true
}

// WithScheme returns the URNs of a scheme, in order.
func (l URNList) WithScheme(scheme string) URNList {
	var out URNList
	for _, u := range l {
		if u.urn.Scheme() == scheme {
			out = append(out, u)
		}
	}
	return out
}

// IndexOf returns the position of the URN with the same identity (scheme:path), or -1.
func (l URNList) IndexOf(urn urns.URN) int {
	id := urn.Identity()
	for i, u := range l {
		if u.urn.Identity() == id {
			return i
		}
	}
	return -1
}

// ToXValue is @contact.urns: an array of URN texts.
func (l URNList) ToXValue(env envs.Environment) types.XValue {
	items := make([]types.XValue, len(l))
	for i, u := range l {
		items[i] = u.ToXValue(env)
	}
	return types.NewXArray(items...)
}

// urnsContext is @urns: one property per URN scheme holding the contact's first URN of that
// scheme, or null.
func urnsContext(env envs.Environment, l URNList) types.XValue {
	return types.NewXLazyObject(func() map[string]types.XValue {
		props := make(map[string]types.XValue, 24)
		for _, s := range urns.Schemes() {
			props[s] = nil
		}
		for _, u := range l {
			if s := u.urn.Scheme(); s != "" {
				if props[s] == nil {
					props[s] = u.ToXValue(env)
				}
			}
		}
		return props
	})
}
