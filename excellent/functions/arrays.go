package functions

import (
	"sort"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// The array functions. Arrays are values: these functions return new arrays and never
// change the ones they are given.

func init() {
	Register("array", array)
	registerArgs("count", 1, 1, count)
	registerArgs("concat", 2, 2, concat)
	registerArgs("contains", 2, 2, contains)
	registerArgs("filter", 2, 2, filter)
	registerArgs("foreach", 2, -1, foreach)
	registerArgs("join", 2, 2, join)
	registerArgs("reverse", 1, 1, reverse)
	registerArgs("slice", 2, 3, slice)
	registerArgs("sort", 1, 1, sortArray)
	registerArgs("unique", 1, 1, unique)
}

// array makes an array of its arguments: array(1, "x", true) is [1, x, true].
//
//	@(array(1, "x", true)) → [1, x, true]
//	@(array("a", array(1, 2))) → [a, [1, 2]]
//
// Signature: array([values...])
//
//   - values (any): the items of the array, in order
func array(env envs.Environment, args ...types.XValue) types.XValue {
	if err := firstXError(args); err != nil {
		return err
	}
	return types.NewXArray(append([]types.XValue(nil), args...)...)
}

// items returns the items of an array argument.
func items(env envs.Environment, x types.XValue) ([]types.XValue, types.XError) {
	arr, err := types.ToXArray(env, x)
	if err != nil {
		return nil, err
	}
	out := make([]types.XValue, arr.Count())
	for i := range out {
		out[i] = arr.Get(i)
	}
	return out, nil
}

// count is the number of items of an array or properties of an object.
//
//	@(count(array("a", "b", "c"))) → 3
//	@(count(object("a", 1, "b", 2))) → 2
//	@(count(array())) → 0
//
// Signature: count(value)
//
//   - value (array or object): the array whose items, or object whose properties, are counted
func count(env envs.Environment, args ...types.XValue) types.XValue {
	switch v := args[0].(type) {
	case types.XError:
		return v
	case types.XArray:
		return types.NewXNumberFromInt(v.Count())
	case types.XObject:
		return types.NewXNumberFromInt(v.Count())
	}
	return types.NewXErrorf("value isn't an array or object")
}

// concat joins two arrays: concat(array("a"), array("b")) is [a, b].
//
//	@(concat(array("a", "b"), array(1, 2))) → [a, b, 1, 2]
//
// Signature: concat(array1, array2)
//
//   - array1 (array): the items that come first
//   - array2 (array): the items that follow them
func concat(env envs.Environment, args ...types.XValue) types.XValue {
	a, err := items(env, args[0])
	if err != nil {
		return err
	}
	b, err := items(env, args[1])
	if err != nil {
		return err
	}
	return types.NewXArray(append(a, b...)...)
}

// contains says whether an array holds a value equal to the given one (same type and
// value: 1 and "1" differ).
//
//	@(contains(array("a", "b"), "a")) → true
//	@(contains(array(1, 2), "1")) → false
//
// Signature: contains(array, value)
//
//   - array (array): the array to look in
//   - value (any): the value to look for
func contains(env envs.Environment, args ...types.XValue) types.XValue {
	list, err := items(env, args[0])
	if err != nil {
		return err
	}
	if e, ok := args[1].(types.XError); ok {
		return e
	}
	for _, item := range list {
		if types.Equals(item, args[1]) {
			return types.XBooleanTrue
		}
	}
	return types.XBooleanFalse
}

// filter keeps the items for which the function returns a truthy value:
// filter(array("a", "b", "c"), (x) => x != "c") is [a, b].
//
//	@(filter(array("a", "b", "c"), (x) => x != "c")) → [a, b]
//	@(filter(array(1, 2, 3, 4), (x) => x > 2)) → [3, 4]
//
// Signature: filter(array, function)
//
//   - array (array): the items to filter
//   - function (function): called with each item, e.g. `(x) => x > 2`; the items it is truthy
//     for are kept
func filter(env envs.Environment, args ...types.XValue) types.XValue {
	list, err := items(env, args[0])
	if err != nil {
		return err
	}
	fn, err := asCallable(args[1])
	if err != nil {
		return err
	}
	kept := make([]types.XValue, 0, len(list))
	for _, item := range list {
		result := fn.Call(env, []types.XValue{item})
		if e, ok := result.(types.XError); ok {
			return e
		}
		if types.Truthy(result) {
			kept = append(kept, item)
		}
	}
	return types.NewXArray(kept...)
}

// foreach maps a function over an array, passing any extra arguments after each item:
// foreach(array("the man", "fox"), word, 0) is [the, fox].
//
//	@(foreach(array("a", "b", "c"), upper)) → [A, B, C]
//	@(foreach(array("the man", "fox", "jumped up"), word, 0)) → [the, fox, jumped]
//	@(foreach(array(1, 2, 3), (x) => x * 2)) → [2, 4, 6]
//
// Signature: foreach(array, function [, args...])
//
//   - array (array): the items to map
//   - function (function): called with each item and then the extra arguments, e.g. `upper`
//     or `(x) => x * 2`
//   - args (any): extra arguments passed to the function after each item
func foreach(env envs.Environment, args ...types.XValue) types.XValue {
	list, err := items(env, args[0])
	if err != nil {
		return err
	}
	fn, err := asCallable(args[1])
	if err != nil {
		return err
	}
	mapped := make([]types.XValue, len(list))
	for i, item := range list {
		callArgs := append([]types.XValue{item}, args[2:]...)
		result := fn.Call(env, callArgs)
		if e, ok := result.(types.XError); ok {
			return e
		}
		mapped[i] = result
	}
	return types.NewXArray(mapped...)
}

// join writes the items of an array as text with a separator between them.
//
//	@(join(array("a", "b", "c"), "|")) → a|b|c
//	@(join(array(1, 2), ", ")) → 1, 2
//
// Signature: join(array, separator)
//
//   - array (array): the items to join, each written as text
//   - separator (text): the text written between two items
func join(env envs.Environment, args ...types.XValue) types.XValue {
	list, err := items(env, args[0])
	if err != nil {
		return err
	}
	sep, err := types.ToXText(env, args[1])
	if err != nil {
		return err
	}
	parts := make([]string, len(list))
	for i, item := range list {
		t, err := types.ToXText(env, item)
		if err != nil {
			return err
		}
		parts[i] = t.Native()
	}
	return types.NewXText(strings.Join(parts, sep.Native()))
}

// reverse returns the items in reverse order.
//
//	@(reverse(array(1, 2, 3))) → [3, 2, 1]
//
// Signature: reverse(array)
//
//   - array (array): the items to reverse
func reverse(env envs.Environment, args ...types.XValue) types.XValue {
	list, err := items(env, args[0])
	if err != nil {
		return err
	}
	out := make([]types.XValue, len(list))
	for i, item := range list {
		out[len(list)-1-i] = item
	}
	return types.NewXArray(out...)
}

// slice returns the items from start up to but excluding end (the end by default);
// negative positions count from the end and positions past either end are clamped:
// slice(array("a", "b", "c"), 0, -1) is [a, b].
//
//	@(slice(array("a", "b", "c"), 1)) → [b, c]
//	@(slice(array("a", "b", "c"), 0, -1)) → [a, b]
//	@(slice(array("a", "b", "c"), -2)) → [b, c]
//
// Signature: slice(array, start [, end])
//
//   - array (array): the items to slice
//   - start (integer): the position of the first item to keep, 0 for the first; negative
//     counts from the end
//   - end (integer, default the end of the array): the position to stop before; negative
//     counts from the end
func slice(env envs.Environment, args ...types.XValue) types.XValue {
	list, err := items(env, args[0])
	if err != nil {
		return err
	}
	start, err := types.ToInteger(env, args[1])
	if err != nil {
		return err
	}
	end, err := optionalInt(env, args, 2, len(list))
	if err != nil {
		return err
	}
	start, end = sliceBounds(start, end, len(list))
	if start == end {
		return types.XArrayEmpty
	}
	return types.NewXArray(append([]types.XValue(nil), list[start:end]...)...)
}

// sortArray orders the items, which must all be of one comparable type (numbers, texts,
// dates...): sort(array(3, 1, 2)) is [1, 2, 3].
//
//	@(sort(array(3, 1, 2))) → [1, 2, 3]
//	@(sort(array("c", "a", "b"))) → [a, b, c]
//	@(sort(array(1, "a"))) → ERROR
//
// Signature: sort(array)
//
//   - array (array): the items to order
func sortArray(env envs.Environment, args ...types.XValue) types.XValue {
	list, err := items(env, args[0])
	if err != nil {
		return err
	}
	sorted := append([]types.XValue(nil), list...)
	var cmpErr types.XError
	sort.SliceStable(sorted, func(i, j int) bool {
		c, err := types.Compare(sorted[i], sorted[j])
		if err != nil && cmpErr == nil {
			cmpErr = err
		}
		return c < 0
	})
	if cmpErr != nil {
		return cmpErr
	}
	return types.NewXArray(sorted...)
}

// unique drops repeated items, keeping the first of each: unique(array(1, 3, 2, 3)) is
// [1, 3, 2].
//
//	@(unique(array(1, 3, 2, 3))) → [1, 3, 2]
//
// Signature: unique(array)
//
//   - array (array): the items to deduplicate
func unique(env envs.Environment, args ...types.XValue) types.XValue {
	list, err := items(env, args[0])
	if err != nil {
		return err
	}
	kept := make([]types.XValue, 0, len(list))
	for _, item := range list {
		seen := false
		for _, k := range kept {
			if types.Equals(k, item) {
				seen = true
				break
			}
		}
		if !seen {
			kept = append(kept, item)
		}
	}
	return types.NewXArray(kept...)
}
