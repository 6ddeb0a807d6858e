// Package contactql reads and evaluates contact queries, the language of smart group
// definitions and contact searches:
//
//	age > 18 AND gender = "Male"
//	(name ~ bob OR tel ~ 2065) language != ""
//	last_seen_on >= 2026-01-01
//
// A query is conditions `property operator value` joined by AND (or by juxtaposition) and
// OR, with parentheses. Operators are = != ~ (contains) > < >= <=. Comparing with "" asks
// whether a property is set (`age != ""`) or not (`name = ""`). Properties are contact
// attributes (name, uuid, id, language, status, created_on, last_seen_on, urn, group,
// tickets), URN schemes (tel, mailto, ...) and field keys (optionally as fields.key); the
// contact being queried says which is which (see Queryable).
package contactql

import (
	"fmt"
	"strings"
	"unicode"
)

// Operator compares a property with a value.
type Operator string

// The comparison operators.
const (
	OpEqual        Operator = "="
	OpNotEqual     Operator = "!="
	OpContains     Operator = "~"
	OpGreater      Operator = ">"
	OpLess         Operator = "<"
	OpGreaterEqual Operator = ">="
	OpLessEqual    Operator = "<="
)

// Node is a part of a parsed query: a *Condition or a *Combination.
type Node interface {
	String() string
}

// Condition compares one property with a value. An implicit condition (a bare word or
// quoted text) has no property and matches names and URNs containing the value.
type Condition struct {
	Property string
	Operator Operator
	Value    string
}

// String writes the condition back in query syntax.
func (c *Condition) String() string {
	if c.Property == "" {
		return quote(c.Value)
	}
	return c.Property + " " + string(c.Operator) + " " + quote(c.Value)
}

// Combination joins conditions with AND or OR.
type Combination struct {
	Or       bool
	Children []Node
}

// String writes the combination back in query syntax, parenthesized.
func (c *Combination) String() string {
	parts := make([]string, len(c.Children))
	for i, n := range c.Children {
		parts[i] = n.String()
	}
	op := " AND "
	if c.Or {
		op = " OR "
	}
	return "(" + strings.Join(parts, op) + ")"
}

// Query is a parsed contact query.
type Query struct {
	text string
	root Node
}

// Root returns the query's top node.
func (q *Query) Root() Node { return q.root }

// String returns the query as given.
func (q *Query) String() string { return q.text }

// quote writes a value so that it reads back as the same single word: quoted when it is
// empty, holds a space or a character of the syntax, or would read as AND or OR.
func quote(s string) string {
	up := strings.ToUpper(s)
	if s == "" || up == "AND" || up == "OR" || strings.ContainsAny(s, "\"()=!<>~\\") || strings.IndexFunc(s, unicode.IsSpace) >= 0 {
		return `"` + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), `"`, `\"`) + `"`
	}
	return s
}

type tokenKind int

const (
	tokWord tokenKind = iota
	tokString
	tokOp
	tokLParen
	tokRParen
	tokAnd
	tokOr
)

type token struct {
	kind tokenKind
	text string
	pos  int
}

func tokenize(s string) ([]token, error) {
	var toks []token
	r := []rune(s)
	for i := 0; i < len(r); {
		c := r[i]
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '(':
			toks = append(toks, token{tokLParen, "(", i})
			i++
		case c == ')':
			toks = append(toks, token{tokRParen, ")", i})
			i++
		case c == '"':
			var b strings.Builder
			j := i + 1
			closed := false
			for j < len(r) {
				if r[j] == '\\' && j+1 < len(r) {
					b.WriteRune(r[j+1])
					j += 2
					continue
				}
				if r[j] == '"' {
					closed = true
					j++
					break
				}
				b.WriteRune(r[j])
				j++
			}
			if !closed {
				return nil, fmt.Errorf("unterminated string at position %d", i)
			}
			toks = append(toks, token{tokString, b.String(), i})
			i = j
		case c == '=' || c == '~':
			toks = append(toks, token{tokOp, string(c), i})
			i++
		case c == '!' || c == '<' || c == '>':
			if i+1 < len(r) && r[i+1] == '=' {
				toks = append(toks, token{tokOp, string(c) + "=", i})
				i += 2
			} else if c == '!' {
				return nil, fmt.Errorf("unexpected '!' at position %d", i)
			} else {
				toks = append(toks, token{tokOp, string(c), i})
				i++
			}
		default:
			j := i
			for j < len(r) && !unicode.IsSpace(r[j]) && !strings.ContainsRune(`()"=!<>~`, r[j]) {
				j++
			}
			w := string(r[i:j])
			switch strings.ToUpper(w) {
			case "AND":
				toks = append(toks, token{tokAnd, w, i})
			case "OR":
				toks = append(toks, token{tokOr, w, i})
			default:
				toks = append(toks, token{tokWord, w, i})
			}
			i = j
		}
	}
	return toks, nil
}

