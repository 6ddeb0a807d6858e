// Package functions holds every built-in function of the expression language, one family
// per file, and the registry the evaluator looks them up in.
package functions

import (
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
)

// registry holds the built-in functions under their lower case names, filled by init
// functions (this package's and the case tests').
var registry = utils.NewRegistry[types.XFunction]("function")

// Register adds a built-in function under its lower case name. It panics on an empty or
// duplicate name or a nil function (utils.Registry.MustRegister): two families claiming
// one name is a programming error found at init time, never at run time.
func Register(name string, fn types.XFunc) {
	if fn == nil {
		panic("functions: nil function " + name)
	}
	name = strings.ToLower(name)
	registry.MustRegister(name, types.NewXFunction(name, fn))
}

// Lookup returns the built-in function with the given name (case-insensitive).
func Lookup(name string) (types.XFunction, bool) {
	return registry.Lookup(strings.ToLower(name))
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
