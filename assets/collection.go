package assets

import (
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils"
)

// Source is anything that can hand over the asset records of a workspace. The static JSON
// source in assets/static is the default; embedders may supply their own.
type Source interface {
	Flows() []*Flow
	Fields() []*Field
	Groups() []*Group
	Channels() []*Channel
	Labels() []*Label
	Resthooks() []*Resthook
	Locations() []*envs.Location
	Globals() []*Global
	Topics() []*Topic
	Users() []*User
	Templates() []*Template
	LLMs() []*LLM
	Campaigns() []*Campaign
	OptIns() []*OptIn
	Classifiers() []*Classifier
	Ticketers() []*Ticketer
}

// set is an ordered list of records indexed by identity and by lower-cased name.
type set[T any] struct {
	all    []*T
	byKey  map[string]*T
	byName map[string]*T
}

func newSet[T any](items []*T, key func(*T) string, name func(*T) string) set[T] {
	s := set[T]{all: items, byKey: make(map[string]*T, len(items)), byName: make(map[string]*T, len(items))}
	for _, it := range items {
		if it == nil {
			continue
		}
		if k := key(it); k != "" {
			if _, dup := s.byKey[k]; !dup {
				s.byKey[k] = it
			}
		}
		if name != nil {
			if n := strings.ToLower(strings.TrimSpace(name(it))); n != "" {
				if _, dup := s.byName[n]; !dup {
					s.byName[n] = it
				}
			}
		}
	}
	return s
}

// All returns every record, in source order.
func (s *set[T]) All() []*T { return s.all }

// FindByName returns the first record whose name equals name, ignoring case and
// surrounding space, or nil.
func (s *set[T]) FindByName(name string) *T {
	return s.byName[strings.ToLower(strings.TrimSpace(name))]
}

func (s *set[T]) get(key string) *T { return s.byKey[key] }

// Flows is the flow assets by UUID.
type Flows struct{ set[Flow] }

// Get returns the flow with that UUID, or nil.
func (s *Flows) Get(uuid utils.UUID) *Flow { return s.get(string(uuid)) }

// Fields is the field assets by key.
type Fields struct{ set[Field] }

// Get returns the field with that key, or nil.
func (s *Fields) Get(key string) *Field { return s.get(key) }

// Groups is the group assets by UUID.
type Groups struct{ set[Group] }

// Get returns the group with that UUID, or nil.
func (s *Groups) Get(uuid utils.UUID) *Group { return s.get(string(uuid)) }

// Smart returns the groups whose membership is computed from a query.
func (s *Groups) Smart() []*Group {
	var out []*Group
	for _, g := range s.all {
		if g.IsSmart() {
			out = append(out, g)
		}
	}
	return out
}

// Labels is the label assets by UUID.
type Labels struct{ set[Label] }

// Get returns the label with that UUID, or nil.
func (s *Labels) Get(uuid utils.UUID) *Label { return s.get(string(uuid)) }

// Resthooks is the resthooks by slug.
type Resthooks struct{ set[Resthook] }

// FindBySlug returns the resthook with that slug, or nil.
func (s *Resthooks) FindBySlug(slug string) *Resthook { return s.get(slug) }

// Globals is the globals by key.
type Globals struct{ set[Global] }

// Get returns the global with that key, or nil.
func (s *Globals) Get(key string) *Global { return s.get(key) }

// Topics is the ticket topics by UUID.
type Topics struct{ set[Topic] }

// Get returns the topic with that UUID, or nil.
func (s *Topics) Get(uuid utils.UUID) *Topic { return s.get(string(uuid)) }

// Users is the users by UUID, also found by email.
type Users struct {
	set[User]
	byEmail map[string]*User
}

// Get returns the user with that UUID, or nil.
func (s *Users) Get(uuid utils.UUID) *User { return s.get(string(uuid)) }

// FindByEmail returns the user with that email (ignoring case), or nil.
func (s *Users) FindByEmail(email string) *User {
	return s.byEmail[strings.ToLower(strings.TrimSpace(email))]
}

// Templates is the message templates by UUID.
type Templates struct{ set[Template] }

// Get returns the template with that UUID, or nil.
func (s *Templates) Get(uuid utils.UUID) *Template { return s.get(string(uuid)) }

// LLMs is the LLMs by UUID.
type LLMs struct{ set[LLM] }

// Get returns the LLM with that UUID, or nil.
func (s *LLMs) Get(uuid utils.UUID) *LLM { return s.get(string(uuid)) }

// Campaigns is the campaigns by UUID.
type Campaigns struct{ set[Campaign] }

