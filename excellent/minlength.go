package excellent

// MinLength returns a lower bound on the length in bytes of what a template evaluates to,
// worked out from its text alone: its literal text, plus what expressions made only of
// literals certainly produce (text literals, & of them, repeat of a literal text a literal
// number of times). Other expressions count as nothing. `flowrunner check` uses it to find
// flows that will certainly exceed a sprint's text budget, such as a loop sending
// @(repeat("x", 1000000)).
func MinLength(template string) int {
	t, _ := ParseTemplate(template)
	if t == nil {
		return 0
	}
	n := 0
	for _, p := range t.parts {
		switch p.kind {
		case partText:
			n += len(p.text)
		case partExpr:
			if p.expr != nil {
				n += minLength(p.expr)
			}
		}
	}
	return n
}

// minLength is the length e certainly evaluates to, 0 when that depends on more than its
// literals (or it would fail).
func minLength(e Expr) int {
	switch x := e.(type) {
	case *TextLiteral:
		return len(x.Value)
	case *Group:
		return minLength(x.Inner)
	case *BinaryOp:
		if x.Op == OpConcatenate {
			if n := minLength(x.Left) + minLength(x.Right); n <= MaxTextLength {
				return n
			}
		}
	case *Call:
		if x.builtin == nil || x.builtin.Name() != "repeat" || len(x.Args) != 2 {
			return 0
		}
		text, ok := x.Args[0].(*TextLiteral)
		count, ok2 := x.Args[1].(*NumberLiteral)
		if !ok || !ok2 || !count.Value.Native().IsInteger() {
			return 0
		}
		times := count.Value.Native().IntPart()
		if times <= 0 || times > int64(MaxTextLength) {
			return 0
		}
		if n := int64(len(text.Value)) * times; n <= int64(MaxTextLength) {
			return int(n)
		}
	}
	return 0
}
