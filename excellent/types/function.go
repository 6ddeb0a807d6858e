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

// CheckArity is the one check of an argument count, for built-in functions, case tests
// and lambdas alike: nil when got is within [min, max] (max < 0: no upper bound), else an
// error in the established engine's words: "need 1 argument(s), got 2", "need at least 1
// argument(s), got 0", "need 2 to 3 argument(s), got 4".
func CheckArity(min, max, got int) XError {
	switch {
	case min == max && got != min:
		return NewXErrorf("need %d argument(s), got %d", min, got)
	case max < 0 && got < min:
		return NewXErrorf("need at least %d argument(s), got %d", min, got)
	case max >= 0 && (got < min || got > max):
		return NewXErrorf("need %d to %d argument(s), got %d", min, max, got)
	}
	return nil
}
