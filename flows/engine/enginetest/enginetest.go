// Package enginetest builds engines for replays and tests: deterministic sources of time,
// UUIDs and randomness, and the stand-in services of the recorded conformance sessions, so
// that a replayed session produces byte-stable output. Embedders use engine.New with their
// own sources and services instead.
package enginetest

import (
	"time"

	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/services/servicestest"
	"github.com/rivuletflows/rivulet/utils"
)

// ReplayOptions are the options of a replay: a clock starting at utils.ReplayStart and
// advancing one second per read, time-ordered UUIDs from that clock, a random source
// seeded with utils.ReplaySeed, and the stand-in services answering HTTP from mocks (nil
// makes every webhook call fail as a broken test would).
func ReplayOptions(mocks *servicestest.MockTransport) engine.Options {
	clock := utils.NewSequentialClock(utils.ReplayStart, time.Second)
	uuids := utils.NewSeededV7Generator(clock, utils.ReplaySeed)
	return engine.Options{
		Clock:    clock,
		UUIDs:    uuids,
		Random:   utils.NewSeededRandom(utils.ReplaySeed),
		Services: servicestest.New(servicestest.Config{Mocks: mocks, Clock: clock, UUIDs: uuids}),
	}
}

// NewReplay returns an engine with ReplayOptions.
func NewReplay(mocks *servicestest.MockTransport) *engine.Engine {
	return engine.New(ReplayOptions(mocks))
}
