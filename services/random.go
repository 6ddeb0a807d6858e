package services

import (
	"math/rand/v2"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/utils"
)

// TestRandomSeed is the seed of the recorded sessions' random source. Seeded this way,
// NewTestRandom yields the airtime external id seen in every recorded transfer.
const TestRandomSeed = 123456

// pcgRandom is a utils.Random drawing from a PCG generator seeded with the seed in both
// of its words, which is how the recorded engine seeded its source.
type pcgRandom struct {
	mu sync.Mutex
	r  *rand.Rand
}

// NewTestRandom returns the random source the recorded sessions used, seeded with seed.
func NewTestRandom(seed uint64) utils.Random {
	return &pcgRandom{r: rand.New(rand.NewPCG(seed, seed))}
}

// IntN returns a number in [0, n), or 0 when n is not positive.
func (p *pcgRandom) IntN(n int) int {
	if n <= 0 {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.r.IntN(n)
}

// Decimal returns a number in [0, 1) with 16 decimal digits.
func (p *pcgRandom) Decimal() decimal.Decimal {
	p.mu.Lock()
	defer p.mu.Unlock()
	return decimal.New(p.r.Int64N(10_000_000_000_000_000), -16)
}
