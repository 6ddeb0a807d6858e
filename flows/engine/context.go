package engine

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/utils"
)

// context builds the root object of the run's expressions: contact, fields, urns, results,
// locals, input, run, child, parent, node, webhook, trigger, resume, globals, ticket and the
// deprecated legacy_extra. Parts are computed when first read so a template pays only for
// what it reads; the object is built afresh for each evaluation, since actions may have
// changed the contact or results since the last one.
func (r *Run) context() types.XObject { return &runContext{run: r} }

// contextParts are the root names of the run context in sorted order, with how each is
// computed.
var contextParts = [...]struct {
	key   string
	value func(r *Run) types.XValue
}{
	{"child", func(r *Run) types.XValue {
		if c := r.lastChild(); c != nil {
			return c.relatedContext()
		}
		return nil
	}},
	{"contact", func(r *Run) types.XValue { return r.session.contactContext() }},
	{"fields", func(r *Run) types.XValue { return r.session.fieldsContext() }},
	{"globals", func(r *Run) types.XValue {
		return types.NewXLazyObject(func() map[string]types.XValue { return r.session.globalsProps() })
	}},
	{"input", func(r *Run) types.XValue { return r.session.inputContext() }},
	{"legacy_extra", func(r *Run) types.XValue { return r.legacyExtra() }},
	{"locals", func(r *Run) types.XValue {
		return types.NewXLazyObject(func() map[string]types.XValue {
			m := make(map[string]types.XValue, len(r.locals))
			for k, v := range r.locals {
				m[k] = types.NewXText(v)
			}
			return m
		})
	}},
	{"node", func(r *Run) types.XValue { return types.NewXLazyObject(r.nodeProps) }},
	{"parent", func(r *Run) types.XValue {
		if r.parent != nil {
			return r.parent.relatedContext()
		}
		return r.session.triggerParentContext()
	}},
	{"results", func(r *Run) types.XValue {
		return types.NewXLazyObject(func() map[string]types.XValue { return resultsProps(r) })
	}},
	{"resume", func(r *Run) types.XValue { return r.session.resumeContext() }},
	{"run", func(r *Run) types.XValue {
		return types.NewXLazyObject(func() map[string]types.XValue { return r.runProps(true) })
	}},
	{"ticket", func(r *Run) types.XValue { return r.session.ticketContext() }},
	{"trigger", func(r *Run) types.XValue {
		return types.NewXLazyObject(func() map[string]types.XValue { return r.session.triggerProps() })
	}},
	{"urns", func(r *Run) types.XValue { return r.session.urnsContext() }},
	{"webhook", func(r *Run) types.XValue { return r.webhookContext() }},
}

// ContextKeys are the root names an expression of a run can read (contact, results,
// webhook...), sorted: what the flow editor's autocomplete offers after "@".
func ContextKeys() []string {
	keys := make([]string, len(contextParts))
	for i := range contextParts {
		keys[i] = contextParts[i].key
	}
	return keys
}

// runContext is the root context object. It answers lookups by name, computing each part
// once; anything that needs the whole object (rendering, JSON, comparing) gets an ordinary
// object of every part.
type runContext struct {
	run  *Run
	vals [len(contextParts)]types.XValue
	done [len(contextParts)]bool
	all  types.XObject
}

func (c *runContext) part(i int) types.XValue {
	if !c.done[i] {
		c.vals[i] = contextParts[i].value(c.run)
		c.done[i] = true
	}
	return c.vals[i]
}

// Get finds a part by name, case-insensitively as objects do.
func (c *runContext) Get(key string) (types.XValue, bool) {
	for i := range contextParts {
		if contextParts[i].key == key {
			return c.part(i), true
		}
	}
	for i := range contextParts {
		if strings.EqualFold(contextParts[i].key, key) {
			return c.part(i), true
		}
	}
	return nil, false
}

// whole is the context as an ordinary object, every part computed.
func (c *runContext) whole() types.XObject {
	if c.all == nil {
		props := make(map[string]types.XValue, len(contextParts))
		for i := range contextParts {
			props[contextParts[i].key] = c.part(i)
		}
		c.all = types.NewXObject(props)
	}
	return c.all
}

