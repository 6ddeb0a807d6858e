package modifiers

import (
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// TypeAffinity is the type of the affinity modifier.
const TypeAffinity = "affinity"

// Affinity makes one of the contact's URNs the preferred one, through a channel: the URN
// moves to the front with that channel's affinity. A URN the contact lacks is ignored.
//
//	{"type": "affinity", "urn": "tel:+12065551313", "channel": {"uuid": "3a05eaf5-...", "name": "Nexmo"}}
type Affinity struct {
	URN     urns.URN
	Channel *assets.Channel
}

// NewAffinity creates an affinity modifier.
func NewAffinity(urn urns.URN, ch *assets.Channel) *Affinity {
	return &Affinity{URN: urn, Channel: ch}
}

func (m *Affinity) Type() string { return TypeAffinity }

// Apply reorders the URNs, logging contact_urns_changed when they differ.
func (m *Affinity) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	old := c.URNs()
	i := old.IndexOf(m.URN)
	if i < 0 {
		return false
	}
	list := old.Clone()
	u := list[i]
	u.SetChannel(m.Channel)
	list = append(flows.URNList{u}, append(list[:i:i], list[i+1:]...)...)
	return setURNs(c, old, list, log)
}

// MarshalJSON writes the URN and a channel reference.
func (m *Affinity) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Type    string                   `json:"type"`
		URN     urns.URN                 `json:"urn"`
		Channel *assets.ChannelReference `json:"channel"`
	}{TypeAffinity, m.URN, channelReference(m.Channel)})
}

func init() {
	register(TypeAffinity, func(data []byte, sa *assets.Collection) (Modifier, error) {
		var e struct {
			URN     urns.URN                 `json:"urn"`
			Channel *assets.ChannelReference `json:"channel"`
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, err
		}
		if err := e.URN.Validate(); err != nil {
			return nil, fmt.Errorf("field 'urn' has invalid value '%s'", e.URN)
		}
		ch, err := readChannel(e.Channel, sa)
		if err != nil {
			return nil, err
		}
		return &Affinity{URN: e.URN, Channel: ch}, nil
	})
}
