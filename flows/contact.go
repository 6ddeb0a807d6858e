package flows

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows/contactql"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/dates"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// ContactStatus is whether a contact can be messaged and be in groups.
type ContactStatus string

// The contact statuses.
const (
	ContactStatusActive   ContactStatus = "active"
	ContactStatusBlocked  ContactStatus = "blocked"
	ContactStatusStopped  ContactStatus = "stopped"
	ContactStatusArchived ContactStatus = "archived"
)

// IsValid reports whether s is a known status.
func (s ContactStatus) IsValid() bool {
	switch s {
	case ContactStatusActive, ContactStatusBlocked, ContactStatusStopped, ContactStatusArchived:
		return true
	}
	return false
}

// MaxContactNameLength is the limit, in characters, of a contact's name.
const MaxContactNameLength = 128

// Contact is the person a session is for. It marshals to and reads from the contact JSON
// of sessions, tests and triggers:
//
//	{"uuid": "5d76d86b-...", "id": 1234567, "name": "Ryan Lewis", "language": "eng",
//	 "status": "active", "timezone": "America/Guayaquil",
//	 "created_on": "2018-06-20T11:40:30.123456789Z",
//	 "urns": ["tel:+12024561111?channel=57f1078f-..."],
//	 "groups": [{"uuid": "...", "name": "Testers"}],
//	 "fields": {"gender": {"text": "Male"}},
//	 "tickets": [{"uuid": "...", "status": "open", "topic": {...}}]}
//
// A contact belongs to one session at a time and is changed only through its setters (by
// modifiers), which keep groups, URNs and fields consistent.
type Contact struct {
	uuid       utils.UUID
	id         int64
	name       string
	language   envs.Language
	status     ContactStatus
	timezone   *time.Location
	createdOn  time.Time
	lastSeenOn *time.Time
	urns       URNList
	groups     GroupList
	fields     FieldValues
	tickets    TicketList

	assets *assets.Collection
}

// NewContact makes an active contact with no URNs, groups or fields.
func NewContact(sa *assets.Collection, uuid utils.UUID, id int64, name string, language envs.Language, timezone *time.Location, createdOn time.Time) *Contact {
	return &Contact{
		uuid: uuid, id: id, name: name, language: language, status: ContactStatusActive,
		timezone: timezone, createdOn: createdOn, fields: FieldValues{}, assets: sa,
	}
}

// Clone returns a deep copy (sharing the immutable assets and values).
func (c *Contact) Clone() *Contact {
	cp := *c
	cp.urns = c.urns.Clone()
	cp.groups = append(GroupList(nil), c.groups...)
	cp.fields = c.fields.Clone()
	cp.tickets = make(TicketList, len(c.tickets))
	for i, t := range c.tickets {
		tc := *t
		cp.tickets[i] = &tc
	}
	if c.lastSeenOn != nil {
		t := *c.lastSeenOn
		cp.lastSeenOn = &t
	}
	return &cp
}

// Assets returns the assets the contact was read against.
func (c *Contact) Assets() *assets.Collection { return c.assets }

func (c *Contact) UUID() utils.UUID          { return c.uuid }
func (c *Contact) ID() int64                 { return c.id }
func (c *Contact) Name() string              { return c.name }
func (c *Contact) Language() envs.Language   { return c.language }
func (c *Contact) Status() ContactStatus     { return c.status }
func (c *Contact) Timezone() *time.Location  { return c.timezone }
func (c *Contact) CreatedOn() time.Time      { return c.createdOn }
func (c *Contact) LastSeenOn() *time.Time    { return c.lastSeenOn }
func (c *Contact) URNs() URNList             { return c.urns }
func (c *Contact) Groups() GroupList         { return c.groups }
func (c *Contact) Fields() FieldValues       { return c.fields }
func (c *Contact) Tickets() TicketList       { return c.tickets }
func (c *Contact) SetID(id int64)            { c.id = id }
func (c *Contact) SetLastSeenOn(t time.Time) { c.lastSeenOn = &t }

