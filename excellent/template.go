// Package excellent is the expression language of flows. A template is text with
// expressions in it: `Hi @contact.name, you said @(upper(input.text))`. `@path` reads a
// context value (`@contact.name`, `@results.color.value`), `@(...)` evaluates any
// expression, and `@@` is a literal @.
//
// Templates are parsed once into a Template (CachedTemplate keeps recent ones) and then
// evaluated many times, concurrently, against a context object. Evaluation never panics:
// a failing expression renders as nothing and is reported as an EvalError, and every
// evaluation runs within the budget of limits.go.
package excellent

import (
	"strings"
	"sync"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// Escaping is applied to each expression's output before it is inserted (e.g.
// URL-encoding in webhook URLs). Nil means no escaping.
type Escaping func(string) string

// EvalError is one failing expression of a template.
type EvalError struct {
	// Expression is the expression as written in the template, e.g. "@(1 / 0)" or
	// "@contact.foo".
	Expression string
	// Message says what went wrong, e.g. "division by zero".
	Message string
}

// Error returns the text the engine logs in its error events.
func (e *EvalError) Error() string { return "Error evaluating expression: " + e.Message }

// partKind distinguishes the pieces of a template.
type partKind uint8

const (
	partText   partKind = iota // literal text
	partPath                   // @a.b.c, evaluated only when a is a property of the context
	partExpr                   // @(...)
	partEscape                 // @@, only seen while scanning: it becomes the text "@"
)

// part is one piece of a template.
type part struct {
	kind partKind
	// text is the literal text of a text part, or the expression as written in the
	// template ("@contact.name", "@(1 + 2)") for the others.
	text string
	expr Expr   // the parsed expression, nil when it didn't parse
	err  string // the syntax error of an @(...) that didn't parse
	path []string
}

// Template is a parsed template: parse once, evaluate many times. It is immutable, so
// concurrent Evaluate calls are safe.
type Template struct {
	source string
	parts  []part
	// textLen is the length of the literal text, used to size the output buffer.
	textLen int

	// paths are the context paths, worked out on first use (see Template.ContextPaths)
	pathsOnce sync.Once
	paths     [][]string
}

// ParseTemplate parses a template. It never fails on plain text; a syntax error inside
// @(...) is reported when the template is evaluated, as an EvalError of that expression.
// The error result is kept for callers that want to validate templates up front: it is
// the first syntax error of the template, if any.
func ParseTemplate(s string) (*Template, error) {
	t := &Template{source: s}
	var firstErr error
	scanTemplate(s, func(kind partKind, text string, inner string) {
		switch kind {
		case partText:
			t.addText(text)
		case partEscape:
			t.addText("@")
		case partPath:
			p := part{kind: partPath, text: text, path: splitPath(inner)}
			p.expr = pathExpr(p.path)
			t.parts = append(t.parts, p)
		case partExpr:
			p := part{kind: partExpr, text: text}
			e, err := ParseExpression(inner)
			if err != nil {
				p.err = err.Error()
				if firstErr == nil {
					firstErr = &EvalError{Expression: text, Message: p.err}
				}
			} else {
				p.expr = e
			}
			t.parts = append(t.parts, p)
		}
	})
	return t, firstErr
}

// addText appends literal text, merging it with a preceding text part (from "@@").
func (t *Template) addText(s string) {
	if s == "" {
		return
	}
	t.textLen += len(s)
	if n := len(t.parts); n > 0 && t.parts[n-1].kind == partText {
		t.parts[n-1].text += s
		return
	}
	t.parts = append(t.parts, part{kind: partText, text: s})
}

// splitPath splits "a.b.c" into its names.
func splitPath(s string) []string {
	return strings.Split(s, ".")
}

// pathExpr builds the expression of a path such as contact.name.
func pathExpr(path []string) Expr {
	var e Expr = &ContextRef{Name: path[0]}
	for _, name := range path[1:] {
		e = &PropertyLookup{Container: e, Name: name}
	}
	return e
}

// Source returns the template as it was written.
func (t *Template) Source() string { return t.source }

// IsPlainText reports whether the template has no expressions, so evaluating it gives
// its source (with @@ unescaped).
func (t *Template) IsPlainText() bool {
	for i := range t.parts {
		if t.parts[i].kind != partText {
			return false
		}
	}
	return true
}

// Evaluate renders the template: each expression's output as text (objects as their
// __default__), escaped by escaping when it is not nil. A failing expression renders as
// nothing and is reported in the returned errors; the rest of the template still renders.
func (t *Template) Evaluate(env envs.Environment, ctx types.XObject, escaping Escaping) (string, []*EvalError) {
	switch len(t.parts) {
	case 0:
		return "", nil
	case 1:
		if t.parts[0].kind == partText {
			return t.parts[0].text, nil
		}
	}
	var b strings.Builder
	b.Grow(t.textLen + 16*len(t.parts))
	var errs []*EvalError
	var ev *evaluation
	for i := range t.parts {
		p := &t.parts[i]
		if p.kind == partText {
			b.WriteString(p.text)
			continue
		}
		if ev == nil {
			ev = newEvaluation(env, ctx)
		}
		v, literal, evalErr := p.evaluate(ev)
		if literal {
			b.WriteString(p.text)
			continue
		}
		if evalErr != nil {
			errs = append(errs, evalErr)
			continue
		}
		s, evalErr := p.render(env, v)
		if evalErr != nil {
			errs = append(errs, evalErr)
			continue
		}
		if escaping != nil {
			s = escaping(s)
		}
		if b.Len()+len(s) > MaxTextLength+t.textLen {
			errs = append(errs, &EvalError{Expression: p.text, Message: textTooLong().Error()})
			continue
		}
		b.WriteString(s)
	}
	return b.String(), errs
}

// evaluate evaluates an expression part. literal is true for a path whose first name isn't
// in the context, which is left as written (so "foo@bar.com" stays an email address).
func (p *part) evaluate(ev *evaluation) (v types.XValue, literal bool, err *EvalError) {
	if p.kind == partPath {
		var root types.XValue
		found := false
		if ev.ctx != nil {
			root, found = ev.ctx.Get(p.path[0])
		}
		if !found {
			return nil, true, nil
		}
		v = root
		for _, name := range p.path[1:] {
			v = lookupProperty(v, name)
		}
	} else {
		if p.expr == nil {
			return nil, false, &EvalError{Expression: p.text, Message: p.err}
		}
		v = ev.evaluate(p.expr)
	}
	if xerr, ok := v.(types.XError); ok {
		return nil, false, &EvalError{Expression: p.text, Message: xerr.Error()}
	}
	return v, false, nil
}

// render converts an expression's value to its output text.
func (p *part) render(env envs.Environment, v types.XValue) (string, *EvalError) {
	text, xerr := types.ToXText(env, v)
	if xerr != nil {
		return "", &EvalError{Expression: p.text, Message: xerr.Error()}
	}
	if len(text.Native()) > MaxTextLength {
		return "", &EvalError{Expression: p.text, Message: textTooLong().Error()}
	}
	return text.Native(), nil
}

// EvaluateValue evaluates the template to a value: when the template is exactly one
// expression (e.g. "@input" or "@(foo)") that expression's value as it is, otherwise the
// rendered text as XText.
func (t *Template) EvaluateValue(env envs.Environment, ctx types.XObject) (types.XValue, []*EvalError) {
	if len(t.parts) == 1 && t.parts[0].kind != partText {
		p := &t.parts[0]
		v, literal, evalErr := p.evaluate(newEvaluation(env, ctx))
		if literal {
			return types.NewXText(p.text), nil
		}
		if evalErr != nil {
			return nil, []*EvalError{evalErr}
		}
		if t, ok := v.(types.XText); ok && len(t.Native()) > MaxTextLength {
			return nil, []*EvalError{{Expression: p.text, Message: textTooLong().Error()}}
		}
		return v, nil
	}
	s, errs := t.Evaluate(env, ctx, nil)
	return types.NewXText(s), errs
}

// EvaluateTemplate parses (through the cache) and evaluates a template to text.
func EvaluateTemplate(env envs.Environment, ctx types.XObject, template string, escaping Escaping) (string, []*EvalError) {
	return CachedTemplate(template).Evaluate(env, ctx, escaping)
}

// EvaluateTemplateValue parses (through the cache) and evaluates a template to a value;
// see Template.EvaluateValue.
func EvaluateTemplateValue(env envs.Environment, ctx types.XObject, template string) (types.XValue, []*EvalError) {
	return CachedTemplate(template).EvaluateValue(env, ctx)
}
