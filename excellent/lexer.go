package excellent

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind is the kind of a lexical token of an expression.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokError
	tokName
	tokNumber
	tokText
	tokLParen
	tokRParen
	tokLBracket
	tokRBracket
	tokComma
	tokDot
	tokArrow
	tokMinus
	tokOperator // any binary operator other than minus; op says which
)

// token is one lexical token; text slices the expression, so lexing allocates nothing.
type token struct {
	kind tokenKind
	text string
	op   Operator
	pos  int
}

// lexer splits an expression into tokens on demand. It is pulled by the parser one token
// at a time, which lets the parser ask for a property key right after a dot (so `a.1.2`
// reads as keys 1 and 2, not as the number 1.2).
type lexer struct {
	src string
	pos int
}

func isNameStart(r rune) bool {
	return r == '_' || (r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z')) ||
		(r >= utf8.RuneSelf && unicode.IsLetter(r))
}

func isNameChar(r rune) bool {
	return isNameStart(r) || ('0' <= r && r <= '9') || (r >= utf8.RuneSelf && unicode.IsDigit(r))
}

// runeAt decodes the rune at i, cheaply for ASCII.
func runeAt(s string, i int) (rune, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// scanNameChars returns the end of the run of name characters starting at i.
func scanNameChars(s string, i int) int {
	for i < len(s) {
		r, n := runeAt(s, i)
		if !isNameChar(r) {
			break
		}
		i += n
	}
	return i
}

func (l *lexer) skipSpace() {
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case ' ', '\t', '\n', '\r', '\f', '\v':
			l.pos++
		default:
			r, n := runeAt(l.src, l.pos)
			if r >= utf8.RuneSelf && unicode.IsSpace(r) {
				l.pos += n
				continue
			}
			return
		}
	}
}

// next returns the next token.
func (l *lexer) next() token {
	l.skipSpace()
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tokEOF, pos: start}
	}
	s := l.src
	c := s[start]
	one := func(k tokenKind) token {
		l.pos++
		return token{kind: k, text: s[start:l.pos], pos: start}
	}
	op := func(o Operator, width int) token {
		l.pos += width
		return token{kind: tokOperator, op: o, text: s[start:l.pos], pos: start}
	}
	switch c {
	case '(':
		return one(tokLParen)
	case ')':
		return one(tokRParen)
	case '[':
		return one(tokLBracket)
	case ']':
		return one(tokRBracket)
	case ',':
		return one(tokComma)
	case '.':
		return one(tokDot)
	case '-':
		return one(tokMinus)
	case '+':
		return op(OpAdd, 1)
	case '*':
		return op(OpMultiply, 1)
	case '/':
		return op(OpDivide, 1)
	case '^':
		return op(OpExponent, 1)
	case '&':
		return op(OpConcatenate, 1)
	case '=':
		if strings.HasPrefix(s[start:], "=>") {
			l.pos += 2
			return token{kind: tokArrow, text: "=>", pos: start}
		}
		return op(OpEqual, 1)
	case '!':
		if strings.HasPrefix(s[start:], "!=") {
			return op(OpNotEqual, 2)
		}
	case '<':
		if strings.HasPrefix(s[start:], "<=") {
			return op(OpLessThanOrEqual, 2)
		}
		return op(OpLessThan, 1)
	case '>':
		if strings.HasPrefix(s[start:], ">=") {
			return op(OpGreaterThanOrEqual, 2)
		}
		return op(OpGreaterThan, 1)
	case '"':
		end := scanTextLiteral(s, start)
		if end < 0 {
			l.pos = len(s)
			return token{kind: tokError, text: s[start:], pos: start}
		}
		l.pos = end
		return token{kind: tokText, text: s[start:end], pos: start}
	}
	if '0' <= c && c <= '9' {
		i := start
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		if i+1 < len(s) && s[i] == '.' && '0' <= s[i+1] && s[i+1] <= '9' {
			i++
			for i < len(s) && '0' <= s[i] && s[i] <= '9' {
				i++
			}
		}
		l.pos = i
		return token{kind: tokNumber, text: s[start:i], pos: start}
	}
	if r, _ := runeAt(s, start); isNameStart(r) {
		l.pos = scanNameChars(s, start)
		return token{kind: tokName, text: s[start:l.pos], pos: start}
	}
	_, n := runeAt(s, start)
	l.pos += n
	return token{kind: tokError, text: s[start:l.pos], pos: start}
}

// nextKey reads the property key after a dot: a run of name characters (digits included,
// so `results.1st` and `array.0` are keys).
func (l *lexer) nextKey() token {
	start := l.pos
	l.pos = scanNameChars(l.src, start)
	if l.pos == start {
		return token{kind: tokError, text: "", pos: start}
	}
	return token{kind: tokName, text: l.src[start:l.pos], pos: start}
}

// scanTextLiteral returns the index just past the closing quote of the text literal
// starting at s[start] == '"', or -1 when it is not closed. A backslash escapes the next
// byte.
func scanTextLiteral(s string, start int) int {
	for i := start + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}

// unquoteText gives the value of a text literal token including its quotes. Escapes are
// those of Go ("\n", "\"", "\\", "\u00e9", ...); a literal with an escape that isn't one
// (as in the regex "buy (\w+)") is taken as written between its quotes, backslashes and
// all, which is what authors of regular expressions expect.
func unquoteText(tok string) string {
	inner := tok[1 : len(tok)-1]
	if strings.IndexByte(inner, '\\') < 0 {
		return inner
	}
	// octal and \x escapes can make bytes that aren't text; such a literal is taken as written
	if v, err := strconv.Unquote(tok); err == nil && utf8.ValidString(v) {
		return v
	}
	return inner
}
