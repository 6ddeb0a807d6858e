package types

import (
	"github.com/rivuletflows/rivulet/envs"
)

// ToXText converts a value to text: errors stay errors, null is empty text, objects with a
// default convert their default, arrays and objects otherwise render as JSON text.
func ToXText(env envs.Environment, x XValue) (XText, XError) {
	switch v := x.(type) {
	case nil:
		return XTextEmpty, nil
	case XError:
		return XTextEmpty, v
	case XText:
		return v, nil
	case XObject:
		if v.HasDefault() {
			return ToXText(env, v.Default())
		}
	}
	return NewXText(x.Render()), nil
}

// ToXBoolean converts a value to a boolean by its truthiness; errors stay errors.
func ToXBoolean(env envs.Environment, x XValue) (XBoolean, XError) {
	if e, ok := x.(XError); ok {
		return XBooleanFalse, e
	}
	return NewXBoolean(Truthy(x)), nil
}
