package excellent

import (
	"strings"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/excellent/types"
)

// Expr is a node of a parsed expression. Nodes are immutable once parsed so one parsed
// template can be evaluated by many goroutines. String re-serializes the node to canonical
// text (e.g. `upper(contact.name)`), which is what RewriteTemplate writes back.
type Expr interface {
	String() string

	// write appends the canonical text of the node.
	write(b *strings.Builder)
	// precedence is the binding strength of the node's outermost operator, used to decide
	// where String needs parentheses.
	precedence() int
	eval(ev *evaluation, sc *scope) types.XValue
}

// Operator is a binary operator.
type Operator int

// The binary operators, in order of increasing precedence groups.
const (
	OpEqual Operator = iota
	OpNotEqual
	OpLessThan
	OpLessThanOrEqual
	OpGreaterThan
	OpGreaterThanOrEqual
	OpConcatenate
	OpAdd
	OpSubtract
	OpMultiply
	OpDivide
	OpExponent
)

var operatorSymbols = [...]string{"=", "!=", "<", "<=", ">", ">=", "&", "+", "-", "*", "/", "^"}

// String returns the operator as written, e.g. "<=".
func (o Operator) String() string {
	if o < 0 || int(o) >= len(operatorSymbols) {
		return "?"
	}
	return operatorSymbols[o]
}

// Precedence levels: a higher level binds tighter. Equality binds loosest, so
// `1 < 2 = true` compares (1 < 2) with true.
const (
	precLambda = iota + 1
	precEquality
	precComparison
	precConcatenate
	precAdditive
	precMultiplicative
	precExponent
	precUnary
	precPostfix
	precAtom
)

func (o Operator) precedence() int {
	switch o {
	case OpEqual, OpNotEqual:
		return precEquality
	case OpLessThan, OpLessThanOrEqual, OpGreaterThan, OpGreaterThanOrEqual:
		return precComparison
	case OpConcatenate:
		return precConcatenate
	case OpAdd, OpSubtract:
		return precAdditive
	case OpMultiply, OpDivide:
		return precMultiplicative
	}
	return precExponent
}

func exprString(e Expr) string {
	var b strings.Builder
	e.write(&b)
	return b.String()
}

// writeOperand writes e, parenthesised when it binds looser than min requires.
func writeOperand(b *strings.Builder, e Expr, min int) {
	if e.precedence() < min {
		b.WriteByte('(')
		e.write(b)
		b.WriteByte(')')
		return
	}
	e.write(b)
}

// ContextRef is a bare name: a property of the context (`contact`), a lambda parameter
// (`x` in `(x) => x + 1`) or a built-in function (`upper`).
type ContextRef struct {
	Name string
}

func (x *ContextRef) String() string              { return x.Name }
func (x *ContextRef) write(b *strings.Builder)    { b.WriteString(x.Name) }
func (x *ContextRef) precedence() int             { return precAtom }
func (x *PropertyLookup) String() string          { return exprString(x) }
func (x *PropertyLookup) precedence() int         { return precPostfix }
func (x *IndexLookup) String() string             { return exprString(x) }
func (x *IndexLookup) precedence() int            { return precPostfix }
func (x *Call) String() string                    { return exprString(x) }
func (x *Call) precedence() int                   { return precPostfix }
func (x *Lambda) String() string                  { return exprString(x) }
func (x *Lambda) precedence() int                 { return precLambda }
func (x *BinaryOp) String() string                { return exprString(x) }
func (x *BinaryOp) precedence() int               { return x.Op.precedence() }
func (x *Negation) String() string                { return exprString(x) }
func (x *Negation) precedence() int               { return precUnary }
func (x *Group) String() string                   { return exprString(x) }
func (x *Group) precedence() int                  { return precAtom }
func (x *TextLiteral) String() string             { return exprString(x) }
func (x *TextLiteral) precedence() int            { return precAtom }
func (x *NumberLiteral) String() string           { return x.raw() }
func (x *NumberLiteral) write(b *strings.Builder) { b.WriteString(x.raw()) }
func (x *NumberLiteral) precedence() int          { return precAtom }
func (x *BooleanLiteral) String() string          { return exprString(x) }
func (x *BooleanLiteral) precedence() int         { return precAtom }
func (x *NullLiteral) String() string             { return "null" }
func (x *NullLiteral) write(b *strings.Builder)   { b.WriteString("null") }
func (x *NullLiteral) precedence() int            { return precAtom }

