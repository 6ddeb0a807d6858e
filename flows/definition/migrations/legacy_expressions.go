package migrations

import (
	"fmt"
	"github.com/rivuletflows/rivulet/excellent"
	"strings"
)

// The legacy expression language: templates such as "Hi @contact.first_name" or
// "@(UPPER(flow.name) & "!")", evaluated against a context of contact, flow, step, extra,
// date, channel, parent and child. Its expressions are spreadsheet-like: case-insensitive
// function names, `&` to join text, `=` and `<>` to compare, and dates to which a number
// of days can be added. This file reads those templates and writes the same thing in the
// current syntax; the context paths and functions are mapped in legacy_context.go and
// legacy_functions.go.

// legacyTemplateOptions change how the expressions of one template are written.
type legacyTemplateOptions struct {
	// URLEncode wraps every expression in url_encode(...), as the old engine encoded the
	// values it put into webhook URLs.
	URLEncode bool
	// DefaultToSelf makes a bare reference that doesn't resolve render as itself, as the old
	// engine did for the operands of expression splits (`@contact.gender` stays
	// "@contact.gender" when there is no such field).
	DefaultToSelf bool
}

// migrateLegacyTemplate rewrites a legacy template in the current syntax. Text around the
// expressions is kept as it is; an expression which can't be read is kept as written.
func migrateLegacyTemplate(tpl string, opts legacyTemplateOptions) string {
	return rewriteTemplateParts(tpl, legacySyntax{},
		func(body, original string) string { return migrateLegacyExpressionBlock(body, original, opts) },
		func(path, original string) string {
			segs := strings.Split(path, ".")
			if !isLegacyContextRoot(segs[0]) {
				return original
			}
			return migrateLegacyReference(segs, original, opts)
		})
}

// migrateLegacyReference writes a bare @path reference in the current syntax.
func migrateLegacyReference(segs []string, original string, opts legacyTemplateOptions) string {
	m := migrateLegacyPath(segs)
	switch {
	case opts.URLEncode:
		return "@(url_encode(" + m.text + "))"
	case opts.DefaultToSelf:
		return fmt.Sprintf("@(if(is_error(%s), %s, %s))", m.text, quoteString(original), m.text)
	case m.prec == precAtom && m.isPath:
		return "@" + m.text
	default:
		return "@(" + m.text + ")"
	}
}

// migrateLegacyExpressionBlock writes the body of a @(...) block in the current syntax, or
// returns the block as written when it isn't a valid legacy expression.
func migrateLegacyExpressionBlock(body, original string, opts legacyTemplateOptions) string {
	ast, err := parseLegacyExpression(body)
	if err != nil {
		return original
	}
	m := ast.migrate()
	if opts.URLEncode {
		return "@(url_encode(" + m.text + "))"
	}
	// a block holding nothing but a text literal is that text
	if ast.kind == lxString && !strings.Contains(ast.text, "@") {
		return ast.text
	}
	return "@(" + m.text + ")"
}

func isLegacyNameStart(r rune) bool {
	return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z')
}

func isLegacyNameChar(r rune) bool { return isLegacyNameStart(r) || (r >= '0' && r <= '9') }

// quoteString writes s as a string literal of the current syntax.
func quoteString(s string) string { return excellent.QuoteText(s) }

// ---------------------------------------------------------------------------------------
// Reading legacy expressions

type legacyTokenKind int

const (
	ltEOF legacyTokenKind = iota
	ltNumber
	ltString
	ltName
	ltOperator
	ltLParen
	ltRParen
	ltComma
)

type legacyToken struct {
	kind legacyTokenKind
	text string // for strings, the value with quotes removed and "" undone
}

