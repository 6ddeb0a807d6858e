package flows

import (
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
)

// GroupList is the groups a contact is in, in the order it joined them.
type GroupList []*assets.Group

// Get returns the group with that UUID, or nil.
func (l GroupList) Get(uuid utils.UUID) *assets.Group {
	for _, g := range l {
		if g.UUID == uuid {
			return g
		}
	}
	return nil
}

// Has reports whether the contact is in the group.
func (l GroupList) Has(g *assets.Group) bool { return l.Get(g.UUID) != nil }

// add appends a group the list doesn't have; reports whether it was added.
func (l *GroupList) add(g *assets.Group) bool {
	if l.Has(g) {
		return false
	}
	*l = append(*l, g)
	return true
}

// remove drops a group; reports whether it was there.
func (l *GroupList) remove(g *assets.Group) bool {
	for i, x := range *l {
		if x.UUID == g.UUID {
			*l = append((*l)[:i:i], (*l)[i+1:]...)
			return true
		}
	}
	return false
}

// References returns the groups as {uuid, name} references, as events carry them.
func (l GroupList) References() []*assets.GroupReference {
	refs := make([]*assets.GroupReference, len(l))
	for i, g := range l {
		refs[i] = g.Reference()
	}
	return refs
}

// GroupContext is a group in expressions: an object {uuid, name} with no default, so
// extract(contact.groups[0], "name") and has_group work on it.
func GroupContext(g *assets.Group) types.XValue {
	return types.NewXObject(map[string]types.XValue{
		"uuid": types.NewXText(string(g.UUID)),
		"name": types.NewXText(g.Name),
	})
}

// ToXValue is @contact.groups: an array of {uuid, name} objects.
func (l GroupList) ToXValue() types.XValue {
	items := make([]types.XValue, len(l))
	for i, g := range l {
		items[i] = GroupContext(g)
	}
	return types.NewXArray(items...)
}
