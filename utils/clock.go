// Package utils holds small helpers shared by every package of Rivulet: the clock, UUID
// and random sources the engine reads, and typed registries for JSON envelopes.
package utils

import (
	"sync"
	"time"
)

// Clock is where the engine reads the current time. It is given to the engine rather than
// read from a global so that tests and replays are deterministic.
type Clock interface {
	Now() time.Time
}

// RealClock reads the system clock in UTC.
type RealClock struct{}

// Now returns the current system time in UTC.
func (RealClock) Now() time.Time { return time.Now().UTC() }

// SequentialClock starts at a fixed instant and advances by a fixed step every time it is
// read, as the recorded conformance sessions did.
type SequentialClock struct {
	mu   sync.Mutex
	next time.Time
	step time.Duration
}

// NewSequentialClock returns a clock whose first read is start and each later read is step
// after the previous one.
func NewSequentialClock(start time.Time, step time.Duration) *SequentialClock {
	return &SequentialClock{next: start, step: step}
}

// Now returns the next instant and advances the clock.
func (c *SequentialClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.next
	c.next = c.next.Add(c.step)
	return t
}

// FixedClock always reads the same instant.
type FixedClock struct{ T time.Time }

// Now returns the fixed instant.
func (c FixedClock) Now() time.Time { return c.T }

// ReplaySeed seeds the random source and the UUID generator of replays and tests, as it
// did those of the recorded sessions: seeded with it, utils.NewSeededRandom yields the
// recorded airtime external ids and random router picks.
const ReplaySeed = 123456

// ReplayStart is the first instant of the deterministic clock used by replays and tests.
var ReplayStart = time.Date(2025, 5, 4, 12, 30, 45, 123456789, time.UTC)