func (c *runContext) Properties() []string {
	keys := make([]string, len(contextParts))
	for i := range contextParts {
		keys[i] = contextParts[i].key
	}
	return keys
}

func (c *runContext) Default() types.XValue              { return nil }
func (c *runContext) HasDefault() bool                   { return false }
func (c *runContext) Count() int                         { return len(contextParts) }
func (c *runContext) Describe() string                   { return "object" }
func (c *runContext) Truthy() bool                       { return true }
func (c *runContext) Render() string                     { return c.whole().Render() }
func (c *runContext) Format(env envs.Environment) string { return c.whole().Format(env) }
func (c *runContext) String() string                     { return c.whole().String() }
func (c *runContext) Equals(x types.XValue) bool         { return c.whole().Equals(x) }
func (c *runContext) MarshalJSON() ([]byte, error)       { return c.whole().MarshalJSON() }

// nodeProps is @node: the current node, its visits and its router's categories.
func (r *Run) nodeProps() map[string]types.XValue {
	n := r.currentNode()
	if n == nil {
		return nil
	}
	visits := 0
	for _, st := range r.path {
		if st.NodeUUID == n.UUID {
			visits++
		}
	}
	var cats []types.XValue
	if n.Router != nil {
		for _, c := range n.Router.Categories {
			cats = append(cats, types.NewXText(c.Name))
		}
	}
	return map[string]types.XValue{
		types.DefaultPropertyKey: types.NewXText(string(n.UUID)),
		"uuid":                   types.NewXText(string(n.UUID)),
		"visit_count":            types.NewXNumberFromInt(visits),
		"categories":             types.NewXArray(cats...),
	}
}

// lazy defers a context value until a template reads it: most templates read one or two
// of the run's many context parts.
func lazy(f func() types.XValue) types.XValue { return types.NewXLazyValue(f) }

// resultsProps are the properties of @results: one per result key, and as default the
// text the established engine renders @results as, one "Name: value" line per result in
// sorted order ("Rating: 6\nSurvey: Yes").
func resultsProps(r *Run) map[string]types.XValue {
	m := make(map[string]types.XValue, len(r.results)+1)
	lines := make([]string, 0, len(r.results))
	for k, res := range r.results {
		m[k] = resultContext(res)
		lines = append(lines, res.Name+": "+res.Value)
	}
	sort.Strings(lines)
	m[types.DefaultPropertyKey] = types.NewXText(strings.Join(lines, "\n"))
	return m
}

func resultContext(res *flows.Result) types.XValue {
	props := map[string]types.XValue{
		"name":               types.NewXText(res.Name),
		"value":              types.NewXText(res.Value),
		"category":           types.NewXText(res.Category),
		"category_localized": types.NewXText(res.CategoryLocalized),
		"input":              types.NewXText(res.Input),
		"node_uuid":          types.NewXText(string(res.NodeUUID)),
		"created_on":         types.NewXDateTime(res.CreatedOn),
		"values":             types.NewXArray(types.NewXText(res.Value)),
		"categories":         types.NewXArray(types.NewXText(res.Category)),
	}
	if res.CategoryLocalized == "" {
		props["category_localized"] = types.NewXText(res.Category)
	}
	if len(res.Extra) > 0 {
		props["extra"] = types.ReadXValue(res.Extra)
	} else {
		props["extra"] = nil
	}
	return types.NewXObjectWithDefault(types.NewXText(res.Value), props)
}

