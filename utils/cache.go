package utils

import (
	"strings"
	"sync"
)

// Cache keeps values computed from text keys (parsed templates, compiled patterns) in two
// generations: a lookup that hits the old generation promotes the entry, and when the
// current generation is full it becomes the old one. That bounds memory at 2×size entries
// with no per-entry bookkeeping. It is safe for concurrent use; the values it holds must be
// immutable, since every caller shares them.
type Cache[V any] struct {
	mu      sync.RWMutex
	size    int
	current map[string]V
	old     map[string]V
}

// NewCache returns a cache keeping up to 2×size entries.
func NewCache[V any](size int) *Cache[V] {
	return &Cache[V]{size: size, current: make(map[string]V)}
}

// Get returns the value for key, computing it with make when it isn't cached (recently).
func (c *Cache[V]) Get(key string, make func(string) V) V {
	c.mu.RLock()
	v, ok := c.current[key]
	c.mu.RUnlock()
	if ok {
		return v
	}
	c.mu.RLock()
	v, ok = c.old[key]
	c.mu.RUnlock()
	if !ok {
		v = make(key) // outside the lock: computing is the slow part
	}
	c.mu.Lock()
	if len(c.current) >= c.size {
		c.old, c.current = c.current, newMap[V](c.size/4)
	}
	c.current[strings.Clone(key)] = v // don't pin a larger string the key may slice
	c.mu.Unlock()
	return v
}

// Len returns how many entries the cache holds, both generations counted.
func (c *Cache[V]) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.current) + len(c.old)
}

func newMap[V any](n int) map[string]V { return make(map[string]V, n) }
