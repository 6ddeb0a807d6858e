package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/rivuletflows/rivulet/excellent/functions"
)

// signatureMarker opens the paragraph of a function's doc comment that gives its call
// form; the list of parameters follows it (see the package doc of excellent/functions):
//
//	Signature: trim(text [, chars])
//
//	  - text (text): the text to trim
//	  - chars (text, default whitespace): the characters to remove, any of them
const signatureMarker = "Signature: "

// signature is how a function or case test is called, as its doc comment writes it.
type signature struct {
	Text   string // the call form as written, e.g. trim(text [, chars])
	Name   string
	Params []param
}

// param is one parameter of a signature with what its list line says of it.
type param struct {
	Name        string
	Type        string
	Default     string // what an omitted optional parameter stands for
	Description string
	Optional    bool // written in [brackets]
	Repeats     bool // written name...: any number of further values of the kind
	described   bool
}

// paramTypes are the words a parameter's type may use, alone or joined by " or ".
var paramTypes = map[string]bool{
	"any": true, "text": true, "number": true, "integer": true, "boolean": true, "date": true,
	"datetime": true, "time": true, "array": true, "object": true, "function": true,
}

// Counts returns how many arguments the signature takes, from min to max (max < 0: any
// number), as functions.Arity counts them.
func (s *signature) Counts() (min, max int) {
	for _, p := range s.Params {
		if p.Repeats {
			max = -1
		} else if max >= 0 {
			max++
		}
		if !p.Optional {
			min++
		}
	}
	return min, max
}

var (
	paramName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	callForm  = regexp.MustCompile(`^([a-z][a-z0-9_]*)\((.*)\)$`)
)

// readSignature takes the signature paragraph and its parameter list out of a doc comment
// (as ast.CommentGroup.Text returns it), returning the rest of the comment to render as
// prose and examples. sig is nil when the comment has no signature.
func readSignature(doc string) (sig *signature, rest string, err error) {
	lines := strings.Split(doc, "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, signatureMarker) {
			if start >= 0 {
				return nil, "", fmt.Errorf("two %q lines", strings.TrimSpace(signatureMarker))
			}
			start = i
		}
	}
	if start < 0 {
		return nil, doc, nil
	}
	sig, err = parseCall(strings.TrimSpace(strings.TrimPrefix(lines[start], signatureMarker)))
	if err != nil {
		return nil, "", err
	}
	// the list: indented lines "- name (type[, default X]): description" after the
	// signature line, blank lines before or between items, continuation lines indented
	// deeper than the dash
	end := start + 1
	var items []string
	for ; end < len(lines); end++ {
		l := lines[end]
		trimmed := strings.TrimSpace(l)
		switch {
		case trimmed == "":
			continue
		case strings.HasPrefix(l, " ") && strings.HasPrefix(trimmed, "- "):
			items = append(items, strings.TrimPrefix(trimmed, "- "))
			continue
		case len(items) > 0 && strings.HasPrefix(l, "    "):
			items[len(items)-1] += " " + trimmed
			continue
		}
		break
	}
	for _, item := range items {
		if err := sig.describe(item); err != nil {
			return nil, "", err
		}
	}
	for _, p := range sig.Params {
		if !p.described {
			return nil, "", fmt.Errorf("signature %s: parameter %s has no line `  - %s (type): what it is` under it", sig.Text, p.Name, p.Name)
		}
	}
	rest = strings.Join(append(append([]string{}, lines[:start]...), lines[end:]...), "\n")
	return sig, rest, nil
}

// parseCall reads a call form such as word_slice(text, start [, end [, delimiters]]):
// optional parameters are in brackets and can't be followed by required ones, and a last
// parameter written name... stands for any number of values.
func parseCall(text string) (*signature, error) {
	m := callForm.FindStringSubmatch(text)
	if m == nil {
		return nil, fmt.Errorf("signature %q is not of the form name(param, param [, optional])", text)
	}
	sig := &signature{Text: text, Name: m[1]}
	inner := strings.TrimSpace(m[2])
	if inner == "" {
		return sig, nil
	}
	// a bracket opened before a comma belongs to the parameter after it
	inner = strings.ReplaceAll(inner, "[,", ",[")
	depth := 0
	for _, item := range strings.Split(inner, ",") {
		item = strings.TrimSpace(item)
		opens := strings.Count(item, "[")
		closes := strings.Count(item, "]")
		name := strings.TrimSpace(strings.NewReplacer("[", "", "]", "").Replace(item))
		if opens > 0 && !strings.HasPrefix(item, "[") || closes > 0 && !strings.HasSuffix(item, "]") {
			return nil, fmt.Errorf("signature %s: misplaced bracket in %q", text, item)
		}
		depth += opens
		p := param{Optional: depth > 0}
		depth -= closes
		if depth < 0 {
			return nil, fmt.Errorf("signature %s: unbalanced brackets", text)
		}
		p.Name, p.Repeats = strings.CutSuffix(name, "...")
		if !paramName.MatchString(p.Name) {
			return nil, fmt.Errorf("signature %s: parameter %q is not a lower case name", text, name)
		}
		if n := len(sig.Params); n > 0 {
			prev := sig.Params[n-1]
			if prev.Repeats {
				return nil, fmt.Errorf("signature %s: %s... must be the last parameter", text, prev.Name)
			}
			if prev.Optional && !p.Optional {
				return nil, fmt.Errorf("signature %s: required parameter %s follows optional %s", text, p.Name, prev.Name)
			}
		}
		for _, q := range sig.Params {
			if q.Name == p.Name {
				return nil, fmt.Errorf("signature %s: parameter %s appears twice", text, p.Name)
			}
		}
		sig.Params = append(sig.Params, p)
	}
	if depth != 0 {
		return nil, fmt.Errorf("signature %s: unbalanced brackets", text)
	}
	return sig, nil
}