func (r *Run) runProps(withContact bool) map[string]types.XValue {
	m := map[string]types.XValue{
		types.DefaultPropertyKey: types.NewXText(string(r.uuid)),
		"uuid":                   types.NewXText(string(r.uuid)),
		"flow": types.NewXObjectWithDefault(types.NewXText(r.flow.Name), map[string]types.XValue{
			"uuid":     types.NewXText(string(r.flow.UUID)),
			"name":     types.NewXText(r.flow.Name),
			"revision": types.NewXNumberFromInt(r.flow.Revision),
		}),
		"status":  types.NewXText(string(r.status)),
		"results": types.NewXLazyObject(func() map[string]types.XValue { return resultsProps(r) }),
		"path": types.NewXLazyArray(func() []types.XValue {
			steps := make([]types.XValue, len(r.path))
			for i, st := range r.path {
				steps[i] = types.NewXObject(map[string]types.XValue{
					"node_uuid":  types.NewXText(string(st.NodeUUID)),
					"arrived_on": types.NewXDateTime(st.ArrivedOn),
				})
			}
			return steps
		}),
		"created_on": types.NewXDateTime(r.createdOn),
		"exited_on":  nil,
	}
	if r.exitedOn != nil {
		m["exited_on"] = types.NewXDateTime(*r.exitedOn)
	}
	if withContact {
		m["contact"] = lazy(func() types.XValue { return r.session.contactContext() })
	}
	return m
}

// relatedContext is the @child / @parent shape: a run summary with the contact's fields
// and URNs at the top and a deprecated `run` alias.
func (r *Run) relatedContext() types.XValue {
	props := r.runProps(true)
	props["fields"] = lazy(func() types.XValue { return r.session.fieldsContext() })
	props["urns"] = lazy(func() types.XValue { return r.session.urnsContext() })
	props["run"] = types.NewXLazyObject(func() map[string]types.XValue { return r.runProps(true) })
	return types.NewXObject(props)
}

func (r *Run) lastChild() *Run {
	var child *Run
	for _, o := range r.session.runs {
		if o.parent == r {
			child = o
		}
	}
	return child
}

func (r *Run) webhookContext() types.XValue {
	if r.webhookVal != nil {
		return r.webhookVal
	}
	if len(r.webhook) > 0 {
		r.webhookVal = types.ReadXValue(r.webhook)
		return r.webhookVal
	}
	return nil
}

// legacyExtra is the deprecated @legacy_extra: the trigger's params, then for each result
// with extra, in the order they were saved, the extra's properties and the extra's JSON
// text under the result's key.
func (r *Run) legacyExtra() types.XValue {
	props := map[string]types.XValue{}
	merge := func(v types.XValue) {
		if obj, ok := v.(types.XObject); ok {
			for _, k := range obj.Properties() {
				props[k], _ = obj.Get(k)
			}
		}
	}
	merge(r.session.triggerParams())
	keys := make([]string, 0, len(r.results))
	for k, res := range r.results {
		if len(res.Extra) > 0 {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := r.results[keys[i]], r.results[keys[j]]
		if !a.CreatedOn.Equal(b.CreatedOn) {
			return a.CreatedOn.Before(b.CreatedOn)
		}
		return keys[i] < keys[j]
	})
	for _, k := range keys {
		extra := r.results[k].Extra
		merge(types.ReadXValue(extra))
		props[k] = types.NewXText(string(extra))
	}
	return types.NewXObject(props)
}

func (s *Session) inputContext() types.XValue {
	in := s.input
	if in == nil {
		return nil
	}
	atts := make([]types.XValue, len(in.Attachments))
	for i, a := range in.Attachments {
		atts[i] = types.NewXText(a)
	}
	def := in.Text
	for _, a := range in.Attachments {
		if def != "" {
			def += "\n"
		}
		def += a
	}
	props := map[string]types.XValue{
		"type":        types.NewXText(in.Type),
		"uuid":        types.NewXText(string(in.UUID)),
		"created_on":  types.NewXDateTime(in.CreatedOn),
		"text":        types.NewXText(in.Text),
		"attachments": types.NewXArray(atts...),
		"urn":         nil,
		"channel":     nil,
		"external_id": types.NewXText(in.ExternalID),
	}
	if in.URN != "" {
		props["urn"] = types.NewXText(in.URN)
	}
	if in.Channel != nil {
		props["channel"] = s.channelContext(in.Channel.UUID, in.Channel.Name)
	}
	return types.NewXObjectWithDefault(types.NewXText(def), props)
}

