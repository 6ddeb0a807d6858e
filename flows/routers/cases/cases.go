// Package cases holds the case tests of switch routers (has_any_word, has_number_between,
// has_state, ...), one family per file. Each test is also an expression function, so
// `@(has_phrase(input.text, "brown fox").match)` works in any template.
//
// A test is called with the router's operand first and the case's arguments after it. It
// returns XBooleanFalse when it does not match, an error value when its arguments are bad,
// and on a match an object that renders as true and has two properties: `match`, the part
// of the operand that matched (what the router saves as the result value), and `extra`,
// anything more the test found (regex groups, classifier entities), else null.
//
// Each test's doc comment is its entry in docs/reference/cases.md and ends with its
// signature, in the form the package excellent/functions documents: the operand first
// (the value the router tests, usually the contact's reply), then the case's arguments
// as a router case lists them. has_number_between's
//
//	Signature: has_number_between(text, min, max)
//
//	  - text (text): the text to look for a number in, usually @input.text
//	  - min (number): the smallest number that matches
//	  - max (number): the largest number that matches
//
// is the case {"type": "has_number_between", "arguments": ["1", "10"]}.
package cases

import (
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
)

// registry holds the case tests by name, filled by init functions.
var registry = utils.NewRegistry[types.XFunction]("case test")

// register adds a case test behind the argument count check, both to this package's
// registry and to the expression functions; max < 0 means any number of arguments. A
// duplicate name panics, as every built-in registration does.
func register(name string, min, max int, fn types.XFunc) {
	checked := functions.WithArity(min, max, fn)
	registry.MustRegister(name, types.NewXFunction(name, checked))
	functions.RegisterWithArity(name, min, max, fn)
}

// Lookup returns the case test with that name, for routers reading their cases.
func Lookup(name string) (types.XFunction, bool) { return registry.Lookup(name) }

// IsRegistered reports whether name is a case test; a router whose case names anything
// else is refused ("has_any_icecream is not a registered test function").
func IsRegistered(name string) bool { return registry.Has(name) }

// Names returns the names of every case test, sorted.
func Names() []string { return registry.Names() }

// FalseResult is what a test returns when it does not match.
var FalseResult types.XValue = types.XBooleanFalse

// NewTrueResult is a match whose matched value is match.
func NewTrueResult(match types.XValue) types.XValue {
	return NewTrueResultWithExtra(match, nil)
}

// NewTrueResultWithExtra is a match carrying extra findings.
func NewTrueResultWithExtra(match, extra types.XValue) types.XValue {
	return types.NewXObjectWithDefault(types.XBooleanTrue, map[string]types.XValue{
		"match": match,
		"extra": extra,
	})
}

// IsMatch reports whether a test result is a match; routers use it to pick a case.
func IsMatch(result types.XValue) bool {
	o, ok := result.(types.XObject)
	return ok && o.HasDefault() && types.Truthy(o.Default())
}

// MatchOf returns the match and extra of a matching result (nil for a non-match).
func MatchOf(result types.XValue) (match, extra types.XValue) {
	o, ok := result.(types.XObject)
	if !ok {
		return nil, nil
	}
	match, _ = o.Get("match")
	extra, _ = o.Get("extra")
	return match, extra
}

// textArgs converts the arguments from index from on to text, returning the first error.
func textArgs(env envs.Environment, args []types.XValue, from int) ([]string, types.XError) {
	out := make([]string, 0, len(args)-from)
	for _, a := range args[from:] {
		t, err := types.ToXText(env, a)
		if err != nil {
			return nil, err
		}
		out = append(out, t.Native())
	}
	return out, nil
}
