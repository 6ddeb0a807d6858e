// Package functions holds every built-in function of the expression language, one family
// per file, and the registry the evaluator looks them up in.
//
// # Documenting a function
//
// The doc comment of a function's Go func (or the comment above its registration, when
// several functions share a Go func) is its page in docs/reference/functions.md, which
// cmd/docgen generates; write it for flow authors. It says what the function does in its
// first sentence, gives examples as indented lines `@(expression) → output` that the
// docs' tests evaluate, and ends with the signature: a paragraph
//
//	Signature: NAME(PARAM, PARAM [, OPTIONAL [, OPTIONAL]])
//
// followed by one list line per parameter, in order:
//
//   - PARAM (TYPE): what the argument is
//   - OPTIONAL (TYPE, default WHAT): what it is, and WHAT, what leaving it out means
//
// Optional parameters are in brackets and come last; a last parameter written NAME...
// stands for any number of further values (`max(numbers...)` takes one or more,
// `array([values...])` any number). TYPE is what the function reads the argument as:
// any, text, number, integer, boolean, date, datetime, time, array, object or function,
// or several joined by " or ". Names are what an author would call the values (`text`,
// `date`, `format`, `count`), not Go names. cmd/docgen fails, naming the function and its
// file, when a function has no signature or when the signature takes more or fewer
// arguments than the function is registered with (Arity), so the page can't drift from
// the code.
package functions

import (
	"fmt"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
)

// entry is a registered function and, when it was registered with one, its argument count.
type entry struct {
	fn       types.XFunction
	min, max int
	counted  bool
}

// registry holds the built-in functions under their lower case names, filled by init
// functions (this package's and the case tests').
var registry = utils.NewRegistry[entry]("function")

// Register adds a built-in function under its lower case name. It panics on an empty or
// duplicate name or a nil function (utils.Registry.MustRegister): two families claiming
// one name is a programming error found at init time, never at run time.
func Register(name string, fn types.XFunc) {
	if fn == nil {
		panic("functions: nil function " + name)
	}
	name = strings.ToLower(name)
	registry.MustRegister(name, entry{fn: types.NewXFunction(name, fn)})
}

// RegisterWithArity registers fn behind WithArity's check of its argument count and
// records the count, so that Arity can tell it before anything runs (flowrunner check
// reports `upper(a, b)` without evaluating it).
func RegisterWithArity(name string, min, max int, fn types.XFunc) {
	name = strings.ToLower(name)
	registry.MustRegister(name, entry{fn: types.NewXFunction(name, WithArity(min, max, fn)), min: min, max: max, counted: true})
}

// registerArgs is RegisterWithArity for this package's families.
func registerArgs(name string, min, max int, fn types.XFunc) { RegisterWithArity(name, min, max, fn) }

// Arity returns how many arguments a built-in function takes, from min to max (max < 0:
// no upper bound); ok is false for unknown names and for functions taking any number.
func Arity(name string) (min, max int, ok bool) {
	e, found := registry.Lookup(strings.ToLower(name))
	return e.min, e.max, found && e.counted
}

// ArityText says in words how many arguments a function takes, as its errors do: "1
// argument", "2 to 3 arguments", "at least 1 argument".
func ArityText(min, max int) string {
	noun := "arguments"
	if (min == max || max < 0) && min == 1 {
		noun = "argument"
	}
	switch {
	case max < 0:
		return fmt.Sprintf("at least %d %s", min, noun)
	case min == max:
		return fmt.Sprintf("%d %s", min, noun)
	}
	return fmt.Sprintf("%d to %d %s", min, max, noun)
}

// Lookup returns the built-in function with the given name (case-insensitive).
func Lookup(name string) (types.XFunction, bool) {
	e, ok := registry.Lookup(strings.ToLower(name))
	return e.fn, ok
}

// Names returns the names of every registered function, sorted.
func Names() []string { return registry.Names() }

// WithArity wraps fn with the one check of its argument count (types.CheckArity; max < 0:
// no upper bound), so its body can index its arguments freely. Built-in functions and case
// tests all register behind it, so a wrong count reads alike everywhere:
// "need 1 argument(s), got 2", which a call wraps as "error calling upper(...): ...".
func WithArity(min, max int, fn types.XFunc) types.XFunc {
	return func(env envs.Environment, args ...types.XValue) types.XValue {
		if err := types.CheckArity(min, max, len(args)); err != nil {
			return err
		}
		return fn(env, args...)
	}
}
