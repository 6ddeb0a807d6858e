package utils

import (
	"errors"
	"fmt"
	"sort"
	"sync"
)

// Registry maps type names to what a package knows of each type (a constructor, a reader,
// a function, a description): actions, functions, case tests, modifiers, events, triggers
// and resumes each keep one. It is safe for concurrent use; built-in types register from
// init functions and embedders may add theirs before reading flows.
//
// The one rule for duplicates: a name is registered once. Register refuses an empty name
// or one already taken with an error naming the kind and the name ("action type
// 'send_msg' is already registered"), and MustRegister panics with that error, for
// built-in types whose clash is a programming error found at init time.
type Registry[T any] struct {
	kind  string
	mu    sync.RWMutex
	items map[string]T
	order []string
}

// NewRegistry returns an empty registry; kind names its entries in errors, e.g.
// "action type" or "function".
func NewRegistry[T any](kind string) *Registry[T] {
	return &Registry[T]{kind: kind, items: make(map[string]T)}
}

// Kind is what the registry's entries are, as given to NewRegistry.
func (r *Registry[T]) Kind() string { return r.kind }

// Register adds an entry under name, refusing an empty name or a duplicate.
func (r *Registry[T]) Register(name string, v T) error {
	if name == "" {
		return errors.New(r.kind + " name can't be empty")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, exists := r.items[name]; exists {
		return fmt.Errorf("%s '%s' is already registered", r.kind, name)
	}
	r.items[name] = v
	r.order = append(r.order, name)
	return nil
}

// MustRegister is Register for built-in entries: a refusal panics.
func (r *Registry[T]) MustRegister(name string, v T) {
	if err := r.Register(name, v); err != nil {
		panic(err)
	}
}

// Lookup returns the entry registered under name.
func (r *Registry[T]) Lookup(name string) (T, bool) {
	r.mu.RLock()
	v, ok := r.items[name]
	r.mu.RUnlock()
	return v, ok
}

// Has reports whether name is registered.
func (r *Registry[T]) Has(name string) bool {
	_, ok := r.Lookup(name)
	return ok
}

// Names returns the registered names, sorted.
func (r *Registry[T]) Names() []string {
	r.mu.RLock()
	names := append([]string(nil), r.order...)
	r.mu.RUnlock()
	sort.Strings(names)
	return names
}

// All returns the entries in the order they were registered.
func (r *Registry[T]) All() []T {
	r.mu.RLock()
	defer r.mu.RUnlock()
	all := make([]T, len(r.order))
	for i, n := range r.order {
		all[i] = r.items[n]
	}
	return all
}

// Len is the number of registered entries.
func (r *Registry[T]) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.order)
}
