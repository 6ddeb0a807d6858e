package modifiers

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// TypeChannel is the type of the channel modifier.
const TypeChannel = "channel"

// Channel makes a channel the contact's preferred one: its tel URNs get that channel's
// affinity and the URNs the channel can reach move to the front. A nil channel clears all
// affinities. A channel that can't send is refused with an error event.
//
//	{"type": "channel", "channel": {"uuid": "3a05eaf5-...", "name": "Nexmo"}}
type Channel struct {
	Channel *assets.Channel
}

// NewChannel creates a channel modifier.
func NewChannel(ch *assets.Channel) *Channel { return &Channel{Channel: ch} }

func (m *Channel) Type() string { return TypeChannel }

// Apply changes URN affinities and order, logging contact_urns_changed when they differ.
func (m *Channel) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	old := c.URNs()
	list := old.Clone()
	ch := m.Channel
	if ch == nil {
		for _, u := range list {
			u.SetChannel(nil)
		}
	} else {
		if !ch.HasRole(assets.ChannelRoleSend) {
			log(events.NewError("Can't set channel that can't send as the preferred channel"))
			return false
		}
		var first, rest flows.URNList
		for _, u := range list {
			scheme := u.URN().Scheme()
			// tel URNs always move to the channel; others only when they have none yet
			if ch.SupportsScheme(scheme) && (scheme == urns.Phone || u.ChannelUUID() == "") {
				u.SetChannel(ch)
			}
			if u.ChannelUUID() == ch.UUID || (u.ChannelUUID() == "" && ch.SupportsScheme(scheme)) {
				first = append(first, u)
			} else {
				rest = append(rest, u)
			}
		}
		list = append(first, rest...)
	}
	return setURNs(c, old, list, log)
}

// MarshalJSON writes the channel as a reference (null when clearing).
func (m *Channel) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type    string                   `json:"type"`
		Channel *assets.ChannelReference `json:"channel"`
	}{TypeChannel, channelReference(m.Channel)})
}

func init() {
	register(TypeChannel, func(data []byte, sa *assets.Collection) (Modifier, error) {
		var e struct {
			Channel *assets.ChannelReference `json:"channel"`
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, err
		}
		ch, err := readChannel(e.Channel, sa)
		if err != nil {
			return nil, err
		}
		return &Channel{Channel: ch}, nil
	})
}
