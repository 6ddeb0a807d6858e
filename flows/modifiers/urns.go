package modifiers

import (
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// TypeURNs is the type of the URNs modifier.
const TypeURNs = "urns"

// URNsModification says how a URNs modifier changes the list.
type URNsModification string

// The URN list modifications.
const (
	URNsAppend URNsModification = "append"
	URNsRemove URNsModification = "remove"
	URNsSet    URNsModification = "set"
)

// URNs appends, removes or sets the contact's URNs. URNs are normalized first (phone
// numbers read with the environment's default country); invalid and taken URNs are
// refused with error events, and a contact keeps at most flows.MaxContactURNs.
//
//	{"type": "urns", "urns": ["tel:+17036972222"], "modification": "append"}
type URNs struct {
	Type_        string           `json:"type"`
	URNs         []urns.URN       `json:"urns"`
	Modification URNsModification `json:"modification"`
}

// NewURNs creates a URNs modifier.
func NewURNs(list []urns.URN, mod URNsModification) *URNs {
	return &URNs{Type_: TypeURNs, URNs: list, Modification: mod}
}

func (m *URNs) Type() string { return TypeURNs }

// Apply changes the URN list, logging contact_urns_changed when it differs.
func (m *URNs) Apply(ctx *Context, c *flows.Contact, log events.Callback) bool {
	country := ""
	if ctx.Env != nil {
		country = string(ctx.Env.DefaultCountry())
	}
	var channels *assets.Channels
	if ctx.Assets != nil {
		channels = ctx.Assets.Channels
	}
	old := c.URNs()
	var list flows.URNList
	if m.Modification != URNsSet {
		list = old.Clone()
	}
	for _, raw := range m.URNs {
		norm := raw.Normalize(country)
		if err := norm.Validate(); err != nil {
			log(&events.Error{Base: events.NewBase(events.TypeError), Text: fmt.Sprintf("'%s' is not valid URN", raw), Code: "urn:invalid", Extra: map[string]string{"urn": string(raw)}})
			continue
		}
		switch m.Modification {
		case URNsRemove:
			if i := list.IndexOf(norm); i >= 0 {
				list = append(list[:i:i], list[i+1:]...)
			}
			continue
		}
		if list.IndexOf(norm) >= 0 {
			continue
		}
		if ctx.URNTaken != nil && ctx.URNTaken(norm.Identity()) && old.IndexOf(norm) < 0 {
			log(&events.Error{Base: events.NewBase(events.TypeError), Text: "URN is taken by another contact", Code: "urn:taken", Extra: map[string]string{"urn": string(norm.Identity())}})
			continue
		}
		if len(list) >= flows.MaxContactURNs {
			log(events.NewError(fmt.Sprintf("Contact has too many URNs, limit is %d", flows.MaxContactURNs)))
			break
		}
		// a URN the contact already had keeps its channel affinity
		if i := old.IndexOf(norm); i >= 0 {
			cp := *old[i]
			list = append(list, &cp)
		} else {
			list = append(list, flows.NewContactURN(norm, channels))
		}
	}
	return setURNs(c, old, list, log)
}

func init() {
	register(TypeURNs, func(data []byte, _ *assets.Collection) (Modifier, error) {
		m := &URNs{}
		if err := json.Unmarshal(data, m); err != nil {
			return nil, err
		}
		switch m.Modification {
		case URNsAppend, URNsRemove, URNsSet:
		default:
			return nil, fmt.Errorf("field 'modification' has invalid value '%s'", m.Modification)
		}
		return m, nil
	})
}
