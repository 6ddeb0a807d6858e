package excellent

import "strings"

// scanTemplate splits a template into its parts and calls emit for each, in order:
// literal text, "@@" escapes, "@path" parts (inner is "a.b.c") and
// "@(...)" parts (inner is the expression between the parentheses). text is always a
// slice of s, so scanning allocates nothing.
//
// An "@" that starts neither a path nor a closed "@(...)" is literal text, as is an "@("
// whose parentheses never close.
func scanTemplate(s string, emit func(kind partKind, text, inner string)) {
	textStart := 0
	i := 0
	for {
		at := strings.IndexByte(s[i:], '@')
		if at < 0 {
			break
		}
		i += at
		if i+1 >= len(s) {
			break
		}
		switch c := s[i+1]; {
		case c == '@':
			emit(partText, s[textStart:i], "")
			emit(partEscape, s[i:i+2], "")
			i += 2
			textStart = i
		case c == '(':
			end := scanParens(s, i+1)
			if end < 0 {
				// never closed: the rest is text
				i = len(s)
				continue
			}
			emit(partText, s[textStart:i], "")
			emit(partExpr, s[i:end], s[i+2:end-1])
			i = end
			textStart = i
		default:
			end := scanPath(s, i+1)
			if end == i+1 {
				i++ // not a path: a literal @
				continue
			}
			emit(partText, s[textStart:i], "")
			emit(partPath, s[i:end], s[i+1:end])
			i = end
			textStart = i
		}
		if i >= len(s) {
			break
		}
	}
	emit(partText, s[textStart:], "")
}

// scanPath returns the end of the path starting at s[start]: a name, then any number of
// "." followed by name characters. A dot not followed by a name character ends the path
// and stays text, so "@contact.name." is the name then ".".
func scanPath(s string, start int) int {
	if start >= len(s) {
		return start
	}
	if r, _ := runeAt(s, start); !isNameStart(r) {
		return start
	}
	end := scanNameChars(s, start)
	for end+1 < len(s) && s[end] == '.' {
		next := scanNameChars(s, end+1)
		if next == end+1 {
			break
		}
		end = next
	}
	return end
}

// scanParens returns the index just past the ")" matching the "(" at s[open], skipping
// parentheses inside text literals, or -1 when there is none.
func scanParens(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		case '"':
			end := scanTextLiteral(s, i)
			if end < 0 {
				return -1
			}
			i = end - 1
		}
	}
	return -1
}
