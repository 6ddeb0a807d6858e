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
	return rewriteTemplateParts(tpl, currentSyntax{},
		func(body, _ string) string { return "@(" + rewriteExpression(body, fn) + ")" },
		func(path, _ string) string { return "@" + strings.Join(fn(strings.Split(path, ".")), ".") })
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
	n := pathLength(s, currentSyntax{})
	return strings.Split(s[:n], "."), n
}

func isIdentStart(r rune) bool { return r == '_' || unicode.IsLetter(r) }
func isIdentChar(r rune) bool  { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }
func isDigitByte(c byte) bool  { return c >= '0' && c <= '9' }
func isASCIILetter(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
}
