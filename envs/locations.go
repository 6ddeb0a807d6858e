package envs

import "strings"

// LocationLevel is the depth of a location in its hierarchy.
type LocationLevel int

// The levels of the location hierarchy.
const (
	LocationLevelCountry  LocationLevel = 0
	LocationLevelState    LocationLevel = 1
	LocationLevelDistrict LocationLevel = 2
	LocationLevelWard     LocationLevel = 3
)

// LocationPath is the full path of a location, e.g. "Rwanda > Kigali City > Gasabo".
type LocationPath string

// LocationPathSeparator joins the names of a location path.
const LocationPathSeparator = " > "

// Name returns the last part of the path.
func (p LocationPath) Name() string {
	parts := strings.Split(string(p), LocationPathSeparator)
	return parts[len(parts)-1]
}

// Location is a node of a location hierarchy (country > state > district > ward).
type Location struct {
	Name_    string      `json:"name"`
	Aliases_ []string    `json:"aliases,omitempty"`
	Children []*Location `json:"children,omitempty"`

	Level  LocationLevel `json:"-"`
	Path   LocationPath  `json:"-"`
	Parent *Location     `json:"-"`
}

// Name returns the location's name.
func (l *Location) Name() string { return l.Name_ }

// Aliases returns the other names the location is known by.
func (l *Location) Aliases() []string { return l.Aliases_ }

// LocationResolver finds locations by name for the has_state/has_district/has_ward tests
// and for contact fields of those types.
type LocationResolver interface {
	// FindLocations returns the locations at level whose name or alias equals name
	// (case-insensitively), below parent when parent is given.
	FindLocations(name string, level LocationLevel, parent *Location) []*Location
	// FindLocationsFuzzy is FindLocations on free text: the whole text, then each word and
	// pair of adjacent words.
	FindLocationsFuzzy(text string, level LocationLevel, parent *Location) []*Location
	// LookupLocation returns the location with that full path, or nil.
	LookupLocation(path LocationPath) *Location
}

// NoLocations is the resolver of a session whose assets have no location hierarchy: it
// finds nothing, so has_state and the other location tests simply don't match (the
// established engine gives every session environment locations, empty or not).
var NoLocations LocationResolver = noLocations{}

type noLocations struct{}

func (noLocations) FindLocations(string, LocationLevel, *Location) []*Location      { return nil }
func (noLocations) FindLocationsFuzzy(string, LocationLevel, *Location) []*Location { return nil }
func (noLocations) LookupLocation(LocationPath) *Location                           { return nil }
