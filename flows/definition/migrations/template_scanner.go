package migrations

import (
	"strings"
	"unicode/utf8"
)

// Both template dialects a migration rewrites, the current one and the legacy one, share
// one outline: "@@" is an escaped @, "@(" opens a block closed by the matching ")" (string
// literals inside may hold parentheses), and "@" before a name starts a dotted path. They
// differ only in what a name is and how a string literal ends, which templateSyntax says;
// rewriteTemplateParts walks the outline once for both.

// templateSyntax is what differs between the two dialects of templates.
type templateSyntax interface {
	// isNameStart reports whether r may start a name (and so an @path).
	isNameStart(r rune) bool
	// isNameChar reports whether r may continue a name.
	isNameChar(r rune) bool
	// stringEnd returns the index of the quote closing the string literal opening at
	// start, or -1 when it is never closed.
	stringEnd(s string, start int) int
}

// currentSyntax is the syntax of templates of flow spec 13 and later: Unicode names, and
// string literals in which a backslash escapes the next character.
type currentSyntax struct{}

func (currentSyntax) isNameStart(r rune) bool           { return isIdentStart(r) }
func (currentSyntax) isNameChar(r rune) bool            { return isIdentChar(r) }
func (currentSyntax) stringEnd(s string, start int) int { return stringEnd(s, start) }

// legacySyntax is the syntax of legacy templates: ASCII names, and string literals which
// escape a quote by doubling it, scanned here as two adjacent literals.
type legacySyntax struct{}

func (legacySyntax) isNameStart(r rune) bool { return isLegacyNameStart(r) }
func (legacySyntax) isNameChar(r rune) bool  { return isLegacyNameChar(r) }
func (legacySyntax) stringEnd(s string, start int) int {
	j := strings.IndexByte(s[start+1:], '"')
	if j < 0 {
		return -1
	}
	return start + 1 + j
}

// rewriteTemplateParts copies tpl, writing block(body, original) in place of each closed
// @(...) block and path(path, original) in place of each @path, where original is the
// part as written, @ included. "@@", an unterminated block and an @ before anything but a
// name are kept as written.
func rewriteTemplateParts(tpl string, syn templateSyntax, block, path func(inner, original string) string) string {
	if !strings.Contains(tpl, "@") {
		return tpl
	}
	var b strings.Builder
	b.Grow(len(tpl) + 16)
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
			end := blockEnd(tpl, i+2, syn)
			if end < 0 { // unterminated: not an expression, keep as written
				b.WriteString(tpl[i:])
				i = len(tpl)
				continue
			}
			b.WriteString(block(tpl[i+2:end], tpl[i:end+1]))
			i = end + 1
		default:
			r, _ := utf8.DecodeRuneInString(tpl[i+1:])
			if !syn.isNameStart(r) {
				b.WriteByte('@')
				i++
				continue
			}
			n := pathLength(tpl[i+1:], syn)
			b.WriteString(path(tpl[i+1:i+1+n], tpl[i:i+1+n]))
			i += 1 + n
		}
	}
	return b.String()
}

// blockEnd returns the index of the ")" closing the block whose body starts at start, or
// -1 when it is never closed.
func blockEnd(s string, start int, syn templateSyntax) int {
	depth := 1
	for i := start; i < len(s); i++ {
		switch s[i] {
		case '"':
			j := syn.stringEnd(s, i)
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

// pathLength returns the length of the name(.name)* at the start of s; a "." not followed
// by a name character ends it.
func pathLength(s string, syn templateSyntax) int {
	i := 0
	for {
		for i < len(s) {
			r, size := utf8.DecodeRuneInString(s[i:])
			if !syn.isNameChar(r) {
				break
			}
			i += size
		}
		if i+1 < len(s) && s[i] == '.' {
			if r, _ := utf8.DecodeRuneInString(s[i+1:]); syn.isNameChar(r) {
				i++
				continue
			}
		}
		return i
	}
}
