package envs

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
)

// LocationHierarchy is a tree of locations (a country, its states, their districts and
// wards) indexed for the lookups of the has_state, has_district and has_ward tests. It is
// built once from assets and only read afterwards, so one can be shared by many sessions.
type LocationHierarchy struct {
	root    *Location
	byLevel map[LocationLevel]map[string][]*Location // lower-cased name or alias -> locations
	byPath  map[string]*Location                     // lower-cased path -> location
}

// NewLocationHierarchy indexes the tree under root, setting the Level, Path and Parent of
// every node (root is the country, level 0).
func NewLocationHierarchy(root *Location) *LocationHierarchy {
	h := &LocationHierarchy{
		root:    root,
		byLevel: map[LocationLevel]map[string][]*Location{},
		byPath:  map[string]*Location{},
	}
	if root != nil {
		h.add(root, nil, 0)
	}
	return h
}

// ReadLocationHierarchy reads a location tree as it appears in assets:
// {"name": "Rwanda", "aliases": ["Ruanda"], "children": [{"name": "Kigali City", ...}]}.
func ReadLocationHierarchy(data []byte) (*LocationHierarchy, error) {
	root := &Location{}
	if err := json.Unmarshal(data, root); err != nil {
		return nil, fmt.Errorf("unable to read location hierarchy: %w", err)
	}
	if strings.TrimSpace(root.Name_) == "" {
		return nil, fmt.Errorf("field 'name' is required for the root location")
	}
	return NewLocationHierarchy(root), nil
}

// add indexes a node and its children; nil children are skipped, never dereferenced.
func (h *LocationHierarchy) add(loc, parent *Location, level LocationLevel) {
	loc.Parent = parent
	loc.Level = level
	if parent == nil {
		loc.Path = LocationPath(loc.Name_)
	} else {
		loc.Path = LocationPath(string(parent.Path) + LocationPathSeparator + loc.Name_)
	}
	h.byPath[strings.ToLower(string(loc.Path))] = loc

	names := h.byLevel[level]
	if names == nil {
		names = map[string][]*Location{}
		h.byLevel[level] = names
	}
	seen := map[string]bool{}
	for _, n := range append([]string{loc.Name_}, loc.Aliases_...) {
		key := normalizeLocationName(n)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		names[key] = append(names[key], loc)
	}
	for _, child := range loc.Children {
		if child != nil {
			h.add(child, loc, level+1)
		}
	}
}

// Root returns the top of the hierarchy (the country).
func (h *LocationHierarchy) Root() *Location { return h.root }

// FindLocations returns the locations at level whose name or one of whose aliases equals
// name, ignoring case and surrounding space, in document order; when parent is given only
// its descendants count.
func (h *LocationHierarchy) FindLocations(name string, level LocationLevel, parent *Location) []*Location {
	matches := h.byLevel[level][normalizeLocationName(name)]
	if parent == nil {
		return matches
	}
	var below []*Location
	for _, m := range matches {
		if isDescendant(m, parent) {
			below = append(below, m)
		}
	}
	return below
}

// nonWordChars splits free text into words for fuzzy matching.
var nonWordChars = regexp.MustCompile(`[^\p{L}\p{M}\p{N}_]+`)

// FindLocationsFuzzy finds locations named in free text such as "I live in Kigali": it
// tries the whole text, then the text without punctuation, then each word, then each pair
// of adjacent words, returning the first non-empty result.
func (h *LocationHierarchy) FindLocationsFuzzy(text string, level LocationLevel, parent *Location) []*Location {
	if found := h.FindLocations(text, level, parent); len(found) > 0 {
		return found
	}
	words := make([]string, 0, 8)
	for _, w := range nonWordChars.Split(text, -1) {
		if w != "" {
			words = append(words, w)
		}
	}
	if found := h.FindLocations(strings.Join(words, " "), level, parent); len(found) > 0 {
		return found
	}
	for _, w := range words {
		if found := h.FindLocations(w, level, parent); len(found) > 0 {
			return found
		}
	}
	for i := 0; i+1 < len(words); i++ {
		if found := h.FindLocations(words[i]+" "+words[i+1], level, parent); len(found) > 0 {
			return found
		}
	}
	return nil
}

// LookupLocation returns the location with that full path (case-insensitive), or nil.
func (h *LocationHierarchy) LookupLocation(path LocationPath) *Location {
	return h.byPath[strings.ToLower(strings.TrimSpace(string(path)))]
}

// normalizeLocationName is the key names are compared by: trimmed, lower case, inner
// runs of space collapsed.
func normalizeLocationName(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// isDescendant reports whether loc sits below ancestor.
func isDescendant(loc, ancestor *Location) bool {
	for p := loc.Parent; p != nil; p = p.Parent {
		if p == ancestor {
			return true
		}
	}
	return false
}

var _ LocationResolver = (*LocationHierarchy)(nil)
