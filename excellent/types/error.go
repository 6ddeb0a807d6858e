package types

import (
	"errors"
	"fmt"

	"github.com/rivuletflows/rivulet/envs"
)

// XError is an error value: evaluation never panics, it returns one of these.
type XError interface {
	XValue
	error
	Native() error
}

type xerror struct{ native error }

// NewXError wraps an error.
func NewXError(err error) XError { return xerror{err} }

// NewXErrorf makes an error from a format.
func NewXErrorf(format string, a ...any) XError { return xerror{fmt.Errorf(format, a...)} }

// NilXError is the absence of an error in functions returning XError.
var NilXError XError

func (x xerror) Describe() string               { return "error" }
func (x xerror) Truthy() bool                   { return false }
func (x xerror) Render() string                 { return x.native.Error() }
func (x xerror) Format(envs.Environment) string { return x.Render() }
func (x xerror) String() string                 { return fmt.Sprintf("XError(%q)", x.native.Error()) }
func (x xerror) Error() string                  { return x.native.Error() }
func (x xerror) Native() error                  { return x.native }
func (x xerror) Unwrap() error                  { return x.native }
func (x xerror) MarshalJSON() ([]byte, error)   { return []byte("null"), nil }

// Equals compares error messages.
func (x xerror) Equals(o XValue) bool {
	e, ok := o.(XError)
	return ok && e.Error() == x.Error()
}

// IsXError reports whether x is an error value.
func IsXError(x XValue) bool {
	_, ok := x.(XError)
	return ok
}

// AsXError returns the error in x, if any.
func AsXError(x XValue) (XError, bool) {
	e, ok := x.(XError)
	return e, ok
}

// ErrorsAs is errors.As, re-exported for callers unwrapping XErrors.
var ErrorsAs = errors.As
