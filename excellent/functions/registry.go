// Package functions holds every built-in function of the expression language, one family
// per file, and the registry the evaluator looks them up in.
package functions

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/rivuletflows/rivulet/excellent/types"
)

// registry is filled by init functions (this package's and the case tests') and only read
// afterwards; Register refuses duplicates so two families cannot claim one name.
var registry = struct {
	sync.RWMutex
	funcs map[string]types.XFunction
}{funcs: map[string]types.XFunction{}}

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
