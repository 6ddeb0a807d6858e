package dates

import (
	"sync"
	"time"
)

// locations keeps the zones LoadLocation has read. time.LoadLocation reads and parses the
// zone file on every call, which made reading a contact with a timezone cost more than the
// rest of the contact; a loaded *time.Location is immutable, so sharing it is invisible.
// Only names that load are kept, so the cache is bounded by the zone database.
var locations sync.Map // name -> *time.Location

// LoadLocation is time.LoadLocation with the result kept for the next call with the same
// name. Errors are those of time.LoadLocation.
func LoadLocation(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}