// tokenizeLegacy splits a legacy expression into tokens, at most MaxLegacyTokens.
func tokenizeLegacy(s string) ([]legacyToken, error) {
	var toks []legacyToken
	i := 0
	for i < len(s) {
		if len(toks) >= MaxLegacyTokens {
			return nil, ErrLegacyTooLong
		}
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j+1 < len(s) && s[j] == '.' && s[j+1] >= '0' && s[j+1] <= '9' {
				j++
				for j < len(s) && s[j] >= '0' && s[j] <= '9' {
					j++
				}
			}
			toks = append(toks, legacyToken{ltNumber, s[i:j]})
			i = j
		case c == '"':
			var val strings.Builder
			j := i + 1
			closed := false
			for j < len(s) {
				if s[j] == '"' {
					if j+1 < len(s) && s[j+1] == '"' {
						val.WriteByte('"')
						j += 2
						continue
					}
					closed = true
					j++
					break
				}
				val.WriteByte(s[j])
				j++
			}
			if !closed {
				return nil, fmt.Errorf("unterminated string literal")
			}
			toks = append(toks, legacyToken{ltString, val.String()})
			i = j
		case isLegacyNameStart(rune(c)):
			n := pathLength(s[i:], legacySyntax{})
			toks = append(toks, legacyToken{ltName, s[i : i+n]})
			i += n
		case c == '(':
			toks = append(toks, legacyToken{ltLParen, "("})
			i++
		case c == ')':
			toks = append(toks, legacyToken{ltRParen, ")"})
			i++
		case c == ',':
			toks = append(toks, legacyToken{ltComma, ","})
			i++
		case c == '<' || c == '>':
			op := string(c)
			if i+1 < len(s) && (s[i+1] == '=' || (c == '<' && s[i+1] == '>')) {
				op += string(s[i+1])
			}
			toks = append(toks, legacyToken{ltOperator, op})
			i += len(op)
		case strings.IndexByte("+-*/^&=", c) >= 0:
			toks = append(toks, legacyToken{ltOperator, string(c)})
			i++
		default:
			return nil, fmt.Errorf("unexpected character %q", c)
		}
	}
	return append(toks, legacyToken{kind: ltEOF}), nil
}

type legacyExprKind int

const (
	lxNumber legacyExprKind = iota
	lxString
	lxBool
	lxRef
	lxCall
	lxBinary
	lxNegate
	lxParens
)

// legacyExpr is a node of a parsed legacy expression.
type legacyExpr struct {
	kind legacyExprKind
	text string // number text, string value, "true"/"false", operator, function name, path
	args []*legacyExpr
}

// MaxLegacyDepth bounds how deeply a legacy expression may nest (parentheses, call
// arguments, negations). The parser is recursive, so deeper input is refused with
// ErrLegacyTooDeep before it can grow the stack; the block is then kept as written, like
// any legacy expression that doesn't parse. The current language refuses anything deeper
// than excellent.MaxParseDepth, so nothing deeper could migrate to a working expression.
const MaxLegacyDepth = 100

// MaxLegacyTokens bounds the tokens of one legacy expression, as excellent's
// MaxExpressionTokens bounds those of the expression it migrates to.
const MaxLegacyTokens = 10_000

// ErrLegacyTooLong is the error of a legacy expression of more than MaxLegacyTokens tokens.
var ErrLegacyTooLong = fmt.Errorf("legacy expression exceeds the maximum length of %d tokens", MaxLegacyTokens)

// ErrLegacyTooDeep is the error of a legacy expression nested deeper than MaxLegacyDepth.
var ErrLegacyTooDeep = fmt.Errorf("legacy expression nesting exceeds the maximum depth of %d", MaxLegacyDepth)

type legacyParser struct {
	toks  []legacyToken
	pos   int
	depth int
}

// enter counts one level of nesting, failing past MaxLegacyDepth; leave undoes it.
func (p *legacyParser) enter() error {
	p.depth++
	if p.depth > MaxLegacyDepth {
		return ErrLegacyTooDeep
	}
	return nil
}

func (p *legacyParser) leave() { p.depth-- }

