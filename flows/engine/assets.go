package engine

import (
	"fmt"
	"sync"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/utils"
)

// Assets is what sessions read assets through: the indexed collection plus flow definitions
// read once and shared by every session (reading and migrating a flow is the costly part).
type Assets struct {
	*assets.Collection

	mu        sync.Mutex
	flows     map[utils.UUID]*definition.Flow
	flowErrs  map[utils.UUID]error
	locations envs.LocationResolver
}

// NewAssets wraps a collection for sessions.
func NewAssets(c *assets.Collection) *Assets {
	a := &Assets{Collection: c, flows: map[utils.UUID]*definition.Flow{}, flowErrs: map[utils.UUID]error{}}
	if c.Locations != nil {
		a.locations = c.Locations
	}
	return a
}

// LocationResolver returns the location hierarchy, or envs.NoLocations when the assets have
// none: a session is always location enabled, and without locations nothing is found.
func (a *Assets) LocationResolver() envs.LocationResolver {
	if a.locations == nil {
		return envs.NoLocations
	}
	return a.locations
}

// Flow returns the read definition of a flow, reading it on first use.
func (a *Assets) Flow(uuid utils.UUID) (*definition.Flow, error) { return a.flow(uuid, nil) }

// flow reads a flow on first use, migrating it with UUIDs from gen when it is older than the
// current spec.
func (a *Assets) flow(uuid utils.UUID, gen utils.UUIDGenerator) (*definition.Flow, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f, ok := a.flows[uuid]; ok {
		return f, nil
	}
	if err, ok := a.flowErrs[uuid]; ok {
		return nil, err
	}
	asset := a.Collection.Flow(uuid)
	if asset == nil {
		err := fmt.Errorf("no such flow with UUID '%s'", uuid)
		a.flowErrs[uuid] = err
		return nil, err
	}
	f, err := definition.ReadFlowWithUUIDs(asset.Definition, gen)
	if err != nil {
		err = fmt.Errorf("unable to read flow '%s': %w", asset.Name, err)
		a.flowErrs[uuid] = err
		return nil, err
	}
	a.flows[uuid] = f
	return f, nil
}

// v4Source hands out the random (version 4) UUIDs of the engine's generator, which is what
// flow migrations draw from.
type v4Source struct{ s *Session }

func (v v4Source) Next() utils.UUID {
	if g, ok := v.s.engine.opts.UUIDs.(interface{ NextV4() utils.UUID }); ok {
		return g.NextV4()
	}
	return v.s.NewUUID()
}

// flow reads a flow for the session, migrating with the engine's UUIDs.
func (s *Session) flow(uuid utils.UUID) (*definition.Flow, error) {
	return s.assets.flow(uuid, v4Source{s})
}
