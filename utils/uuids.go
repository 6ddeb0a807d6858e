package utils

import (
	"crypto/rand"
	"encoding/binary"
	"regexp"
	"sync"

	"github.com/google/uuid"
)

// UUID is a UUID in its canonical lower-case text form.
type UUID string

var uuidRegex = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// IsUUIDValid reports whether s is a canonical lower-case UUID.
func IsUUIDValid(s string) bool { return uuidRegex.MatchString(s) }

// UUIDGenerator hands out new UUIDs. The engine is given one so replays are deterministic.
type UUIDGenerator interface {
	Next() UUID
}

// V4Generator generates random version 4 UUIDs.
type V4Generator struct{}

// Next returns a new random UUID.
func (V4Generator) Next() UUID { return UUID(uuid.New().String()) }

// V7Generator generates time-ordered version 7 UUIDs whose timestamp is read from a clock
// and whose random bits come from a seeded source, so a sequential clock gives a
// reproducible sequence.
type V7Generator struct {
	mu    sync.Mutex
	clock Clock
	rnd   Random
}

// NewV7Generator returns a generator reading time from clock and random bits from rnd
// (crypto randomness when rnd is nil).
func NewV7Generator(clock Clock, rnd Random) *V7Generator {
	return &V7Generator{clock: clock, rnd: rnd}
}

// Next returns a new version 7 UUID.
func (g *V7Generator) Next() UUID {
	g.mu.Lock()
	defer g.mu.Unlock()
	var b [16]byte
	ms := uint64(g.clock.Now().UnixMilli())
	b[0] = byte(ms >> 40)
	b[1] = byte(ms >> 32)
	b[2] = byte(ms >> 24)
	b[3] = byte(ms >> 16)
	b[4] = byte(ms >> 8)
	b[5] = byte(ms)
	if g.rnd != nil {
		binary.BigEndian.PutUint32(b[6:10], uint32(g.rnd.IntN(1<<31)))
		binary.BigEndian.PutUint32(b[10:14], uint32(g.rnd.IntN(1<<31)))
		binary.BigEndian.PutUint16(b[14:16], uint16(g.rnd.IntN(1<<16)))
	} else {
		_, _ = rand.Read(b[6:])
	}
	b[6] = (b[6] & 0x0f) | 0x70
	b[8] = (b[8] & 0x3f) | 0x80
	return UUID(uuid.UUID(b).String())
}