// Get returns the campaign with that UUID, or nil.
func (s *Campaigns) Get(uuid utils.UUID) *Campaign { return s.get(string(uuid)) }

// OptIns is the opt-ins by UUID.
type OptIns struct{ set[OptIn] }

// Get returns the opt-in with that UUID, or nil.
func (s *OptIns) Get(uuid utils.UUID) *OptIn { return s.get(string(uuid)) }

// Classifiers is the classifiers by UUID.
type Classifiers struct{ set[Classifier] }

// Get returns the classifier with that UUID, or nil.
func (s *Classifiers) Get(uuid utils.UUID) *Classifier { return s.get(string(uuid)) }

// Ticketers is the ticketers by UUID.
type Ticketers struct{ set[Ticketer] }

// Get returns the ticketer with that UUID, or nil.
func (s *Ticketers) Get(uuid utils.UUID) *Ticketer { return s.get(string(uuid)) }

// Collection is the indexed, read-only view of a source that sessions look assets up in.
// Build it once per source and share it: lookups never change it.
type Collection struct {
	Flows       *Flows
	Fields      *Fields
	Groups      *Groups
	Channels    *Channels
	Labels      *Labels
	Resthooks   *Resthooks
	Globals     *Globals
	Topics      *Topics
	Users       *Users
	Templates   *Templates
	LLMs        *LLMs
	Campaigns   *Campaigns
	OptIns      *OptIns
	Classifiers *Classifiers
	Ticketers   *Ticketers
	// Locations is the location hierarchy of the first location root (the country), or
	// nil when the source has none. Use it as the environment's LocationResolver.
	Locations *envs.LocationHierarchy
}

// NewCollection indexes every record of a source.
func NewCollection(src Source) *Collection {
	byUUID := func(u utils.UUID) string { return string(u) }
	users := &Users{set: newSet(src.Users(), func(u *User) string { return byUUID(u.UUID) }, func(u *User) string { return u.Name }), byEmail: map[string]*User{}}
	for _, u := range users.all {
		if e := strings.ToLower(strings.TrimSpace(u.Email)); e != "" {
			if _, dup := users.byEmail[e]; !dup {
				users.byEmail[e] = u
			}
		}
	}
	return &Collection{
		Flows:       &Flows{newSet(src.Flows(), func(f *Flow) string { return byUUID(f.UUID) }, func(f *Flow) string { return f.Name })},
		Fields:      &Fields{newSet(src.Fields(), func(f *Field) string { return f.Key }, func(f *Field) string { return f.Name })},
		Groups:      &Groups{newSet(src.Groups(), func(g *Group) string { return byUUID(g.UUID) }, func(g *Group) string { return g.Name })},
		Channels:    &Channels{newSet(src.Channels(), func(c *Channel) string { return byUUID(c.UUID) }, func(c *Channel) string { return c.Name })},
		Labels:      &Labels{newSet(src.Labels(), func(l *Label) string { return byUUID(l.UUID) }, func(l *Label) string { return l.Name })},
		Resthooks:   &Resthooks{newSet(src.Resthooks(), func(r *Resthook) string { return r.Slug }, nil)},
		Globals:     &Globals{newSet(src.Globals(), func(g *Global) string { return g.Key }, func(g *Global) string { return g.Name })},
		Topics:      &Topics{newSet(src.Topics(), func(t *Topic) string { return byUUID(t.UUID) }, func(t *Topic) string { return t.Name })},
		Users:       users,
		Templates:   &Templates{newSet(src.Templates(), func(t *Template) string { return byUUID(t.UUID) }, func(t *Template) string { return t.Name })},
		LLMs:        &LLMs{newSet(src.LLMs(), func(l *LLM) string { return byUUID(l.UUID) }, func(l *LLM) string { return l.Name })},
		Campaigns:   &Campaigns{newSet(src.Campaigns(), func(c *Campaign) string { return byUUID(c.UUID) }, func(c *Campaign) string { return c.Name })},
		OptIns:      &OptIns{newSet(src.OptIns(), func(o *OptIn) string { return byUUID(o.UUID) }, func(o *OptIn) string { return o.Name })},
		Classifiers: &Classifiers{newSet(src.Classifiers(), func(c *Classifier) string { return byUUID(c.UUID) }, func(c *Classifier) string { return c.Name })},
		Ticketers:   &Ticketers{newSet(src.Ticketers(), func(t *Ticketer) string { return byUUID(t.UUID) }, func(t *Ticketer) string { return t.Name })},
		Locations:   locationHierarchy(src.Locations()),
	}
}

func locationHierarchy(roots []*envs.Location) *envs.LocationHierarchy {
	if len(roots) == 0 || roots[0] == nil {
		return nil
	}
	return envs.NewLocationHierarchy(roots[0])
}