// SetName sets the name, cut to MaxContactNameLength characters; reports a change.
func (c *Contact) SetName(name string) bool {
	name = truncateRunes(name, MaxContactNameLength)
	if name == c.name {
		return false
	}
	c.name = name
	return true
}

// SetLanguage sets the language; reports a change.
func (c *Contact) SetLanguage(l envs.Language) bool {
	if l == c.language {
		return false
	}
	c.language = l
	return true
}

// SetTimezone sets (or clears with nil) the timezone; reports a change.
func (c *Contact) SetTimezone(tz *time.Location) bool {
	if tzName(tz) == tzName(c.timezone) {
		return false
	}
	c.timezone = tz
	return true
}

// SetStatus sets the status; reports a change.
func (c *Contact) SetStatus(s ContactStatus) bool {
	if s == c.status {
		return false
	}
	c.status = s
	return true
}

// SetURNs replaces the URN list.
func (c *Contact) SetURNs(l URNList) { c.urns = l }

// AddGroup puts the contact in a group; reports whether it wasn't already.
func (c *Contact) AddGroup(g *assets.Group) bool { return c.groups.add(g) }

// RemoveGroup takes the contact out of a group; reports whether it was in it.
func (c *Contact) RemoveGroup(g *assets.Group) bool { return c.groups.remove(g) }

// AddTicket appends a ticket.
func (c *Contact) AddTicket(t *Ticket) { c.tickets = append(c.tickets, t) }

// SetFieldValue sets a field from text (empty clears it), parsing the typed readings, the
// text cut to maxChars characters (MaxFieldValueLength when 0). It returns the new value
// and whether it differs from the old one.
func (c *Contact) SetFieldValue(env envs.Environment, field *assets.Field, text string, maxChars int) (*Value, bool) {
	if maxChars <= 0 {
		maxChars = MaxFieldValueLength
	}
	text = truncateRunes(text, maxChars)
	var state, district envs.LocationPath
	if v := c.firstValueOfType(assets.FieldTypeState); v != nil {
		state = v.State
	}
	if v := c.firstValueOfType(assets.FieldTypeDistrict); v != nil {
		district = v.District
	}
	v := ParseValue(env, field.Type, text, state, district)
	old := c.fields[field.Key]
	if v.Equals(old) {
		return old, false
	}
	if v == nil {
		delete(c.fields, field.Key)
	} else {
		c.fields[field.Key] = v
	}
	return v, true
}

// firstValueOfType returns the value of the first field asset of type t the contact has.
func (c *Contact) firstValueOfType(t assets.FieldType) *Value {
	if c.assets == nil || c.assets.Fields == nil {
		return nil
	}
	for _, f := range c.assets.Fields.All() {
		if f.Type == t {
			if v := c.fields[f.Key]; v != nil {
				return v
			}
		}
	}
	return nil
}

// PreferredURN returns the first URN, or nil.
func (c *Contact) PreferredURN() *ContactURN {
	if len(c.urns) == 0 {
		return nil
	}
	return c.urns[0]
}

// PreferredChannel returns the channel the contact's first sendable URN would use.
func (c *Contact) PreferredChannel() *assets.Channel {
	if c.assets == nil || c.assets.Channels == nil {
		return nil
	}
	for _, u := range c.urns {
		if ch := c.ChannelForURN(u, assets.ChannelRoleSend); ch != nil {
			return ch
		}
	}
	return nil
}

// ChannelForURN picks the channel for one of the contact's URNs in role (see
// assets.Channels.GetForURN).
func (c *Contact) ChannelForURN(u *ContactURN, role assets.ChannelRole) *assets.Channel {
	if c.assets == nil || c.assets.Channels == nil {
		return nil
	}
	return c.assets.Channels.GetForURNInCountry(u.urn.Scheme(), u.urn.Path(), u.Country, u.ChannelUUID(), role)
}

