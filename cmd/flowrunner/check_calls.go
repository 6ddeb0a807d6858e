package main

import (
	"strings"

	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/flows/routers"
	"github.com/rivuletflows/rivulet/flows/routers/cases"
)

// checkCase reports a router case whose test gets the wrong number of arguments: the
// engine calls the test with the operand first, then the case's arguments.
func (c *flowChecker) checkCase(cs *routers.Case) {
	if !cases.IsRegistered(cs.Type) {
		return // the flow reader refuses these
	}
	min, max, ok := functions.Arity(cs.Type)
	if !ok {
		return
	}
	got := len(cs.Arguments) + 1
	if got < min || (max >= 0 && got > max) {
		c.add(ruleArgCount, "case %s takes %s after the operand, but has %d", cs.Type,
			functions.ArityText(max0(min-1), maxMinus1(max)), len(cs.Arguments))
	}
}

func max0(n int) int { return max(n, 0) }

func maxMinus1(n int) int {
	if n < 0 {
		return n
	}
	return n - 1
}

// checkCalls reports calls in a template, which parses, to functions that don't exist or
// with a number of arguments the function doesn't take, which fail only when evaluated.
func (c *flowChecker) checkCalls(template string) {
	excellent.RewriteTemplate(template, func(e excellent.Expr) excellent.Expr {
		c.walkCalls(template, e, nil)
		return e
	})
}

func (c *flowChecker) walkCalls(template string, e excellent.Expr, params []string) {
	switch x := e.(type) {
	case *excellent.Call:
		if ref, isName := x.Function.(*excellent.ContextRef); isName && !isParam(ref.Name, params) {
			c.checkCall(template, ref.Name, len(x.Args))
		} else {
			c.walkCalls(template, x.Function, params)
		}
		for _, a := range x.Args {
			c.walkCalls(template, a, params)
		}
	case *excellent.PropertyLookup:
		c.walkCalls(template, x.Container, params)
	case *excellent.IndexLookup:
		c.walkCalls(template, x.Container, params)
		c.walkCalls(template, x.Index, params)
	case *excellent.Lambda:
		c.walkCalls(template, x.Body, append(append([]string(nil), params...), x.Params...))
	case *excellent.BinaryOp:
		c.walkCalls(template, x.Left, params)
		c.walkCalls(template, x.Right, params)
	case *excellent.Negation:
		c.walkCalls(template, x.Operand, params)
	case *excellent.Group:
		c.walkCalls(template, x.Inner, params)
	}
}

func (c *flowChecker) checkCall(template, name string, args int) {
	if _, ok := functions.Lookup(name); !ok {
		if near := nearestFunction(name); near != "" {
			c.add(ruleUnknownFunc, "template %q calls %s(), which is not a function: did you mean %s()?", template, name, near)
		} else {
			c.add(ruleUnknownFunc, "template %q calls %s(), which is not a function", template, name)
		}
		return
	}
	if min, max, ok := functions.Arity(name); ok && (args < min || (max >= 0 && args > max)) {
		c.add(ruleArgCount, "template %q calls %s() with %s, but it takes %s", template, strings.ToLower(name),
			plural(args, "argument"), functions.ArityText(min, max))
	}
}

func isParam(name string, params []string) bool {
	for _, p := range params {
		if strings.EqualFold(p, name) {
			return true
		}
	}
	return false
}

// nearestFunction returns the function whose name is closest to name (at most 2 edits,
// fewer for short names), "" when none is that close.
func nearestFunction(name string) string {
	name = strings.ToLower(name)
	best, bestDist := "", 3
	if len(name) <= 4 {
		bestDist = 2
	}
	for _, f := range functions.Names() {
		if d := editDistance(name, f); d < bestDist {
			best, bestDist = f, d
		}
	}
	return best
}

// editDistance is the distance between two strings in edits of one byte (insert, delete,
// replace) or swaps of two neighbours, so "titel" is one edit from "title".
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