func (s *Session) channelContext(uuid utils.UUID, name string) types.XValue {
	props := map[string]types.XValue{
		"uuid":    types.NewXText(string(uuid)),
		"name":    types.NewXText(name),
		"address": types.NewXText(""),
	}
	if ch := s.assets.Channels.Get(uuid); ch != nil {
		props["name"] = types.NewXText(ch.Name)
		props["address"] = types.NewXText(ch.Address)
	}
	return types.NewXObjectWithDefault(props["name"], props)
}

func asUUID(s string) utils.UUID { return utils.UUID(s) }

// triggerParams are the trigger's params, or for a chat trigger its event's params.
func (s *Session) triggerParams() types.XValue {
	params := s.trigger.Params
	if len(params) == 0 && len(s.trigger.Event) > 0 {
		var ev struct {
			Params json.RawMessage `json:"params"`
		}
		if json.Unmarshal(s.trigger.Event, &ev) == nil {
			params = ev.Params
		}
	}
	if len(params) == 0 || string(params) == "null" {
		return types.XObjectEmpty
	}
	return types.ReadXValue(params)
}

func (s *Session) triggerProps() map[string]types.XValue {
	t := s.trigger
	m := map[string]types.XValue{
		"type":     types.NewXText(t.Type),
		"params":   s.triggerParams(),
		"keyword":  types.NewXText(""),
		"origin":   types.NewXText(t.Origin),
		"user":     nil,
		"campaign": nil,
		"ticket":   nil,
	}
	if t.KeywordMatch != nil {
		m["keyword"] = types.NewXText(t.KeywordMatch.Keyword)
	}
	if t.User != nil {
		m["user"] = s.userContext(string(t.User.UUID), t.User.Name)
	}
	if len(t.Ticket) > 0 && string(t.Ticket) != "null" {
		m["ticket"] = s.triggerTicketContext()
	}
	if t.Type == triggers.TypeCampaign && len(t.Event) > 0 {
		var ev struct {
			Campaign struct {
				UUID string `json:"uuid"`
				Name string `json:"name"`
			} `json:"campaign"`
		}
		if json.Unmarshal(t.Event, &ev) == nil {
			m["campaign"] = types.NewXObjectWithDefault(types.NewXText(ev.Campaign.Name), map[string]types.XValue{
				"uuid": types.NewXText(ev.Campaign.UUID),
				"name": types.NewXText(ev.Campaign.Name),
			})
		}
	}
	return m
}

func (s *Session) userContext(uuid, name string) types.XValue {
	props := map[string]types.XValue{"name": types.NewXText(name), "first_name": types.NewXText(firstWord(name)), "email": types.NewXText("")}
	if u := s.assets.Users.Get(asUUID(uuid)); u != nil {
		props["email"] = types.NewXText(u.Email)
		props["name"] = types.NewXText(u.Name)
		props["first_name"] = types.NewXText(firstWord(u.Name))
	}
	return types.NewXObjectWithDefault(props["name"], props)
}

func (s *Session) resumeContext() types.XValue {
	if s.resume == nil {
		return nil
	}
	props := map[string]types.XValue{"type": types.NewXText(s.resume.Type)}
	var ev struct {
		Dial *struct {
			Status   string `json:"status"`
			Duration int    `json:"duration"`
		} `json:"dial"`
	}
	if json.Unmarshal(s.resume.Event, &ev) == nil && ev.Dial != nil {
		props["dial"] = types.NewXObject(map[string]types.XValue{
			"status":   types.NewXText(ev.Dial.Status),
			"duration": types.NewXNumberFromInt(ev.Dial.Duration),
		})
	}
	return types.NewXObject(props)
}

func (s *Session) globalsProps() map[string]types.XValue {
	m := map[string]types.XValue{}
	for _, g := range s.assets.Globals.All() {
		m[g.Key] = types.NewXText(g.Value)
	}
	return m
}

func firstWord(s string) string {
	for i, r := range s {
		if r == ' ' {
			return s[:i]
		}
	}
	return s
}