// MaxDepth bounds how deeply parentheses may nest in a query. The parser is recursive, so
// a query nested deeper is refused with ErrTooDeep before it can grow the stack; smart
// group queries come from workspace users and are not trusted.
const MaxDepth = 100

// MaxQueryLength bounds the length in bytes of a query.
const MaxQueryLength = 10_000

// ErrTooDeep is the error of a query whose parentheses nest deeper than MaxDepth.
var ErrTooDeep = fmt.Errorf("parentheses nest deeper than the maximum of %d", MaxDepth)

// ErrTooLong is the error of a query longer than MaxQueryLength.
var ErrTooLong = fmt.Errorf("query is longer than the maximum of %d bytes", MaxQueryLength)

type parser struct {
	toks  []token
	pos   int
	depth int
}

func (p *parser) peek() *token {
	if p.pos < len(p.toks) {
		return &p.toks[p.pos]
	}
	return nil
}

// Parse reads a query, returning an error that names the position of what is wrong.
func Parse(text string) (*Query, error) {
	if len(text) > MaxQueryLength {
		return nil, fmt.Errorf("invalid query '%s...': %w", text[:50], ErrTooLong)
	}
	toks, err := tokenize(text)
	if err != nil {
		return nil, fmt.Errorf("invalid query '%s': %w", text, err)
	}
	if len(toks) == 0 {
		return nil, fmt.Errorf("invalid query '%s': query is empty", text)
	}
	p := &parser{toks: toks}
	root, err := p.parseOr()
	if err == nil && p.pos < len(p.toks) {
		err = fmt.Errorf("unexpected '%s' at position %d", p.toks[p.pos].text, p.toks[p.pos].pos)
	}
	if err != nil {
		return nil, fmt.Errorf("invalid query '%s': %w", text, err)
	}
	return &Query{text: text, root: root}, nil
}

func (p *parser) parseOr() (Node, error) {
	first, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	children := []Node{first}
	for t := p.peek(); t != nil && t.kind == tokOr; t = p.peek() {
		p.pos++
		n, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		children = append(children, n)
	}
	if len(children) == 1 {
		return first, nil
	}
	return &Combination{Or: true, Children: children}, nil
}

func (p *parser) parseAnd() (Node, error) {
	first, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	children := []Node{first}
	for {
		t := p.peek()
		if t == nil || t.kind == tokOr || t.kind == tokRParen {
			break
		}
		if t.kind == tokAnd {
			p.pos++
		}
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		children = append(children, n)
	}
	if len(children) == 1 {
		return first, nil
	}
	return &Combination{Children: children}, nil
}

func (p *parser) parseUnary() (Node, error) {
	t := p.peek()
	if t == nil {
		return nil, fmt.Errorf("unexpected end of query")
	}
	switch t.kind {
	case tokLParen:
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > MaxDepth {
			return nil, fmt.Errorf("at position %d: %w", t.pos, ErrTooDeep)
		}
		p.pos++
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c == nil || c.kind != tokRParen {
			return nil, fmt.Errorf("missing ')' for '(' at position %d", t.pos)
		}
		p.pos++
		return n, nil
	case tokWord, tokString:
		p.pos++
		if op := p.peek(); op != nil && op.kind == tokOp {
			if t.kind == tokString {
				return nil, fmt.Errorf("property name expected at position %d", t.pos)
			}
			p.pos++
			v := p.peek()
			if v == nil || (v.kind != tokWord && v.kind != tokString) {
				return nil, fmt.Errorf("value expected after '%s' at position %d", op.text, op.pos)
			}
			p.pos++
			return &Condition{Property: strings.ToLower(t.text), Operator: Operator(op.text), Value: v.text}, nil
		}
		return &Condition{Operator: OpContains, Value: t.text}, nil
	default:
		return nil, fmt.Errorf("unexpected '%s' at position %d", t.text, t.pos)
	}
}