// Reference returns {uuid, name} as events carry a contact.
func (c *Contact) Reference() *ContactReference { return &ContactReference{UUID: c.uuid, Name: c.name} }

// ContactReference points at a contact.
type ContactReference struct {
	UUID utils.UUID `json:"uuid"`
	Name string     `json:"name"`
}

// Format returns how the contact is shown to people: the name, else the first URN
// (redacted when the environment says so), else the ID.
func (c *Contact) Format(env envs.Environment) string {
	if c.name != "" {
		return c.name
	}
	if u := c.PreferredURN(); u != nil {
		if env.RedactionPolicy() == envs.RedactionPolicyURNs {
			return string(u.urn.Redact())
		}
		return u.urn.Format()
	}
	if c.id != 0 {
		return strconv.FormatInt(c.id, 10)
	}
	return ""
}

// ContactContextDeprecations maps @contact properties that are deprecated to the property
// to use instead; the engine logs a context:deprecated warning when a template uses one.
func ContactContextDeprecations() map[string]string {
	return map[string]string{"id": "contact.ref", "tickets": "ticket"}
}

// Context is @contact: it renders as Format, with properties uuid, id, ref, name,
// first_name, language, timezone, status, created_on, last_seen_on, urns, urn, groups,
// fields, tickets and channel.
func (c *Contact) Context(env envs.Environment) types.XValue {
	return types.NewXLazyObject(func() map[string]types.XValue {
		var tz, lastSeen, firstName types.XValue
		if c.timezone != nil {
			tz = types.NewXText(c.timezone.String())
		}
		if c.lastSeenOn != nil {
			lastSeen = types.NewXDateTime(*c.lastSeenOn)
		}
		if f := strings.Fields(c.name); len(f) > 0 {
			firstName = types.NewXText(f[0])
		}
		id := types.NewXText(strconv.FormatInt(c.id, 10))
		var fields *assets.Fields
		var users *assets.Users
		if c.assets != nil {
			fields, users = c.assets.Fields, c.assets.Users
		}
		// the parts that take work are computed when read: most templates read a name or
		// a field, not every URN, group and ticket
		return map[string]types.XValue{
			types.DefaultPropertyKey: types.NewXText(c.Format(env)),
			"uuid":                   types.NewXText(string(c.uuid)),
			"id":                     id,
			"ref":                    id,
			"name":                   types.NewXText(c.name),
			"first_name":             firstName,
			"language":               types.NewXText(string(c.language)),
			"timezone":               tz,
			"status":                 types.NewXText(string(c.status)),
			"created_on":             types.NewXDateTime(c.createdOn),
			"last_seen_on":           lastSeen,
			"urns":                   types.NewXLazyValue(func() types.XValue { return c.urns.ToXValue(env) }),
			"urn": types.NewXLazyValue(func() types.XValue {
				// @contact.urn is the URN a message would go to: the first one a channel can send to
				for _, u := range c.urns {
					if c.ChannelForURN(u, assets.ChannelRoleSend) != nil {
						return u.ToXValue(env)
					}
				}
				return nil
			}),
			"groups":  types.NewXLazyValue(func() types.XValue { return c.groups.ToXValue() }),
			"fields":  types.NewXLazyValue(func() types.XValue { return fieldsContext(env, fields, c.fields) }),
			"tickets": types.NewXLazyValue(func() types.XValue { return c.tickets.ToXValue(users) }),
			"channel": types.NewXLazyValue(func() types.XValue {
				if ch := c.PreferredChannel(); ch != nil {
					return ChannelContext(ch)
				}
				return nil
			}),
		}
	})
}

// FieldsContext is the top-level @fields.
func (c *Contact) FieldsContext(env envs.Environment) types.XValue {
	var fields *assets.Fields
	if c.assets != nil {
		fields = c.assets.Fields
	}
	return fieldsContext(env, fields, c.fields)
}

// URNsContext is the top-level @urns: the first URN of each scheme.
func (c *Contact) URNsContext(env envs.Environment) types.XValue { return urnsContext(env, c.urns) }

