package excellent

import (
	"fmt"
	"strings"

	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/shopspring/decimal"
)

// ParseExpression parses a bare expression (no leading @), e.g. `upper(contact.name)`.
// The error names what was unexpected and where, e.g.
// "syntax error: unexpected ')' at position 4".
func ParseExpression(src string) (Expr, error) {
	p := &parser{lex: lexer{src: src}}
	p.advance()
	e := p.parseExpression(precEquality)
	if p.err == nil && p.tok.kind != tokEOF {
		p.fail()
	}
	if p.err != nil {
		return nil, p.err
	}
	return e, nil
}

// parser is a hand-written precedence-climbing parser over the on-demand lexer.
type parser struct {
	lex    lexer
	tok    token    // the current, not yet consumed token
	depth  int      // nesting depth, bounded by MaxParseDepth
	tokens int      // tokens read, bounded by MaxExpressionTokens
	params []string // names of the parameters of the lambdas being parsed, innermost last
	err    error
}

// bad is what the parser returns after an error; it is never evaluated.
var bad Expr = &NullLiteral{}

func (p *parser) advance() {
	p.tok = p.lex.next()
	p.tokens++
	if p.tokens > MaxExpressionTokens && p.err == nil {
		p.err = fmt.Errorf("expression exceeds the maximum length of %d tokens", MaxExpressionTokens)
		p.tok = token{kind: tokEOF, pos: p.tok.pos}
	}
}

// fail records a syntax error at the current token (only the first error counts).
func (p *parser) fail() {
	if p.err != nil {
		return
	}
	switch p.tok.kind {
	case tokEOF:
		p.err = fmt.Errorf("syntax error: unexpected end of expression")
	case tokError:
		if strings.HasPrefix(p.tok.text, `"`) {
			p.err = fmt.Errorf("syntax error: unterminated text at position %d", p.tok.pos)
		} else {
			p.err = fmt.Errorf("syntax error: unexpected '%s' at position %d", p.tok.text, p.tok.pos)
		}
	default:
		p.err = fmt.Errorf("syntax error: unexpected '%s' at position %d", p.tok.text, p.tok.pos)
	}
}

func (p *parser) enter() bool {
	p.depth++
	if p.depth > MaxParseDepth && p.err == nil {
		p.err = fmt.Errorf("expression nesting exceeds the maximum depth of %d", MaxParseDepth)
	}
	return p.err == nil
}

func (p *parser) expect(k tokenKind) bool {
	if p.tok.kind != k {
		p.fail()
		return false
	}
	p.advance()
	return true
}

// binaryOp returns the operator of the current token when it is a binary operator.
func (p *parser) binaryOp() (Operator, bool) {
	switch p.tok.kind {
	case tokOperator:
		return p.tok.op, true
	case tokMinus:
		return OpSubtract, true
	}
	return 0, false
}

// parseExpression parses operators binding at least as tightly as minPrec.
func (p *parser) parseExpression(minPrec int) Expr {
	defer func() { p.depth-- }()
	if !p.enter() {
		return bad
	}
	left := p.parseUnary()
	for p.err == nil {
		op, ok := p.binaryOp()
		if !ok {
			break
		}
		prec := op.precedence()
		if prec < minPrec {
			break
		}
		p.advance()
		right := p.parseExpression(prec + 1)
		left = &BinaryOp{Op: op, Left: left, Right: right}
	}
	return left
}

// parseUnary parses a negation, which binds tighter than every binary operator (so -2 ^ 2
// is (-2) ^ 2), or a postfix expression.
func (p *parser) parseUnary() Expr {
	if p.tok.kind != tokMinus {
		return p.parsePostfix()
	}
	defer func() { p.depth-- }()
	if !p.enter() {
		return bad
	}
	p.advance()
	return &Negation{Operand: p.parseUnary()}
}

