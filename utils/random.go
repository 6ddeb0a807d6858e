package utils

import (
	"math/rand/v2"
	"sync"

	"github.com/shopspring/decimal"
)

// Random is the engine's source of randomness: random routers, rand(), airtime ids.
type Random interface {
	// IntN returns a number in [0, n).
	IntN(n int) int
	// Decimal returns a number in [0, 1) with 16 decimal digits.
	Decimal() decimal.Decimal
}

type lockedRandom struct {
	mu sync.Mutex
	r  *rand.Rand
}

// NewSeededRandom returns a deterministic random source for tests and replays: a PCG
// generator seeded with (seed, seed), the stream the recorded sessions were made with.
func NewSeededRandom(seed int64) Random {
	return &lockedRandom{r: rand.New(rand.NewPCG(uint64(seed), uint64(seed)))}
}

// NewRandom returns a random source seeded from the operating system.
func NewRandom() Random {
	return &lockedRandom{r: rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))}
}

func (l *lockedRandom) IntN(n int) int {
	if n <= 0 {
		return 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.IntN(n)
}

func (l *lockedRandom) Decimal() decimal.Decimal {
	l.mu.Lock()
	defer l.mu.Unlock()
	return decimal.NewFromFloat(l.r.Float64())
}