// ChannelContext is a channel in expressions: {uuid, name, address}, rendering as the name.
func ChannelContext(ch *assets.Channel) types.XValue {
	return types.NewXObjectWithDefault(types.NewXText(ch.Name), map[string]types.XValue{
		"uuid":    types.NewXText(string(ch.UUID)),
		"name":    types.NewXText(ch.Name),
		"address": types.NewXText(ch.Address),
	})
}

func tzName(tz *time.Location) string {
	if tz == nil {
		return ""
	}
	return tz.String()
}

type contactEnvelope struct {
	UUID       utils.UUID               `json:"uuid"`
	ID         int64                    `json:"id,omitempty"`
	Name       string                   `json:"name,omitempty"`
	Language   envs.Language            `json:"language,omitempty"`
	Status     ContactStatus            `json:"status,omitempty"`
	Timezone   string                   `json:"timezone,omitempty"`
	CreatedOn  time.Time                `json:"created_on"`
	LastSeenOn *time.Time               `json:"last_seen_on,omitempty"`
	URNs       []string                 `json:"urns,omitempty"`
	Groups     []*assets.GroupReference `json:"groups,omitempty"`
	Fields     map[string]*Value        `json:"fields,omitempty"`
	Tickets    []*Ticket                `json:"tickets,omitempty"`
}

// Caps on what a contact read from outside may hold, so one contact can't make every
// sprint it takes part in large. Each is refused with an error naming the field, as are
// more than MaxContactURNs URNs.
const (
	// MaxContactGroups bounds the groups a contact is in.
	MaxContactGroups = 1000
	// MaxContactFields bounds the field values of a contact.
	MaxContactFields = 1000
)

// MissingCallback is told about each asset a contact refers to that the assets lack; the
// reference is dropped from the contact.
type MissingCallback func(ref assets.Reference)