// PropertyLookup is `container.name`.
type PropertyLookup struct {
	Container Expr
	Name      string
}

func (x *PropertyLookup) write(b *strings.Builder) {
	if _, isNumber := x.Container.(*NumberLiteral); isNumber {
		// a dot after a number would read as its decimal point: 0 .a is written (0).a
		b.WriteByte('(')
		x.Container.write(b)
		b.WriteByte(')')
	} else {
		writeOperand(b, x.Container, precPostfix)
	}
	if isPropertyKey(x.Name) {
		b.WriteByte('.')
		b.WriteString(x.Name)
		return
	}
	// a name that can't follow a dot (e.g. set by a rewriter) is written as a key lookup
	b.WriteByte('[')
	writeQuoted(b, x.Name)
	b.WriteByte(']')
}

// IndexLookup is `container[index]`: an array item or an object property by key.
type IndexLookup struct {
	Container Expr
	Index     Expr
}

func (x *IndexLookup) write(b *strings.Builder) {
	writeOperand(b, x.Container, precPostfix)
	b.WriteByte('[')
	x.Index.write(b)
	b.WriteByte(']')
}

// Call is `function(arg, ...)`, where function is any expression giving a function value.
type Call struct {
	Function Expr
	Args     []Expr

	// builtin is the built-in the callee name was bound to at parse time, so the hot path
	// does no registry lookup; nil when the callee is not a plain built-in name.
	builtin types.XFunction
}

func (x *Call) write(b *strings.Builder) {
	writeOperand(b, x.Function, precPostfix)
	b.WriteByte('(')
	for i, a := range x.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		a.write(b)
	}
	b.WriteByte(')')
}

// Lambda is an anonymous function `(x, y) => body`; evaluating it makes a function value
// that captures the names visible where it was written.
type Lambda struct {
	Params []string
	Body   Expr
}

func (x *Lambda) write(b *strings.Builder) {
	b.WriteByte('(')
	b.WriteString(strings.Join(x.Params, ", "))
	b.WriteString(") => ")
	x.Body.write(b)
}

// BinaryOp is `left op right`.
type BinaryOp struct {
	Op          Operator
	Left, Right Expr
}

func (x *BinaryOp) write(b *strings.Builder) {
	p := x.Op.precedence()
	writeOperand(b, x.Left, p) // operators are left-associative
	b.WriteByte(' ')
	b.WriteString(x.Op.String())
	b.WriteByte(' ')
	writeOperand(b, x.Right, p+1)
}

// Negation is `-operand`.
type Negation struct {
	Operand Expr
}

func (x *Negation) write(b *strings.Builder) {
	b.WriteByte('-')
	writeOperand(b, x.Operand, precUnary)
}

// Group is an expression in parentheses as the author wrote it; keeping it lets rewrites
// preserve the author's grouping.
type Group struct {
	Inner Expr
}

func (x *Group) write(b *strings.Builder) {
	b.WriteByte('(')
	x.Inner.write(b)
	b.WriteByte(')')
}

// TextLiteral is a quoted text such as "hello\n".
type TextLiteral struct {
	Value string

	value types.XValue // Value boxed once at parse time, so evaluation doesn't allocate
}

func (x *TextLiteral) write(b *strings.Builder) { writeQuoted(b, x.Value) }

// NumberLiteral is a decimal number such as 1234.5670.
type NumberLiteral struct {
	Value types.XNumber
	// Text is the literal as written, kept so rewrites don't change "1.50" to "1.5".
	Text string

	value types.XValue // Value boxed once at parse time
}

func (x *NumberLiteral) raw() string {
	if x.Text != "" {
		return x.Text
	}
	return x.Value.Render()
}

// BooleanLiteral is true or false.
type BooleanLiteral struct {
	Value bool
}

func (x *BooleanLiteral) write(b *strings.Builder) {
	if x.Value {
		b.WriteString("true")
	} else {
		b.WriteString("false")
	}
}

// NullLiteral is null.
type NullLiteral struct{}

// writeQuoted writes s as a text literal that reads back as s.
// QuoteText writes s as a text literal of the language, e.g. "say \"hi\"", as the parser
// reads it back; migrations use it to write expressions they build.
func QuoteText(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	writeQuoted(&b, s)
	return b.String()
}

func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}

// isPropertyKey reports whether s can be written after a dot: a run of name characters.
func isPropertyKey(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(s[i:])
		}
		if !isNameChar(r) {
			return false
		}
		i += n
	}
	return true
}