// LocationResolver returns the hierarchy as a resolver for envs.NewEnv, or nil (a true
// nil interface) when there are no locations.
func (c *Collection) LocationResolver() envs.LocationResolver {
	if c.Locations == nil {
		return nil
	}
	return c.Locations
}

// Flow returns the flow with that UUID, or nil.
func (c *Collection) Flow(uuid utils.UUID) *Flow { return c.Flows.Get(uuid) }

// Channels is the channel assets by UUID, with the routing rules that pick a channel for a
// contact URN.
type Channels struct{ set[Channel] }

// Get returns the channel with that UUID, or nil.
func (s *Channels) Get(uuid utils.UUID) *Channel { return s.get(string(uuid)) }

// GetForURN picks the channel to reach a URN (given as scheme and path) in role:
//   - the URN's affinity channel (its ?channel= parameter) when it exists and has the role;
//   - for tel URNs, channels with the role whose country allows the number (same country,
//     no country, or allow_international), preferring the one whose match prefixes (or
//     address) share the longest leading digits with the number;
//   - otherwise the first channel with the role and the scheme.
//
// A child channel (whose parent is the chosen one) with the role is used in its place.
// Returns nil when no channel can be used.
func (s *Channels) GetForURN(scheme, path string, affinity utils.UUID, role ChannelRole) *Channel {
	return s.GetForURNInCountry(scheme, path, func() envs.Country { return CountryForTel(path) }, affinity, role)
}

// GetForURNInCountry is GetForURN for callers that know (or memoize) the country of a tel
// URN's number: country is only called when the choice depends on it, since working it
// out parses the number.
func (s *Channels) GetForURNInCountry(scheme, path string, country func() envs.Country, affinity utils.UUID, role ChannelRole) *Channel {
	if affinity != "" {
		if ch := s.Get(affinity); ch != nil && ch.HasRole(role) {
			return s.delegate(ch, role)
		}
	}
	if scheme == "tel" {
		var candidates []*Channel
		numberCountry, known := envs.NilCountry, false
		for _, ch := range s.all {
			if !ch.SupportsScheme("tel") || !ch.HasRole(role) {
				continue
			}
			if ch.Country != "" && !ch.AllowInternational && !known {
				numberCountry, known = country(), true
			}
			if ch.Country != "" && numberCountry != "" && ch.Country != numberCountry && !ch.AllowInternational {
				continue
			}
			candidates = append(candidates, ch)
		}
		if len(candidates) == 0 {
			return nil
		}
		best := candidates[0]
		if len(candidates) > 1 {
			number := strings.TrimPrefix(path, "+")
			bestOverlap := 0
			for _, ch := range candidates {
				prefixes := ch.MatchPrefixes
				if len(prefixes) == 0 {
					prefixes = []string{strings.TrimPrefix(ch.Address, "+")}
				}
				for _, p := range prefixes {
					if o := prefixOverlap(p, number); o > bestOverlap {
						bestOverlap, best = o, ch
					}
				}
			}
		}
		return s.delegate(best, role)
	}
	for _, ch := range s.all {
		if ch.HasRole(role) && ch.SupportsScheme(scheme) {
			return s.delegate(ch, role)
		}
	}
	return nil
}

// delegate returns a child of ch that has role, else ch itself.
func (s *Channels) delegate(ch *Channel, role ChannelRole) *Channel {
	for _, c := range s.all {
		if c.Parent != nil && c.Parent.UUID == ch.UUID && c.HasRole(role) {
			return c
		}
	}
	return ch
}

// prefixOverlap counts the leading characters a and b share.
func prefixOverlap(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// TelCountryCacheSize bounds the numbers whose country is remembered (twice this many at
// most, see utils.Cache). Every sprint asks for its contact's country, and parsing a
// number costs more than many sprints' own work, while a backend sees the same numbers
// again and again.
const TelCountryCacheSize = 10000

var telCountries = utils.NewCache[envs.Country](TelCountryCacheSize)

// CountryForTel returns the country of an E.164 phone number, or "" when it can't tell.
func CountryForTel(path string) envs.Country {
	if !strings.HasPrefix(path, "+") {
		return envs.NilCountry
	}
	return telCountries.Get(path, parseTelCountry)
}

func parseTelCountry(path string) envs.Country {
	num, err := phonenumbers.Parse(path, "")
	if err != nil {
		return envs.NilCountry
	}
	region := phonenumbers.GetRegionCodeForNumber(num)
	if region == "" || region == "ZZ" {
		return envs.NilCountry
	}
	return envs.Country(region)
}