// ReadContact reads contact JSON against assets. Groups and fields that the assets lack
// are reported to missing (may be nil) and dropped; malformed values are errors naming
// the field, e.g. "field 'timezone' has invalid value 'Mars/Base'".
func ReadContact(sa *assets.Collection, data []byte, missing MissingCallback) (*Contact, error) {
	var e contactEnvelope
	if !decodeContactFast(data, &e) {
		e = contactEnvelope{}
		if err := json.Unmarshal(data, &e); err != nil {
			if te, ok := err.(*json.UnmarshalTypeError); ok {
				return nil, fmt.Errorf("unable to read contact: field '%s' has invalid value of type %s", te.Field, te.Value)
			}
			return nil, fmt.Errorf("unable to read contact: %w", err)
		}
	}
	if missing == nil {
		missing = func(assets.Reference) {}
	}
	for _, c := range []struct {
		field  string
		n, max int
	}{{"urns", len(e.URNs), MaxContactURNs}, {"groups", len(e.Groups), MaxContactGroups}, {"fields", len(e.Fields), MaxContactFields}} {
		if c.n > c.max {
			return nil, fmt.Errorf("unable to read contact: field '%s' has %d items, more than the maximum of %d", c.field, c.n, c.max)
		}
	}
	if e.UUID == "" {
		return nil, fmt.Errorf("unable to read contact: field 'uuid' is required")
	}
	if !utils.IsUUIDValid(string(e.UUID)) {
		return nil, fmt.Errorf("unable to read contact: field 'uuid' has invalid value '%s'", e.UUID)
	}
	c := &Contact{uuid: e.UUID, id: e.ID, name: e.Name, language: e.Language, status: e.Status,
		createdOn: e.CreatedOn, lastSeenOn: e.LastSeenOn, fields: FieldValues{}, assets: sa}
	if c.status == "" {
		c.status = ContactStatusActive
	} else if !c.status.IsValid() {
		return nil, fmt.Errorf("unable to read contact: field 'status' has invalid value '%s'", e.Status)
	}
	if l := string(e.Language); l != "" && (len(l) != 3 || strings.ToLower(l) != l) {
		return nil, fmt.Errorf("unable to read contact: field 'language' has invalid value '%s'", e.Language)
	}
	if e.Timezone != "" {
		tz, err := dates.LoadLocation(e.Timezone)
		if err != nil {
			return nil, fmt.Errorf("unable to read contact: field 'timezone' has invalid value '%s'", e.Timezone)
		}
		c.timezone = tz
	}
	var channels *assets.Channels
	if sa != nil {
		channels = sa.Channels
	}
	urnList, err := ReadURNList(e.URNs, channels)
	if err != nil {
		return nil, fmt.Errorf("unable to read contact: %w", err)
	}
	c.urns = urnList
	for i, ref := range e.Groups {
		if ref == nil || ref.UUID == "" {
			return nil, fmt.Errorf("unable to read contact: field 'groups[%d].uuid' is required", i)
		}
		var g *assets.Group
		if sa != nil && sa.Groups != nil {
			g = sa.Groups.Get(ref.UUID)
		}
		if g == nil {
			missing(ref)
			continue
		}
		c.groups.add(g)
	}
	for key, v := range e.Fields {
		if v == nil {
			continue
		}
		if sa == nil || sa.Fields == nil || sa.Fields.Get(key) == nil {
			missing(&assets.FieldReference{Key: key})
			continue
		}
		c.fields[key] = v
	}
	for i, t := range e.Tickets {
		if t == nil || t.UUID == "" {
			return nil, fmt.Errorf("unable to read contact: field 'tickets[%d].uuid' is required", i)
		}
		if t.Status != TicketStatusOpen && t.Status != TicketStatusClosed {
			return nil, fmt.Errorf("unable to read contact: field 'tickets[%d].status' has invalid value '%s'", i, t.Status)
		}
		if t.Topic != nil && sa != nil && sa.Topics != nil && sa.Topics.Get(t.Topic.UUID) == nil {
			missing(t.Topic)
		}
		c.tickets = append(c.tickets, t)
	}
	return c, nil
}

