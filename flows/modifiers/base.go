// Package modifiers holds the changes actions make to a contact: name, language, timezone,
// status, field, URNs, groups, channel, URN affinity and last seen. Each modifier applies
// itself to a contact and logs the events that describe the change (and error events for
// changes it refuses); Apply then brings smart group memberships up to date.
//
// Modifiers marshal as {"type": "name", "name": "Bob"}, the shape the caller persists.
package modifiers

import (
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// Modifier is one change to a contact.
type Modifier interface {
	Type() string
	// Apply changes the contact, logging what changed; it reports whether anything did.
	Apply(ctx *Context, contact *flows.Contact, log events.Callback) bool
}

// Context is what modifiers may use besides the contact: the environment, the assets and
// the engine's limits and checks.
type Context struct {
	Env    envs.Environment
	Assets *assets.Collection
	// MaxFieldChars limits field values (flows.MaxFieldValueLength when 0).
	MaxFieldChars int
	// URNTaken reports whether a URN belongs to another contact; nil means never.
	URNTaken func(urn urns.URN) bool
}

// Apply applies a modifier and, when it changed the contact, re-evaluates smart groups,
// logging contact_groups_changed. A contact that is no longer active leaves every group.
func Apply(ctx *Context, contact *flows.Contact, mod Modifier, log events.Callback) bool {
	if !mod.Apply(ctx, contact, log) {
		return false
	}
	ReevaluateGroups(ctx, contact, log)
	return true
}

// ReevaluateGroups updates the contact's smart groups (and, for a contact that isn't
// active, removes it from its other groups too), logging one contact_groups_changed.
func ReevaluateGroups(ctx *Context, contact *flows.Contact, log events.Callback) {
	var all []*assets.Group
	if ctx.Assets != nil && ctx.Assets.Groups != nil {
		all = ctx.Assets.Groups.All()
	}
	added, removed := contact.ReevaluateQueryBasedGroups(ctx.Env, all)
	if contact.Status() != flows.ContactStatusActive {
		for _, g := range append(flows.GroupList(nil), contact.Groups()...) {
			contact.RemoveGroup(g)
			removed = append(removed, g)
		}
	}
	if len(added) > 0 || len(removed) > 0 {
		log(events.NewContactGroupsChanged(added, removed))
	}
}

// Reader makes a modifier of one type from its JSON, resolving the assets it refers to.
type Reader func(data []byte, sa *assets.Collection) (Modifier, error)

// readers holds the reader of each modifier type, filled by init in each modifier's file.
var readers = utils.NewRegistry[Reader]("modifier type")

// register adds the reader of a built-in modifier type; a duplicate panics.
func register(typeName string, f Reader) { readers.MustRegister(typeName, f) }

// Types returns the names of the modifier types Read knows, sorted.
func Types() []string { return readers.Names() }

// Read reads a modifier's JSON, resolving the assets it refers to. A reference to an asset
// the collection lacks is an error naming it.
func Read(data []byte, sa *assets.Collection) (Modifier, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("unable to read modifier: %w", err)
	}
	f, ok := readers.Lookup(head.Type)
	if !ok {
		return nil, fmt.Errorf("unable to read modifier: field 'type' has invalid value '%s'", head.Type)
	}
	m, err := f(data, sa)
	if err != nil {
		return nil, fmt.Errorf("unable to read modifier of type '%s': %w", head.Type, err)
	}
	return m, nil
}

func missing(r assets.Reference) error {
	return fmt.Errorf("%s", assets.MissingDependencyError(r))
}

// setURNs gives the contact the URN list and logs contact_urns_changed, unless it is the
// old list again: the URN modifiers report a change only when there is one.
func setURNs(c *flows.Contact, old, list flows.URNList, log events.Callback) bool {
	if list.Equals(old) {
		return false
	}
	c.SetURNs(list)
	log(events.NewContactURNsChanged(list.Encode()))
	return true
}

// readChannel resolves the channel reference of a modifier's JSON: nil for no reference,
// an error naming a channel the assets lack.
func readChannel(ref *assets.ChannelReference, sa *assets.Collection) (*assets.Channel, error) {
	if ref == nil {
		return nil, nil
	}
	var ch *assets.Channel
	if sa != nil && sa.Channels != nil {
		ch = sa.Channels.Get(ref.UUID)
	}
	if ch == nil {
		return nil, missing(ref)
	}
	return ch, nil
}

// channelReference is how a modifier writes its channel: a reference, null for none.
func channelReference(ch *assets.Channel) *assets.ChannelReference {
	if ch == nil {
		return nil
	}
	return ch.Reference()
}
