package types

import (
	"strconv"

	"github.com/rivuletflows/rivulet/envs"
)

// XBoolean is true or false.
type XBoolean struct{ native bool }

// The two booleans.
var (
	XBooleanTrue  = XBoolean{true}
	XBooleanFalse = XBoolean{false}
)

// NewXBoolean wraps a bool.
func NewXBoolean(b bool) XBoolean { return XBoolean{b} }

func (x XBoolean) Describe() string               { return x.Render() }
func (x XBoolean) Truthy() bool                   { return x.native }
func (x XBoolean) Render() string                 { return strconv.FormatBool(x.native) }
func (x XBoolean) Format(envs.Environment) string { return x.Render() }
func (x XBoolean) String() string                 { return "XBoolean(" + x.Render() + ")" }
func (x XBoolean) Native() bool                   { return x.native }
func (x XBoolean) MarshalJSON() ([]byte, error)   { return []byte(x.Render()), nil }

// Equals compares two booleans.
func (x XBoolean) Equals(o XValue) bool {
	b, ok := o.(XBoolean)
	return ok && b.native == x.native
}

// Compare orders false before true.
func (x XBoolean) Compare(o XValue) int {
	b := o.(XBoolean)
	switch {
	case x.native == b.native:
		return 0
	case !x.native:
		return -1
	}
	return 1
}