// MarshalJSON writes the contact in the shape ReadContact reads, fields sorted by key.
func (c *Contact) MarshalJSON() ([]byte, error) {
	e := contactEnvelope{
		UUID: c.uuid, ID: c.id, Name: c.name, Language: c.language, Status: c.status,
		Timezone: tzName(c.timezone), CreatedOn: c.createdOn, LastSeenOn: c.lastSeenOn,
		Groups: c.groups.References(), Tickets: c.tickets,
	}
	if len(c.urns) > 0 {
		e.URNs = make([]string, len(c.urns))
		for i, u := range c.urns {
			e.URNs[i] = u.String()
		}
	}
	if len(c.fields) > 0 {
		e.Fields = c.fields
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// QueryProperty resolves a contact query property (see contactql.Queryable): attributes
// first (name, uuid, id, language, status, created_on, last_seen_on, urn, group, tickets),
// then URN schemes, then field keys (optionally written fields.key).
func (c *Contact) QueryProperty(env envs.Environment, name string) (contactql.Property, bool) {
	texts := func(vs ...string) contactql.Property {
		p := contactql.Property{Kind: contactql.KindText}
		for _, v := range vs {
			if v != "" {
				p.Values = append(p.Values, v)
			}
		}
		return p
	}
	switch name {
	case "":
		vs := []string{c.name}
		for _, u := range c.urns {
			vs = append(vs, u.urn.Path())
		}
		return texts(vs...), true
	case "name":
		return texts(c.name), true
	case "uuid":
		return texts(string(c.uuid)), true
	case "id":
		if c.id == 0 {
			return texts(), true
		}
		return texts(strconv.FormatInt(c.id, 10)), true
	case "language":
		return texts(string(c.language)), true
	case "status":
		return texts(string(c.status)), true
	case "created_on":
		return contactql.Property{Kind: contactql.KindDatetime, Values: []any{c.createdOn}}, true
	case "last_seen_on":
		p := contactql.Property{Kind: contactql.KindDatetime}
		if c.lastSeenOn != nil {
			p.Values = []any{*c.lastSeenOn}
		}
		return p, true
	case "urn":
		vs := make([]string, len(c.urns))
		for i, u := range c.urns {
			vs[i] = u.urn.Path()
		}
		return texts(vs...), true
	case "group", "groups":
		vs := make([]string, len(c.groups))
		for i, g := range c.groups {
			vs[i] = g.Name
		}
		return texts(vs...), true
	case "tickets":
		return contactql.Property{Kind: contactql.KindNumber, Values: []any{decimal.NewFromInt(int64(c.tickets.OpenCount()))}}, true
	}
	if urns.IsValidScheme(name) {
		var vs []string
		for _, u := range c.urns.WithScheme(name) {
			vs = append(vs, u.urn.Path())
		}
		return texts(vs...), true
	}
	key := strings.TrimPrefix(name, "fields.")
	if c.assets == nil || c.assets.Fields == nil {
		return contactql.Property{}, false
	}
	field := c.assets.Fields.Get(key)
	if field == nil {
		return contactql.Property{}, false
	}
	v := c.fields[key]
	switch field.Type {
	case assets.FieldTypeNumber:
		p := contactql.Property{Kind: contactql.KindNumber}
		if v != nil && v.Number != nil {
			p.Values = []any{*v.Number}
		}
		return p, true
	case assets.FieldTypeDatetime:
		p := contactql.Property{Kind: contactql.KindDatetime}
		if v != nil && v.Datetime != nil {
			p.Values = []any{*v.Datetime}
		}
		return p, true
	case assets.FieldTypeState, assets.FieldTypeDistrict, assets.FieldTypeWard:
		p := contactql.Property{Kind: contactql.KindLocation}
		if x := v.TypedValue(field.Type); x != nil {
			p.Values = []any{x.Render()}
		}
		return p, true
	}
	if v == nil {
		return texts(), true
	}
	return texts(v.Text), true
}

// ReevaluateQueryBasedGroups brings the contact's smart group memberships up to date after
// a change: an active contact is in each smart group (of groups, in order) whose query it
// matches; other contacts are in none. Groups joined are appended; a query that doesn't
// parse matches no one.
func (c *Contact) ReevaluateQueryBasedGroups(env envs.Environment, groups []*assets.Group) (added, removed []*assets.Group) {
	for _, g := range groups {
		if !g.IsSmart() {
			continue
		}
		match := false
		if c.status == ContactStatusActive {
			if q := parseSmartQuery(g.Query); q != nil {
				match = q.Evaluate(env, c)
			}
		}
		in := c.groups.Has(g)
		if match && !in {
			c.groups.add(g)
			added = append(added, g)
		} else if !match && in {
			c.groups.remove(g)
			removed = append(removed, g)
		}
	}
	return added, removed
}

// SmartQueryCacheSize bounds how many parsed smart group queries are remembered (twice this
// many at most, utils.Cache's two generations).
const SmartQueryCacheSize = 1000

// smartQueries keeps smart group queries parsed, keyed by their text: every sprint that
// starts or changes the contact re-checks each smart group, and parsing the same queries
// again was about 5% of a short session. A parsed query is only read by Evaluate, so one is
// shared by every session; a query that doesn't parse is kept as nil.
var smartQueries = utils.NewCache[*contactql.Query](SmartQueryCacheSize)

// parseSmartQuery is contactql.Parse of a smart group's query through smartQueries, nil
// when it doesn't parse (such a group matches no one).
func parseSmartQuery(query string) *contactql.Query {
	if len(query) > contactql.MaxQueryLength {
		return nil // refused by Parse, and not worth keeping
	}
	return smartQueries.Get(query, func(text string) *contactql.Query {
		q, err := contactql.Parse(text)
		if err != nil {
			return nil
		}
		return q
	})
}
