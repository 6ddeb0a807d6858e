package functions

import (
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// The object functions.

func init() {
	Register("object", object)
	registerArgs("default", 2, 2, defaultValue)
	registerArgs("extract", 2, 2, extract)
	registerArgs("extract_object", 2, -1, extractObject)
	registerArgs("keys", 1, 1, keys)
	registerArgs("foreach_value", 2, -1, foreachValue)
}

// object makes an object from alternating keys and values:
// object("a", 123, "b", "hello") is {a: 123, b: hello}.
//
//	@(object("a", 123, "b", "hello")) → {a: 123, b: hello}
//	@(object("a")) → ERROR
//
// Signature: object([pairs...])
//
//   - pairs (any): keys and values alternating: a key (text), then its value
func object(env envs.Environment, args ...types.XValue) types.XValue {
	if len(args)%2 != 0 {
		return types.NewXErrorf("requires an even number of arguments")
	}
	if err := firstXError(args); err != nil {
		return err
	}
	props := make(map[string]types.XValue, len(args)/2)
	for i := 0; i < len(args); i += 2 {
		key, err := types.ToXText(env, args[i])
		if err != nil {
			return err
		}
		props[key.Native()] = args[i+1]
	}
	return types.NewXObject(props)
}

// defaultValue is the value unless it is empty (null, "", an empty array or object) or an
// error, in which case it is the default: default(contact.fields.age, 18).
//
//	@(default(undeclared.var, "default")) → default
//	@(default("", "empty")) → empty
//	@(default("hello", "x")) → hello
//	@(default(number("x"), 18)) → 18
//
// Signature: default(value, fallback)
//
//   - value (any): the value to use when it is neither empty nor an error
//   - fallback (any): what to use instead
func defaultValue(env envs.Environment, args ...types.XValue) types.XValue {
	if types.IsEmpty(args[0]) || types.IsXError(args[0]) {
		return args[1]
	}
	return args[0]
}

// extract looks up a property of an object by name: extract(contact, "name"). A missing
// property is the same error as the lookup contact.missing.
//
//	@(extract(object("name", "Bob", "age", 42), "name")) → Bob
//	@(extract(object("a", 1), "b")) → ERROR
//
// Signature: extract(object, name)
//
//   - object (object): the object to look in, such as `contact`
//   - name (text): the name of the property
func extract(env envs.Environment, args ...types.XValue) types.XValue {
	obj, err := types.ToXObject(env, args[0])
	if err != nil {
		return err
	}
	name, err := types.ToXText(env, args[1])
	if err != nil {
		return err
	}
	v, ok := obj.Get(name.Native())
	if !ok {
		return types.NewXErrorf("object has no property '%s'", name.Native())
	}
	return v
}

// extractObject makes a new object of the named properties of an object:
// extract_object(contact.groups[0], "name") is {name: Testers}. Missing properties are
// null in the result.
//
//	@(extract_object(object("a", 1, "b", 2, "c", 3), "a", "c")) → {a: 1, c: 3}
//
// Signature: extract_object(object, names...)
//
//   - object (object): the object to copy properties from
//   - names (text): the names of the properties to keep
func extractObject(env envs.Environment, args ...types.XValue) types.XValue {
	obj, err := types.ToXObject(env, args[0])
	if err != nil {
		return err
	}
	props := make(map[string]types.XValue, len(args)-1)
	for _, a := range args[1:] {
		name, err := types.ToXText(env, a)
		if err != nil {
			return err
		}
		v, _ := obj.Get(name.Native())
		props[name.Native()] = v
	}
	return types.NewXObject(props)
}

// keys lists the property names of an object in sorted order; keys(null) is [].
//
//	@(keys(object("b", 1, "a", 2))) → [a, b]
//	@(keys(null)) → []
//
// Signature: keys(object)
//
//   - object (object): the object whose property names are listed
func keys(env envs.Environment, args ...types.XValue) types.XValue {
	obj, err := types.ToXObject(env, args[0])
	if err != nil {
		return err
	}
	names := obj.Properties()
	out := make([]types.XValue, len(names))
	for i, n := range names {
		out[i] = types.NewXText(n)
	}
	return types.NewXArray(out...)
}

// foreachValue maps a function over the values of an object, keeping the keys and passing
// any extra arguments after each value: foreach_value(object("a", "x"), upper) is {a: X}.
//
//	@(foreach_value(object("a", "x", "b", "y"), upper)) → {a: X, b: Y}
//	@(foreach_value(object("a", 1, "b", 2), (v) => v * 10)) → {a: 10, b: 20}
//
// Signature: foreach_value(object, function [, args...])
//
//   - object (object): the object whose values are mapped
//   - function (function): called with each value and then the extra arguments
//   - args (any): extra arguments passed to the function after each value
func foreachValue(env envs.Environment, args ...types.XValue) types.XValue {
	obj, err := types.ToXObject(env, args[0])
	if err != nil {
		return err
	}
	fn, err := asCallable(args[1])
	if err != nil {
		return err
	}
	props := make(map[string]types.XValue, obj.Count())
	for _, k := range obj.Properties() {
		v, _ := obj.Get(k)
		result := fn.Call(env, append([]types.XValue{v}, args[2:]...))
		if e, ok := result.(types.XError); ok {
			return e
		}
		props[k] = result
	}
	return types.NewXObject(props)
}