// parseLegacyExpression parses the body of a @(...) block.
func parseLegacyExpression(s string) (*legacyExpr, error) {
	toks, err := tokenizeLegacy(s)
	if err != nil {
		return nil, err
	}
	p := &legacyParser{toks: toks}
	e, err := p.parseBinary(0)
	if err != nil {
		return nil, err
	}
	if p.peek().kind != ltEOF {
		return nil, fmt.Errorf("unexpected %q", p.peek().text)
	}
	return e, nil
}

// legacyBinaryLevels lists the binary operators from the loosest binding to the tightest.
var legacyBinaryLevels = [][]string{
	{"=", "<>"},
	{"<", "<=", ">", ">="},
	{"&"},
	{"+", "-"},
	{"*", "/"},
	{"^"},
}

func (p *legacyParser) peek() legacyToken { return p.toks[p.pos] }
func (p *legacyParser) next() legacyToken {
	t := p.toks[p.pos]
	if t.kind != ltEOF {
		p.pos++
	}
	return t
}

func (p *legacyParser) parseBinary(level int) (*legacyExpr, error) {
	if level == len(legacyBinaryLevels) {
		return p.parseUnary()
	}
	left, err := p.parseBinary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		if t.kind != ltOperator || !containsString(legacyBinaryLevels[level], t.text) {
			return left, nil
		}
		p.next()
		right, err := p.parseBinary(level + 1)
		if err != nil {
			return nil, err
		}
		left = &legacyExpr{kind: lxBinary, text: t.text, args: []*legacyExpr{left, right}}
	}
}

func (p *legacyParser) parseUnary() (*legacyExpr, error) {
	if t := p.peek(); t.kind == ltOperator && t.text == "-" {
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		p.next()
		operand, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return &legacyExpr{kind: lxNegate, args: []*legacyExpr{operand}}, nil
	}
	return p.parsePrimary()
}

func (p *legacyParser) parsePrimary() (*legacyExpr, error) {
	t := p.next()
	switch t.kind {
	case ltNumber:
		return &legacyExpr{kind: lxNumber, text: t.text}, nil
	case ltString:
		return &legacyExpr{kind: lxString, text: t.text}, nil
	case ltLParen:
		if err := p.enter(); err != nil {
			return nil, err
		}
		defer p.leave()
		inner, err := p.parseBinary(0)
		if err != nil {
			return nil, err
		}
		if p.next().kind != ltRParen {
			return nil, fmt.Errorf("missing )")
		}
		return &legacyExpr{kind: lxParens, args: []*legacyExpr{inner}}, nil
	case ltName:
		if p.peek().kind == ltLParen {
			if strings.Contains(t.text, ".") {
				return nil, fmt.Errorf("invalid function name %q", t.text)
			}
			if err := p.enter(); err != nil {
				return nil, err
			}
			defer p.leave()
			p.next()
			var args []*legacyExpr
			if p.peek().kind == ltRParen {
				p.next()
			} else {
				for {
					arg, err := p.parseBinary(0)
					if err != nil {
						return nil, err
					}
					args = append(args, arg)
					sep := p.next()
					if sep.kind == ltRParen {
						break
					}
					if sep.kind != ltComma {
						return nil, fmt.Errorf("expected , or ) in call of %s", t.text)
					}
				}
			}
			return &legacyExpr{kind: lxCall, text: t.text, args: args}, nil
		}
		if lower := strings.ToLower(t.text); lower == "true" || lower == "false" {
			return &legacyExpr{kind: lxBool, text: lower}, nil
		}
		return &legacyExpr{kind: lxRef, text: t.text}, nil
	}
	if t.kind == ltEOF {
		return nil, fmt.Errorf("unexpected end of expression")
	}
	return nil, fmt.Errorf("unexpected %q", t.text)
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------------------
// Writing in the current syntax

// precedence levels of written expressions, loosest first
const (
	precEquality = iota
	precCompare
	precConcat
	precAdd
	precMultiply
	precExponent
	precUnary
	precAtom
)

// staticType is what can be told of an expression's value without running it, enough to
// decide whether `+` adds days to a date or numbers.
type staticType int

const (
	typeUnknown staticType = iota
	typeNumber
	typeText
	typeDate
	typeBool
)

// migrated is an expression written in the current syntax.
type migrated struct {
	text   string
	prec   int
	typ    staticType
	isPath bool // a plain context path, which may be written as @path in a template
}

func atom(text string, typ staticType) migrated {
	return migrated{text: text, prec: precAtom, typ: typ}
}

var legacyOperatorPrecedence = map[string]int{
	"=": precEquality, "!=": precEquality,
	"<": precCompare, "<=": precCompare, ">": precCompare, ">=": precCompare,
	"&": precConcat, "+": precAdd, "-": precAdd, "*": precMultiply, "/": precMultiply,
	"^": precExponent,
}

// binary writes `left op right`, adding parentheses where precedence needs them.
func binary(op string, left, right migrated, typ staticType) migrated {
	p := legacyOperatorPrecedence[op]
	l, r := left.text, right.text
	if left.prec < p {
		l = "(" + l + ")"
	}
	if right.prec <= p {
		r = "(" + r + ")"
	}
	return migrated{text: l + " " + op + " " + r, prec: p, typ: typ}
}

// negate writes -x.
func negate(x migrated) migrated {
	if x.typ == typeNumber && isNumberLiteral(x.text) {
		if strings.HasPrefix(x.text, "-") {
			return atom(x.text[1:], typeNumber)
		}
		return migrated{text: "-" + x.text, prec: precUnary, typ: typeNumber}
	}
	if x.prec < precUnary {
		return migrated{text: "-(" + x.text + ")", prec: precUnary, typ: x.typ}
	}
	return migrated{text: "-" + x.text, prec: precUnary, typ: x.typ}
}

func isNumberLiteral(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return false
		}
	}
	return true
}

