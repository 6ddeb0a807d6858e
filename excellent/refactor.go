package excellent

import (
	"strings"

	"github.com/rivuletflows/rivulet/excellent/functions"
)

// ContextPaths lists the context paths a template references, in order of appearance,
// e.g. ["contact", "name"] for @contact.name or for @(upper(contact.name)). A path
// follows property lookups and lookups by literal key (`fields["age"]`) and stops at
// anything computed. Lambda parameters and built-in function names are not context paths. Every @path is listed,
// since whether its first name is in the context is only known at evaluation; expressions
// that don't parse contribute nothing.
func ContextPaths(template string) [][]string {
	shared := CachedTemplate(template).ContextPaths()
	paths := make([][]string, len(shared))
	for i, p := range shared {
		paths[i] = append([]string(nil), p...)
	}
	return paths
}

// ContextPaths is the package function ContextPaths for a parsed template, worked out once
// and shared: the engine asks it of every template it evaluates (to warn of deprecated
// paths), so callers must not modify the result.
func (t *Template) ContextPaths() [][]string {
	t.pathsOnce.Do(func() { t.paths = t.contextPaths() })
	return t.paths
}

func (t *Template) contextPaths() [][]string {
	var paths [][]string
	for i := range t.parts {
		p := &t.parts[i]
		switch {
		case p.kind == partPath:
			paths = append(paths, append([]string(nil), p.path...))
		case p.kind == partExpr && p.expr != nil:
			paths = collectPaths(p.expr, nil, paths)
		}
	}
	return paths
}

// collectPaths appends the context paths of e; params are the lambda parameters in scope.
func collectPaths(e Expr, params []string, paths [][]string) [][]string {
	if path, ok := contextPath(e, params); ok {
		return append(paths, path)
	}
	switch x := e.(type) {
	case *PropertyLookup:
		return collectPaths(x.Container, params, paths)
	case *IndexLookup:
		paths = collectPaths(x.Container, params, paths)
		return collectPaths(x.Index, params, paths)
	case *Call:
		if _, isName := x.Function.(*ContextRef); !isName {
			paths = collectPaths(x.Function, params, paths)
		}
		for _, a := range x.Args {
			paths = collectPaths(a, params, paths)
		}
	case *Lambda:
		inner := append(append([]string(nil), params...), x.Params...)
		return collectPaths(x.Body, inner, paths)
	case *BinaryOp:
		paths = collectPaths(x.Left, params, paths)
		return collectPaths(x.Right, params, paths)
	case *Negation:
		return collectPaths(x.Operand, params, paths)
	case *Group:
		return collectPaths(x.Inner, params, paths)
	}
	return paths
}

// contextPath returns the path of e when e is a context reference followed by lookups of
// names or literal keys, with any computed lookups below it collected separately by the
// caller (so contact.fields[x] gives ["contact", "fields"] and x's paths).
func contextPath(e Expr, params []string) ([]string, bool) {
	switch x := e.(type) {
	case *ContextRef:
		for _, p := range params {
			if strings.EqualFold(p, x.Name) {
				return nil, false
			}
		}
		if _, isBuiltin := functions.Lookup(x.Name); isBuiltin {
			return nil, false // a function value such as the upper of array(upper)
		}
		return []string{x.Name}, true
	case *PropertyLookup:
		if path, ok := contextPath(x.Container, params); ok {
			return append(path, x.Name), true
		}
	case *IndexLookup:
		if lit, isText := x.Index.(*TextLiteral); isText {
			if path, ok := contextPath(x.Container, params); ok {
				return append(path, lit.Value), true
			}
		}
	}
	return nil, false
}

// RewriteTemplate rewrites every expression of a template through f, which gets the
// parsed expression and returns its replacement (possibly the same node), and writes the
// template back. Text parts are kept byte for byte, and so are expressions that don't
// parse (f never sees them). An @path stays an @path when its replacement is still a
// plain path; everything else is written as @(...).
//
// Literal "@"s are kept as they were written ("@@" stays "@@"). Note that f sees every
// @path, including ones such as the "@bar" of "foo@bar.com" that evaluate as text when
// "bar" isn't in the context; a rewriter normally leaves names it doesn't know alone.
func RewriteTemplate(template string, f func(Expr) Expr) string {
	var b strings.Builder
	b.Grow(len(template) + 16)
	scanTemplate(template, func(kind partKind, text, inner string) {
		switch kind {
		case partText:
			b.WriteString(text)
		case partEscape:
			b.WriteString(text)
		case partPath:
			e := f(pathExpr(splitPath(inner)))
			if path, ok := plainPath(e); ok {
				b.WriteByte('@')
				b.WriteString(path)
			} else {
				b.WriteString("@(")
				e.write(&b)
				b.WriteByte(')')
			}
		case partExpr:
			e, err := ParseExpression(inner)
			if err != nil {
				b.WriteString(text)
				return
			}
			b.WriteString("@(")
			f(e).write(&b)
			b.WriteByte(')')
		}
	})
	return b.String()
}

// plainPath returns e as "a.b.c" when it is a context reference followed by name lookups
// that can be written in an @path.
func plainPath(e Expr) (string, bool) {
	switch x := e.(type) {
	case *ContextRef:
		if r, _ := runeAt(x.Name, 0); x.Name != "" && isNameStart(r) && isPropertyKey(x.Name) {
			return x.Name, true
		}
	case *PropertyLookup:
		if !isPropertyKey(x.Name) {
			return "", false
		}
		if p, ok := plainPath(x.Container); ok {
			return p + "." + x.Name, true
		}
	}
	return "", false
}
