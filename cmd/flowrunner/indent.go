package main

import (
	"bytes"
	"encoding/json"
)

// indentCompact indents compact JSON with four spaces as json.Indent does, in one pass
// without json.Indent's scanner: the session is indented before every stored sprint, and
// its compact form comes from the session's own writer, so it is known to be valid. Text
// that isn't compact (whitespace between tokens) goes to json.Indent.
func indentCompact(compact []byte) ([]byte, error) {
	out := make([]byte, 0, len(compact)*2+512)
	depth := 0
	newline := func() {
		out = append(out, '\n')
		for n := 4 * depth; n > 0; {
			k := min(n, len(indentSpaces))
			out = append(out, indentSpaces[:k]...)
			n -= k
		}
	}
	for i := 0; i < len(compact); i++ {
		c := compact[i]
		switch c {
		case '"':
			// copy the string through its closing quote
			j := i + 1
			for j < len(compact) {
				k := bytes.IndexAny(compact[j:], `"\\`)
				if k < 0 {
					j = len(compact)
					break
				}
				j += k
				if compact[j] == '"' {
					break
				}
				j += 2
			}
			if j >= len(compact) {
				return indentSlow(compact)
			}
			out = append(out, compact[i:j+1]...)
			i = j
		case '{', '[':
			out = append(out, c)
			if i+1 < len(compact) && (compact[i+1] == '}' || compact[i+1] == ']') {
				out = append(out, compact[i+1])
				i++
				continue
			}
			depth++
			newline()
		case '}', ']':
			depth--
			newline()
			out = append(out, c)
		case ',':
			out = append(out, c)
			newline()
		case ':':
			out = append(out, ':', ' ')
		case ' ', '\t', '\n', '\r':
			return indentSlow(compact)
		default:
			out = append(out, c)
		}
	}
	if depth != 0 {
		return indentSlow(compact)
	}
	return out, nil
}

const indentSpaces = "                                                                "

// indentSlow is json.Indent's answer, for text indentCompact doesn't take.
func indentSlow(src []byte) ([]byte, error) {
	var buf bytes.Buffer
	if err := json.Indent(&buf, src, "", "    "); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
