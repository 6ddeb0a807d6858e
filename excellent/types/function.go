package types

import "github.com/rivuletflows/rivulet/envs"

// XFunc is the Go signature of every expression function.
type XFunc func(env envs.Environment, args ...XValue) XValue

// XFunction is a function value: a named built-in or an anonymous `(x) => ...`.
type XFunction interface {
	XValue
	Name() string
	Call(env envs.Environment, args []XValue) XValue
}

type xfunction struct {
	name string
	fn   XFunc
}

// NewXFunction wraps a Go function as a value.
func NewXFunction(name string, fn XFunc) XFunction { return &xfunction{name, fn} }

func (f *xfunction) Name() string                                    { return f.name }
func (f *xfunction) Call(env envs.Environment, args []XValue) XValue { return f.fn(env, args...) }
func (f *xfunction) Describe() string                                { return f.name }
func (f *xfunction) Truthy() bool                                    { return true }
func (f *xfunction) Render() string                                  { return f.name }
func (f *xfunction) Format(envs.Environment) string                  { return f.name }
func (f *xfunction) String() string                                  { return "XFunction(" + f.name + ")" }
func (f *xfunction) MarshalJSON() ([]byte, error)                    { return []byte("null"), nil }

// Equals compares by name: two built-ins are equal when they are the same function.
func (f *xfunction) Equals(o XValue) bool {
	g, ok := o.(XFunction)
	return ok && g.Name() == f.name
}
