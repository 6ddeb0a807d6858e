package jsonw

// A session is written after every sprint, and the raw JSON it holds (the trigger, a run's
// webhook, a result's extra) was compacted by json.Compact each time: its scanner calls a
// state function per byte, 5% of a short session spent re-compacting text that is mostly
// compact already. AppendCompact checks and copies in one hand-written pass instead; it
// takes exactly the text json.Compact takes and writes the same bytes (a test and a fuzz
// target hold the two together), so callers need no fallback.

// maxCompactDepth is encoding/json's nesting limit: deeper text is an error there too.
const maxCompactDepth = 10000

// AppendCompact appends the JSON text raw with insignificant whitespace removed, as
// json.Compact writes it, and then HTML-escaped as json.HTMLEscape writes it when html is
// set (<, > and & as \u003c, \u003e and \u0026; U+2028 and U+2029 as \u2028 and \u2029).
// ok is false, and b returned as it was, when raw isn't valid JSON (json.Compact's error:
// empty text, bad syntax, trailing text, or nesting deeper than 10,000).
func AppendCompact(b, raw []byte, html bool) (out []byte, ok bool) {
	start := len(b)
	var stackBuf [64]byte
	stack := stackBuf[:0] // '{' or '[' for each open object or array
	i, n := 0, len(raw)
	const (
		wantValue = iota // a value, or (just after '[') the array's end
		wantKey          // a key, or (just after '{') the object's end
		afterValue
	)
	state := wantValue
	first := false // just after '{' or '[', where the closing bracket may come
	for {
		for i < n && isSpace(raw[i]) {
			i++
		}
		if i >= n {
			if state == afterValue && len(stack) == 0 {
				return b, true
			}
			return b[:start], false
		}
		c := raw[i]
		switch state {
		case wantValue:
			if first && c == ']' {
				b = append(b, c)
				i++
				stack = stack[:len(stack)-1]
				state, first = afterValue, false
				continue
			}
			first = false
			switch {
			case c == '{' || c == '[':
				if len(stack) >= maxCompactDepth {
					return b[:start], false
				}
				stack = append(stack, c)
				b = append(b, c)
				i++
				first = true
				if c == '{' {
					state = wantKey
				}
				continue
			case c == '"':
				var j int
				if j, ok = stringEnd(raw, i); !ok {
					return b[:start], false
				}
				b = appendStringText(b, raw[i:j], html)
				i = j
			case c == 't' || c == 'f' || c == 'n':
				lit := literalOf(c)
				if i = literalEnd(raw, i, lit); i < 0 {
					return b[:start], false
				}
				b = append(b, lit...)
			default:
				j := numberEnd(raw, i)
				if j < 0 {
					return b[:start], false
				}
				b = append(b, raw[i:j]...)
				i = j
			}
			state = afterValue
		case wantKey:
			if first && c == '}' {
				b = append(b, c)
				i++
				stack = stack[:len(stack)-1]
				state, first = afterValue, false
				continue
			}
			first = false
			if c != '"' {
				return b[:start], false
			}
			j, ok := stringEnd(raw, i)
			if !ok {
				return b[:start], false
			}
			b = appendStringText(b, raw[i:j], html)
			i = j
			for i < n && isSpace(raw[i]) {
				i++
			}
			if i >= n || raw[i] != ':' {
				return b[:start], false
			}
			b = append(b, ':')
			i++
			state = wantValue
		case afterValue:
			if len(stack) == 0 {
				return b[:start], false // text after the value
			}
			top := stack[len(stack)-1]
			switch {
			case c == ',':
				b = append(b, c)
				i++
				state = wantValue
				if top == '{' {
					state = wantKey
				}
			case c == '}' && top == '{', c == ']' && top == '[':
				b = append(b, c)
				i++
				stack = stack[:len(stack)-1]
			default:
				return b[:start], false
			}
		}
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// stringEnd returns the index just past the string starting at raw[i] (a quote), checking
// what encoding/json's scanner checks: no control characters, and escapes of \", \\, \/,
// \b, \f, \n, \r, \t or \u and four hex digits. Other bytes, invalid UTF-8 included, are
// taken as they are, as the scanner takes them.
func stringEnd(raw []byte, i int) (int, bool) {
	n := len(raw)
	for i++; i < n; i++ {
		c := raw[i]
		switch {
		case c == '"':
			return i + 1, true
		case c < 0x20:
			return 0, false
		case c == '\\':
			i++
			if i >= n {
				return 0, false
			}
			switch raw[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= n {
					return 0, false
				}
				for _, h := range raw[i+1 : i+5] {
					if !isHex(h) {
						return 0, false
					}
				}
				i += 4
			default:
				return 0, false
			}
		}
	}
	return 0, false
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// literalEnd returns the index past word at raw[i], or -1 when it isn't there.
func literalEnd(raw []byte, i int, word string) int {
	if len(raw)-i < len(word) || string(raw[i:i+len(word)]) != word {
		return -1
	}
	return i + len(word)
}

// numberEnd returns the index past the number at raw[i], -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?,
// or -1 when there is none.
func numberEnd(raw []byte, i int) int {
	n := len(raw)
	digits := func() int {
		k := 0
		for i < n && raw[i] >= '0' && raw[i] <= '9' {
			i++
			k++
		}
		return k
	}
	if raw[i] == '-' {
		i++
	}
	if i < n && raw[i] == '0' {
		i++
	} else if digits() == 0 {
		return -1
	}
	if i < n && raw[i] == '.' {
		i++
		if digits() == 0 {
			return -1
		}
	}
	if i < n && (raw[i] == 'e' || raw[i] == 'E') {
		i++
		if i < n && (raw[i] == '+' || raw[i] == '-') {
			i++
		}
		if digits() == 0 {
			return -1
		}
	}
	return i
}

// appendStringText appends a checked JSON string (with its quotes) as it is, or with
// json.HTMLEscape's escapes when html is set.
func appendStringText(b, q []byte, html bool) []byte {
	if !html {
		return append(b, q...)
	}
	plain := 0
	for k := 0; k < len(q); k++ {
		c := q[k]
		if c == '<' || c == '>' || c == '&' {
			b = append(append(b, q[plain:k]...), '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			plain = k + 1
		}
		if c == 0xE2 && k+2 < len(q) && q[k+1] == 0x80 && q[k+2]&^1 == 0xA8 {
			b = append(append(b, q[plain:k]...), '\\', 'u', '2', '0', '2', hexDigits[q[k+2]&0xF])
			plain = k + 3
			k += 2
		}
	}
	return append(b, q[plain:]...)
}

// literalOf is the JSON literal starting with c ('t', 'f' or 'n').
func literalOf(c byte) string {
	switch c {
	case 't':
		return "true"
	case 'f':
		return "false"
	}
	return "null"
}
