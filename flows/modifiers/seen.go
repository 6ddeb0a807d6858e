package modifiers

import (
	"encoding/json"
	"time"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// TypeSeen is the type of the seen modifier.
const TypeSeen = "seen"

// Seen records when the contact was last seen (sent a message, answered a call).
//
//	{"type": "seen", "seen_on": "2026-02-03T11:40:30.123456789Z"}
type Seen struct {
	Type_  string    `json:"type"`
	SeenOn time.Time `json:"seen_on"`
}

// NewSeen creates a seen modifier.
func NewSeen(t time.Time) *Seen { return &Seen{Type_: TypeSeen, SeenOn: t} }

func (m *Seen) Type() string { return TypeSeen }

// Apply sets the last seen time, logging contact_last_seen_changed when it differs.
func (m *Seen) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	if prev := c.LastSeenOn(); prev != nil && prev.Equal(m.SeenOn) {
		return false
	}
	c.SetLastSeenOn(m.SeenOn)
	log(events.NewContactLastSeenChanged(m.SeenOn))
	return true
}

func init() {
	register(TypeSeen, func(data []byte, _ *assets.Collection) (Modifier, error) {
		m := &Seen{}
		return m, json.Unmarshal(data, m)
	})
}
