package excellent

import "github.com/rivuletflows/rivulet/utils"

// TemplateCacheSize bounds how many parsed templates (and, separately, bare expressions)
// the cache keeps. Flows have a bounded number of distinct templates, so the hit rate is
// high well before this; past it the oldest generation is dropped.
const TemplateCacheSize = 10_000

// The caches are the one piece of package state: parsed templates are immutable and the
// caches only ever hold what parsing a key gives, so sharing them is safe and invisible.
var (
	templateCache   = utils.NewCache[*Template](TemplateCacheSize)
	expressionCache = utils.NewCache[parsedExpression](TemplateCacheSize)
)

// CachedTemplate returns the parsed template for s, parsing it only the first time it is
// seen (recently). Syntax errors are reported when the template is evaluated.
func CachedTemplate(s string) *Template {
	return templateCache.Get(s, func(s string) *Template {
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
	p := expressionCache.Get(s, func(s string) parsedExpression {
		e, err := ParseExpression(s)
		return parsedExpression{e, err}
	})
	return p.expr, p.err
}