// describe reads a parameter line "name (type): description" or "name (type, default
// what): description" into the parameter it names.
func (s *signature) describe(line string) error {
	name, rest, ok := strings.Cut(line, " (")
	var p *param
	for i := range s.Params {
		if s.Params[i].Name == name {
			p = &s.Params[i]
		}
	}
	if !ok || p == nil {
		return fmt.Errorf("signature %s: line %q describes no parameter of it (write `- name (type): what it is`)", s.Text, line)
	}
	if p.described {
		return fmt.Errorf("signature %s: parameter %s is described twice", s.Text, name)
	}
	close := closingParen(rest)
	if close < 0 || !strings.HasPrefix(rest[close:], "): ") {
		return fmt.Errorf("signature %s: line of %s is not `- %s (type): what it is`", s.Text, name, name)
	}
	inParens, description := rest[:close], strings.TrimSpace(rest[close+3:])
	typ, deflt, hasDefault := strings.Cut(inParens, ", ")
	for _, word := range strings.Split(typ, " or ") {
		if !paramTypes[word] {
			return fmt.Errorf("signature %s: parameter %s has type %q, want one of %s (or several joined by \" or \")", s.Text, name, typ, typeList())
		}
	}
	if hasDefault {
		var found bool
		if deflt, found = strings.CutPrefix(deflt, "default "); !found || strings.TrimSpace(deflt) == "" {
			return fmt.Errorf("signature %s: parameter %s: after its type write `, default WHAT`, not %q", s.Text, name, inParens)
		}
	}
	switch {
	case description == "":
		return fmt.Errorf("signature %s: parameter %s has no description", s.Text, name)
	case p.Optional && !p.Repeats && !hasDefault:
		return fmt.Errorf("signature %s: optional parameter %s must say its default: `- %s (%s, default WHAT): ...`", s.Text, name, name, typ)
	case !p.Optional && hasDefault:
		return fmt.Errorf("signature %s: required parameter %s has a default; put it in [brackets] or drop the default", s.Text, name)
	}
	p.Type, p.Default, p.Description, p.described = typ, strings.TrimSpace(deflt), description, true
	return nil
}

// closingParen returns the index of the parenthesis closing the one just before s, or -1.
func closingParen(s string) int {
	depth := 1
	for i, r := range s {
		switch r {
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

// typeList lists the parameter type words for error messages.
func typeList() string {
	return "any, text, number, integer, boolean, date, datetime, time, array, object, function"
}

// checkSignature makes sure the documented signature is the registered function's: its
// name, and as many required and optional arguments as functions.Arity says (a function
// registered without a count must take any number: name([values...])). A case test's
// first parameter is its operand, which is required.
func checkSignature(name string, sig *signature, caseTest bool) error {
	if sig.Name != name {
		return fmt.Errorf("signature %s names %s, not %s", sig.Text, sig.Name, name)
	}
	gotMin, gotMax := sig.Counts()
	min, max, counted := functions.Arity(name)
	if !counted {
		min, max = 0, -1
	}
	if gotMin != min || (gotMax < 0) != (max < 0) || (max >= 0 && gotMax != max) {
		return fmt.Errorf("signature %s takes %s but the function is registered taking %s",
			sig.Text, functions.ArityText(gotMin, gotMax), functions.ArityText(min, max))
	}
	if caseTest && (len(sig.Params) == 0 || sig.Params[0].Optional) {
		return fmt.Errorf("signature %s: a case test's first parameter is its operand, which is required", sig.Text)
	}
	return nil
}
