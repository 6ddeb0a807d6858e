package utils

import (
	"crypto/rand"
	"encoding/binary"
	rand2 "math/rand/v2"
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

// V7Generator generates time-ordered version 7 UUIDs whose timestamp is read from a clock.
// Bytes 6-7 carry a 12-bit sub-millisecond sequence (the clock's nanoseconds within the
// millisecond, shifted right by 8, kept strictly increasing) and bytes 8-15 are random. With
// a seeded source the sequence of UUIDs is the one the recorded reference sessions show.
type V7Generator struct {
	mu     sync.Mutex
	clock  Clock
	seeded *rand2.Rand
	last   int64
}

// NewV7Generator returns a generator reading time from clock with random bits from the
// operating system.
func NewV7Generator(clock Clock) *V7Generator {
	return &V7Generator{clock: clock}
}

// NewSeededV7Generator returns a generator reading time from clock with random bits from a
// PCG source seeded with (seed, seed), for reproducible replays.
func NewSeededV7Generator(clock Clock, seed int64) *V7Generator {
	return &V7Generator{clock: clock, seeded: rand2.New(rand2.NewPCG(uint64(seed), uint64(seed)))}
}

// Next returns a new version 7 UUID.
func (g *V7Generator) Next() UUID {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.randomBytes()
	nano := g.clock.Now().UnixNano()
	milli := nano / 1e6
	seq := (nano - milli*1e6) >> 8
	now := milli<<12 + seq
	if now <= g.last {
		now = g.last + 1
		milli = now >> 12
		seq = now & 0xfff
	}
	g.last = now
	b[0] = byte(milli >> 40)
	b[1] = byte(milli >> 32)
	b[2] = byte(milli >> 24)
	b[3] = byte(milli >> 16)
	b[4] = byte(milli >> 8)
	b[5] = byte(milli)
	b[6] = 0x70 | (0x0f & byte(seq>>8))
	b[7] = byte(seq)
	b[8] = (b[8] & 0x3f) | 0x80
	return UUID(uuid.UUID(b).String())
}

// randomBytes draws the 16 bytes a UUID starts from: from the seeded source when there is
// one (two draws, so Next and NextV4 advance the stream alike), else from crypto/rand.
// The caller holds g.mu.
func (g *V7Generator) randomBytes() [16]byte {
	var b [16]byte
	if g.seeded != nil {
		binary.LittleEndian.PutUint64(b[0:8], g.seeded.Uint64())
		binary.LittleEndian.PutUint64(b[8:16], g.seeded.Uint64())
	} else {
		_, _ = rand.Read(b[:])
	}
	return b
}

// NextV4 returns a random version 4 UUID drawn from the same source as Next but without
// reading the clock. The engine gives each sprint one, as the reference engine did, which
// keeps the seeded stream of UUIDs in step with recorded sessions.
func (g *V7Generator) NextV4() UUID {
	g.mu.Lock()
	defer g.mu.Unlock()
	b := g.randomBytes()
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return UUID(uuid.UUID(b).String())
}
