package migrations

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A minimal reader of templates, just enough for migrations that rename or shorten context
// paths. It finds the two forms of expression in a template:
//
//	@contact.name            a path after @ (a trailing "." is not part of it)
//	@(upper(webhook["x"]))   a parenthesized expression, in which every dotted path that
//	                         is not a function name is a reference
//
// and leaves everything else as it was, including "@@" (an escaped @), string literals
// inside expressions and unterminated expressions.

// pathRewriter gets the segments of a reference (["webhook", "foo"]) and returns the
// segments to write instead; returning the input leaves the reference unchanged.
type pathRewriter func(path []string) []string

// rewriteTemplate applies fn to every context reference in the template.
func rewriteTemplate(tpl string, fn pathRewriter) string {
	if !strings.Contains(tpl, "@") {
		return tpl
	}
	var b strings.Builder
	b.Grow(len(tpl) + 8)
	i := 0
	for i < len(tpl) {
		c := tpl[i]
		if c != '@' || i+1 >= len(tpl) {
			b.WriteByte(c)
			i++
			continue
		}
		next := tpl[i+1]
		switch {
		case next == '@':
			b.WriteString("@@")
			i += 2
		case next == '(':
			end := expressionEnd(tpl, i+2)
			if end < 0 { // unterminated: not an expression, keep as written
				b.WriteString(tpl[i:])
				i = len(tpl)
				continue
			}
			b.WriteString("@(")
			b.WriteString(rewriteExpression(tpl[i+2:end], fn))
			b.WriteByte(')')
			i = end + 1
		default:
			r, _ := utf8.DecodeRuneInString(tpl[i+1:])
			if !isIdentStart(r) {
				b.WriteByte('@')
				i++
				continue
			}
			segs, n := readPath(tpl[i+1:])
			b.WriteByte('@')
			b.WriteString(strings.Join(fn(segs), "."))
			i += 1 + n
		}
	}
	return b.String()
}

// expressionEnd returns the index of the ")" closing the expression whose body starts at
// start, or -1 when it is never closed.
func expressionEnd(s string, start int) int {
	depth := 1
	for i := start; i < len(s); i++ {
		switch s[i] {
		case '"':
			j := stringEnd(s, i)
			if j < 0 {
				return -1
			}
			i = j
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// stringEnd returns the index of the quote closing the string literal opening at start,
// or -1. A backslash escapes the character after it.
func stringEnd(s string, start int) int {
	for i := start + 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i
		}
	}
	return -1
}

// rewriteExpression applies fn to every reference in the body of a @(...) expression.
func rewriteExpression(expr string, fn pathRewriter) string {
	var b strings.Builder
	b.Grow(len(expr) + 8)
	i := 0
	prevSignificant := byte(0) // last non-space byte written, to spot ".name" after ] or )
	for i < len(expr) {
		c := expr[i]
		switch {
		case c == '"':
			j := stringEnd(expr, i)
			if j < 0 {
				j = len(expr) - 1
			}
			b.WriteString(expr[i : j+1])
			i = j + 1
			prevSignificant = '"'
			continue
		case c >= '0' && c <= '9':
			j := i
			for j < len(expr) && (isDigitByte(expr[j]) || expr[j] == '.' || isASCIILetter(expr[j]) || expr[j] == '_') {
				j++
			}
			b.WriteString(expr[i:j])
			i = j
			prevSignificant = '0'
			continue
		}
		r, size := utf8.DecodeRuneInString(expr[i:])
		if isIdentStart(r) {
			segs, n := readPath(expr[i:])
			rest := strings.TrimLeft(expr[i+n:], " \t\r\n")
			isCall := strings.HasPrefix(rest, "(")
			if isCall || prevSignificant == '.' {
				b.WriteString(expr[i : i+n])
			} else {
				b.WriteString(strings.Join(fn(segs), "."))
			}
			i += n
			prevSignificant = 'a'
			continue
		}
		b.WriteString(expr[i : i+size])
		if !unicode.IsSpace(r) {
			prevSignificant = c
		}
		i += size
	}
	return b.String()
}

// readPath reads name(.name)* at the start of s and returns the segments and the number of
// bytes read. A "." not followed by a name character ends the path.
func readPath(s string) ([]string, int) {
	var segs []string
	i := 0
	for {
		start := i
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !isIdentChar(r) {
				break
			}
			i += size
		}
		segs = append(segs, s[start:i])
		if i+1 < len(s) && s[i] == '.' {
			r, _ := utf8.DecodeRuneInString(s[i+1:])
			if isIdentChar(r) {
				i++
				continue
			}
		}
		return segs, i
	}
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentChar(r rune) bool  { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
func isDigitByte(c byte) bool  { return c >= '0' && c <= '9' }
func isASCIILetter(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
