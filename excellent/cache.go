package excellent

import (
	"strings"
	"sync"
)

// TemplateCacheSize bounds how many parsed templates (and, separately, bare expressions)
// the cache keeps. Flows have a bounded number of distinct templates, so the hit rate is
// high well before this; past it the oldest generation is dropped.
const TemplateCacheSize = 10_000

// parseCache keeps parsed values by source text in two generations: lookups that hit the
// old generation promote the entry, and when the current generation is full it becomes
// the old one. That bounds memory at 2×size entries with no per-entry bookkeeping.
type parseCache[V any] struct {
	mu      sync.RWMutex
	size    int
	current map[string]V
	old     map[string]V
}

func newParseCache[V any](size int) *parseCache[V] {
	return &parseCache[V]{size: size, current: make(map[string]V)}
}

func (c *parseCache[V]) get(key string, parse func(string) V) V {
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
		v = parse(key) // outside the lock: parsing is the slow part
	}
	c.mu.Lock()
	if len(c.current) >= c.size {
		c.old, c.current = c.current, make(map[string]V, c.size/4)
	}
	c.current[strings.Clone(key)] = v // don't pin a larger string the key may slice
	c.mu.Unlock()
	return v
}

// The caches are the one piece of package state: parsed templates are immutable and the
// caches only ever hold what parsing a key gives, so sharing them is safe and invisible.
var (
	templateCache   = newParseCache[*Template](TemplateCacheSize)
	expressionCache = newParseCache[parsedExpression](TemplateCacheSize)
)

// CachedTemplate returns the parsed template for s, parsing it only the first time it is
// seen (recently). Syntax errors are reported when the template is evaluated.
func CachedTemplate(s string) *Template {
	return templateCache.get(s, func(s string) *Template {
		t, _ := ParseTemplate(s)
		return t
	})
}

type parsedExpression struct {
	expr Expr
	err  error
}

// cachedExpression parses a bare expression through the cache.
func cachedExpression(s string) (Expr, error) {
	p := expressionCache.get(s, func(s string) parsedExpression {
		e, err := ParseExpression(s)
		return parsedExpression{e, err}
	})
	return p.expr, p.err
}