// migrate writes the expression in the current syntax.
func (e *legacyExpr) migrate() migrated {
	switch e.kind {
	case lxNumber:
		return atom(e.text, typeNumber)
	case lxString:
		return atom(quoteString(e.text), typeText)
	case lxBool:
		return atom(e.text, typeBool)
	case lxRef:
		return migrateLegacyPath(strings.Split(e.text, "."))
	case lxParens:
		inner := e.args[0].migrate()
		return atom("("+inner.text+")", inner.typ)
	case lxNegate:
		return negate(e.args[0].migrate())
	case lxCall:
		args := make([]migrated, len(e.args))
		for i, a := range e.args {
			args[i] = a.migrate()
		}
		return migrateLegacyCall(e.text, args)
	case lxBinary:
		left, right := e.args[0].migrate(), e.args[1].migrate()
		return migrateLegacyBinary(e.text, left, right)
	}
	return atom("", typeUnknown)
}

// migrateLegacyBinary writes a binary operation. `+` and `-` of the old language add days
// when one side is a date, so unless both sides are known numbers they become
// datetime_add (left side known to be a date) or legacy_add (which decides when run).
func migrateLegacyBinary(op string, left, right migrated) migrated {
	switch op {
	case "=":
		return binary("=", left, right, typeBool)
	case "<>":
		return binary("!=", left, right, typeBool)
	case "<", "<=", ">", ">=":
		return binary(op, left, right, typeBool)
	case "&":
		return binary("&", left, right, typeText)
	case "*", "/", "^":
		return binary(op, left, right, typeNumber)
	case "+", "-":
		if left.typ == typeNumber && right.typ == typeNumber {
			return binary(op, left, right, typeNumber)
		}
		if op == "-" {
			right = negate(right)
		}
		if left.typ == typeDate && right.typ != typeDate {
			return atom(fmt.Sprintf("datetime_add(%s, %s, \"D\")", left.text, right.text), typeDate)
		}
		if right.typ == typeDate && left.typ != typeDate && op == "+" {
			return atom(fmt.Sprintf("datetime_add(%s, %s, \"D\")", right.text, left.text), typeDate)
		}
		return atom(fmt.Sprintf("legacy_add(%s, %s)", left.text, right.text), typeUnknown)
	}
	return binary(op, left, right, typeUnknown)
}
