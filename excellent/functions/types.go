package functions

import (
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// This file holds the conversion functions (text, boolean, number, date, datetime, time)
// and the argument checks shared by the function families of this package.

func init() {
	// text converts a value to text as a template would write it.
	//
	//	@(text(3 = 3)) → true
	//	@(text(123.40)) → 123.4
	//	@(text(array(1, "a"))) → [1, a]
	//
	// Signature: text(value)
	//
	//   - value (any): the value to convert
	registerArgs("text", 1, 1, convertWith(types.ToXText))

	// boolean converts a value to true or false: empty text, zero, an empty array or
	// object are false.
	//
	//	@(boolean(array(1, 2))) → true
	//	@(boolean(array())) → false
	//	@(boolean("")) → false
	//	@(boolean(1 / 0)) → ERROR
	//
	// Signature: boolean(value)
	//
	//   - value (any): the value to convert
	registerArgs("boolean", 1, 1, convertWith(types.ToXBoolean))

	// number converts a value to a number; text must be a plain decimal, without digit
	// grouping.
	//
	//	@(number(10)) → 10
	//	@(number("123.45000")) → 123.45
	//	@(number("1,234.5")) → ERROR
	//	@(number("what?")) → ERROR
	//
	// Signature: number(value)
	//
	//   - value (any): the value to convert
	registerArgs("number", 1, 1, convertWith(types.ToXNumber))

	// date converts a value to a date, reading text in the environment's date format or
	// ISO 8601.
	//
	//	@(date("1979-07-18")) → 1979-07-18
	//	@(date("1979-07-18T10:30:45.123456Z")) → 1979-07-18
	//	@(date("2010 05 10")) → 2010-05-10
	//	@(date("NOT DATE")) → ERROR
	//
	// Signature: date(value)
	//
	//   - value (any): the value to convert, usually text such as `"2024-06-10"`
	registerArgs("date", 1, 1, convertWith(types.ToXDate))

	// datetime converts a value to a datetime, reading text in the environment's formats
	// or ISO 8601; without an offset it is in the environment's timezone.
	//
	//	@(datetime("1979-07-18")) → 1979-07-18T00:00:00.000000Z
	//	@(datetime("1979-07-18T10:30:45.123456-05:00")) → 1979-07-18T10:30:45.123456-05:00
	//	@(datetime("2010 05 10 14:50")) → 2010-05-10T14:50:00.000000Z
	//	@(datetime("NOT DATE")) → ERROR
	//
	// Signature: datetime(value)
	//
	//   - value (any): the value to convert, usually text such as `"2024-06-10 14:30"`
	registerArgs("datetime", 1, 1, convertWith(types.ToXDateTime))

	// time converts a value to a time of day; a datetime gives its time.
	//
	//	@(time("10:30")) → 10:30:00.000000
	//	@(time("10:30:45 PM")) → 22:30:45.000000
	//	@(time(datetime("1979-07-18T10:30:45.123456Z"))) → 10:30:45.123456
	//	@(time("what?")) → ERROR
	//
	// Signature: time(value)
	//
	//   - value (any): the value to convert, usually text such as `"10:30"`
	registerArgs("time", 1, 1, convertWith(types.ToXTime))
}

// convertWith makes a one-argument function of a conversion, e.g. number("12") is 12 and
// number("what?") an error.
func convertWith[T types.XValue](convert func(envs.Environment, types.XValue) (T, types.XError)) types.XFunc {
	return func(env envs.Environment, args ...types.XValue) types.XValue {
		v, err := convert(env, args[0])
		if err != nil {
			return err
		}
		return v
	}
}

// firstXError returns the first argument that is an error, for functions that pass their
// arguments through unconverted (array, object) yet must not swallow errors.
func firstXError(args []types.XValue) types.XError {
	for _, a := range args {
		if e, ok := a.(types.XError); ok {
			return e
		}
	}
	return nil
}

// optionalInt reads the integer argument at i, or def when there are fewer arguments.
func optionalInt(env envs.Environment, args []types.XValue, i, def int) (int, types.XError) {
	if len(args) <= i {
		return def, nil
	}
	return types.ToInteger(env, args[i])
}

// sliceBounds resolves the start and end of a slice of n items (text_slice, slice) the
// way Python does: negative positions count from the end, positions past either end are
// clamped, and an end before the start gives an empty slice (start == end).
func sliceBounds(start, end, n int) (int, int) {
	clamp := func(i int) int {
		if i < 0 {
			i += n
		}
		return max(0, min(i, n))
	}
	start, end = clamp(start), clamp(end)
	return start, max(start, end)
}

// optionalText reads the text argument at i, or def when there are fewer arguments.
func optionalText(env envs.Environment, args []types.XValue, i int, def string) (string, types.XError) {
	if len(args) <= i {
		return def, nil
	}
	t, err := types.ToXText(env, args[i])
	return t.Native(), err
}

// asCallable reads a function argument such as foreach's second.
func asCallable(x types.XValue) (types.XFunction, types.XError) {
	if e, ok := x.(types.XError); ok {
		return nil, e
	}
	fn, ok := x.(types.XFunction)
	if !ok {
		return nil, types.NewXErrorf("%s is not a function", types.Describe(x))
	}
	return fn, nil
}
