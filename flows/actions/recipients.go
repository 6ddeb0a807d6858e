package actions

import (
	"fmt"
	"strings"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// recipientsAction holds the recipients shared by send_broadcast and start_session:
// groups, contacts, a contact query template, URNs, and legacy variables (templates that
// evaluate to a contact UUID, a URN or a phone number).
type recipientsAction struct {
	Groups       []*assets.GroupReference  `json:"groups,omitempty" validate:"dive"`
	Contacts     []*flows.ContactReference `json:"contacts,omitempty" validate:"dive"`
	ContactQuery string                    `json:"contact_query,omitempty" validate:"max=1000"`
	URNs         []urns.URN                `json:"urns,omitempty" validate:"max=100"`
	LegacyVars   []string                  `json:"legacy_vars,omitempty" validate:"max=100"`
}

// recipients are the evaluated recipients of an action.
type recipients struct {
	groups   []*assets.GroupReference
	contacts []*events.ContactReference
	query    string
	urns     []urns.URN
}

func (r *recipients) empty() bool {
	return len(r.groups) == 0 && len(r.contacts) == 0 && r.query == "" && len(r.urns) == 0
}

// queryEscaping quotes expression output inserted in a contact query.
func queryEscaping(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

// usesGroupsOrQuery reports whether the recipients fan out to groups or a query, which
// batch starts can't do.
func (a *recipientsAction) usesGroupsOrQuery() bool {
	return len(a.Groups) > 0 || a.ContactQuery != ""
}

// resolve evaluates the recipients, logging missing groups and legacy variables that
// resolve to nothing.
func (a *recipientsAction) resolve(run flows.Run, log events.Callback) *recipients {
	r := &recipients{}
	for _, g := range resolveGroups(run, a.Groups, log) {
		r.groups = append(r.groups, g.Reference())
	}
	for _, c := range a.Contacts {
		r.contacts = append(r.contacts, &events.ContactReference{UUID: c.UUID, Name: c.Name})
	}
	if a.ContactQuery != "" {
		r.query, _ = evaluate(run, a.ContactQuery, queryEscaping, log)
		r.query = strings.TrimSpace(r.query)
	}
	r.urns = append(r.urns, a.URNs...)

	country := string(run.Env().DefaultCountry())
	for _, tpl := range a.LegacyVars {
		evaluated, _ := evaluate(run, tpl, nil, log)
		value := strings.TrimSpace(evaluated)

		if utils.IsUUIDValid(strings.ToLower(value)) {
			r.contacts = append(r.contacts, &events.ContactReference{UUID: utils.UUID(strings.ToLower(value))})
		} else if strings.Contains(value, ":") && urns.URN(value).Validate() == nil {
			r.urns = append(r.urns, urns.URN(value).Normalize(country))
		} else if number, err := urns.ParseNumber(value, country, false); value != "" && err == nil {
			r.urns = append(r.urns, urns.URN("tel:"+number))
		} else {
			log(events.NewError(fmt.Sprintf("'%s' couldn't be resolved to a contact, group or URN", value)))
		}
	}
	return r
}

// inspect reports the recipients in the order of their fields.
func (a *recipientsAction) inspect(ins flows.Inspector) {
	inspectGroupRefs(ins, a.Groups)
	for _, c := range a.Contacts {
		ins.Dependency(contactDependency{c})
	}
	if a.ContactQuery != "" {
		ins.Templates(a.ContactQuery)
	}
	ins.Templates(a.LegacyVars...)
}

// contactDependency reports a contact reference as an asset dependency of type "contact".
type contactDependency struct{ *flows.ContactReference }

func (c contactDependency) Type() string     { return "contact" }
func (c contactDependency) Identity() string { return string(c.UUID) }
func (c contactDependency) Variable() bool   { return false }
