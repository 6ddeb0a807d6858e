// Package functions holds every built-in function of the expression language, one family
// per file, and the registry the evaluator looks them up in.
package functions

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// registry is filled by init functions (this package's and the case tests') and only read
// afterwards; Register refuses duplicates so two families cannot claim one name.
var registry = struct {
	sync.RWMutex
	funcs   map[string]types.XFunction
	arities map[string][2]int
}{funcs: map[string]types.XFunction{}, arities: map[string][2]int{}}

// Register adds a built-in function. It panics on a duplicate or empty name because that
// is a programming error found at init time, never at run time.
func Register(name string, fn types.XFunc) {
	name = strings.ToLower(name)
	if name == "" || fn == nil {
		panic("functions: empty name or nil function")
	}
	registry.Lock()
	defer registry.Unlock()
	if _, exists := registry.funcs[name]; exists {
		panic(fmt.Sprintf("functions: %s registered twice", name))
	}
	registry.funcs[name] = types.NewXFunction(name, fn)
}

// RegisterWithArity registers fn behind WithArity's check of its argument count and
// records the count, so that Arity can tell it before anything runs (flowrunner check
// reports `upper(a, b)` without evaluating it).
func RegisterWithArity(name string, min, max int, fn types.XFunc) {
	Register(name, WithArity(name, min, max, fn))
	setArity(name, min, max)
}

// registerArgs registers fn behind withArgs's check of its argument count and records it.
func registerArgs(name string, min, max int, fn types.XFunc) {
	Register(name, withArgs(min, max, fn))
	setArity(name, min, max)
}

func setArity(name string, min, max int) {
	registry.Lock()
	defer registry.Unlock()
	registry.arities[strings.ToLower(name)] = [2]int{min, max}
}

// Arity returns how many arguments a built-in function takes, from min to max (max < 0:
// no upper bound); ok is false for unknown names and for functions taking any number.
func Arity(name string) (min, max int, ok bool) {
	registry.RLock()
	defer registry.RUnlock()
	a, ok := registry.arities[strings.ToLower(name)]
	return a[0], a[1], ok
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
	registry.RLock()
	defer registry.RUnlock()
	f, ok := registry.funcs[strings.ToLower(name)]
	return f, ok
}

// Names returns the names of every registered function, sorted.
func Names() []string {
	registry.RLock()
	defer registry.RUnlock()
	names := make([]string, 0, len(registry.funcs))
	for n := range registry.funcs {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// WithArity wraps fn with a check of its argument count (max < 0: no upper bound), so its
// body can index its arguments freely; a wrong count is an error naming the function and
// what it accepts, e.g. "function upper takes 1 argument, got 2". The text functions and
// the case tests share it so their messages read alike.
func WithArity(name string, min, max int, fn types.XFunc) types.XFunc {
	return func(env envs.Environment, args ...types.XValue) types.XValue {
		if len(args) < min || (max >= 0 && len(args) > max) {
			return arityError(name, min, max, len(args))
		}
		return fn(env, args...)
	}
}

// arityError says what a function accepts: "function has_number_between takes 3
// arguments, got 2", "function word takes 2 to 3 arguments, got 1".
func arityError(name string, min, max, got int) types.XError {
	var want string
	switch {
	case max < 0:
		want = fmt.Sprintf("at least %d", min)
	case min == max:
		want = fmt.Sprintf("%d", min)
	default:
		want = fmt.Sprintf("%d to %d", min, max)
	}
	noun := "arguments"
	if min == max && min == 1 {
		noun = "argument"
	}
	return types.NewXErrorf("function %s takes %s %s, got %d", name, want, noun, got)
}
