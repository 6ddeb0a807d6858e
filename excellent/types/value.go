// Package types holds the values of the expression language: text, number, boolean, date,
// datetime, time, array, object, function and error, and the rules converting between
// them. A nil XValue is null.
package types

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/envs"
)

// XValue is any value of the expression language.
type XValue interface {
	// Describe returns a short description for error messages, e.g. `"abc"` or `number`.
	Describe() string
	// Truthy reports whether the value counts as true in a boolean context.
	Truthy() bool
	// Render returns the value as template output, independent of the environment.
	Render() string
	// Format returns the value as a person would read it under env's formats.
	Format(env envs.Environment) string
	// String returns a debugging representation, e.g. XText("abc").
	String() string
	// Equals reports deep equality with another value of the same type.
	Equals(XValue) bool
	json.Marshaler
}

// XComparable is a value that can be ordered against another of its type.
type XComparable interface {
	XValue
	// Compare returns -1, 0 or 1.
	Compare(XValue) int
}

// XCountable is a value with a length: text, array, object.
type XCountable interface {
	XValue
	Count() int
}

// Describe describes a possibly-nil value.
func Describe(x XValue) string {
	if x == nil {
		return "null"
	}
	return x.Describe()
}

// Truthy reports whether a possibly-nil value is true.
func Truthy(x XValue) bool {
	if x == nil {
		return false
	}
	return x.Truthy()
}

// Render renders a possibly-nil value.
func Render(x XValue) string {
	if x == nil {
		return ""
	}
	return x.Render()
}

// Format formats a possibly-nil value.
func Format(env envs.Environment, x XValue) string {
	if x == nil {
		return ""
	}
	return x.Format(env)
}

// String gives the debug form of a possibly-nil value.
func String(x XValue) string {
	if x == nil {
		return "nil"
	}
	return x.String()
}

// Equals compares two possibly-nil values of the same type.
func Equals(a, b XValue) bool {
	if a == nil && b == nil {
		return true
	}
	if a == nil || b == nil {
		return false
	}
	return a.Equals(b)
}