// parsePostfix parses an atom followed by any number of .key, [index] and (args).
func (p *parser) parsePostfix() Expr {
	e := p.parseAtom()
	for p.err == nil {
		switch p.tok.kind {
		case tokDot:
			key := p.lex.nextKey()
			if key.kind != tokName {
				p.tok = p.lex.next() // report whatever follows the dot
				p.fail()
				return bad
			}
			p.advance()
			e = &PropertyLookup{Container: e, Name: key.text}
		case tokLBracket:
			p.advance()
			idx := p.parseExpression(precEquality)
			if !p.expect(tokRBracket) {
				return bad
			}
			e = &IndexLookup{Container: e, Index: idx}
		case tokLParen:
			p.advance()
			call := &Call{Function: e}
			if p.tok.kind != tokRParen {
				for {
					call.Args = append(call.Args, p.parseExpression(precEquality))
					if p.err != nil || p.tok.kind != tokComma {
						break
					}
					p.advance()
				}
			}
			if !p.expect(tokRParen) {
				return bad
			}
			call.builtin = p.bindBuiltin(e)
			e = call
		default:
			return e
		}
	}
	return e
}

// bindBuiltin resolves a callee written as a plain name to its built-in, unless the name
// is a parameter of an enclosing lambda.
func (p *parser) bindBuiltin(callee Expr) types.XFunction {
	ref, ok := callee.(*ContextRef)
	if !ok {
		return nil
	}
	for _, name := range p.params {
		if strings.EqualFold(name, ref.Name) {
			return nil
		}
	}
	fn, _ := functions.Lookup(ref.Name)
	return fn
}

func (p *parser) parseAtom() Expr {
	tok := p.tok
	switch tok.kind {
	case tokNumber:
		p.advance()
		d, err := decimal.NewFromString(tok.text)
		if err != nil {
			p.fail()
			return bad
		}
		if d.Abs().Cmp(maxNumber) >= 0 {
			if p.err == nil {
				p.err = fmt.Errorf("number value out of range: %s", tok.text)
			}
			return bad
		}
		n := types.NewXNumber(d)
		return &NumberLiteral{Value: n, Text: tok.text, value: n}
	case tokText:
		p.advance()
		v := unquoteText(tok.text)
		return &TextLiteral{Value: v, value: types.NewXText(v)}
	case tokName:
		p.advance()
		switch {
		case strings.EqualFold(tok.text, "true"):
			return &BooleanLiteral{Value: true}
		case strings.EqualFold(tok.text, "false"):
			return &BooleanLiteral{Value: false}
		case strings.EqualFold(tok.text, "null"):
			return &NullLiteral{}
		}
		return &ContextRef{Name: tok.text}
	case tokLParen:
		if params, end, ok := scanLambdaHead(p.lex.src, tok.pos); ok {
			return p.parseLambda(params, end)
		}
		p.advance()
		inner := p.parseExpression(precEquality)
		if !p.expect(tokRParen) {
			return bad
		}
		return &Group{Inner: inner}
	}
	p.fail()
	return bad
}

func (p *parser) parseLambda(params []string, end int) Expr {
	defer func() { p.depth-- }()
	if !p.enter() {
		return bad
	}
	p.lex.pos = end
	p.advance()
	p.params = append(p.params, params...)
	body := p.parseExpression(precEquality)
	p.params = p.params[:len(p.params)-len(params)]
	return &Lambda{Params: params, Body: body}
}

// scanLambdaHead looks ahead from the "(" at src[open] for a lambda head `(a, b) =>` and
// returns its parameter names and the offset just past the arrow.
func scanLambdaHead(src string, open int) ([]string, int, bool) {
	l := lexer{src: src, pos: open + 1}
	var params []string
	tok := l.next()
	if tok.kind != tokRParen {
		for {
			if tok.kind != tokName {
				return nil, 0, false
			}
			params = append(params, tok.text)
			tok = l.next()
			if tok.kind == tokRParen {
				break
			}
			if tok.kind != tokComma {
				return nil, 0, false
			}
			tok = l.next()
		}
	}
	if l.next().kind != tokArrow {
		return nil, 0, false
	}
	return params, l.pos, true
}
