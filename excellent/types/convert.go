package types

import (
	"math"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils/dates"
	"github.com/shopspring/decimal"
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

// ToXBoolean converts a value to a boolean by its truthiness, except that the texts "true"
// and "false" are those booleans whatever their case; errors stay errors.
func ToXBoolean(env envs.Environment, x XValue) (XBoolean, XError) {
	if e, ok := x.(XError); ok {
		return XBooleanFalse, e
	}
	// the texts "true" and "false" (in any case) are the booleans they name, as in the
	// established engine, so a field or result holding "false" converts to false
	if t, ok := x.(XText); ok {
		switch strings.ToLower(t.Native()) {
		case "true":
			return XBooleanTrue, nil
		case "false":
			return XBooleanFalse, nil
		}
	}
	return NewXBoolean(Truthy(x)), nil
}

// ParseDecimal reads text such as " 123.45000 " or "-.5" as a decimal, refusing exponents
// and digit grouping so that "1e5" and "1,000" are not numbers.
func ParseDecimal(s string) (decimal.Decimal, bool) {
	s = strings.TrimSpace(s)
	if !isPlainDecimal(s) {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(strings.TrimPrefix(s, "+"))
	return d, err == nil
}

// isPlainDecimal reports whether s is an optional sign, digits and at most one point with
// a digit on at least one side of it: the only text that reads as a number.
func isPlainDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, points := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			points++
		default:
			return false
		}
	}
	return digits > 0 && points <= 1
}

// ToXNumber converts a value to a number: numbers as they are, text when it reads as a
// decimal, objects by their default. Anything else is an error such as
// `unable to convert "what?" to a number`.
func ToXNumber(env envs.Environment, x XValue) (XNumber, XError) {
	switch v := x.(type) {
	case XError:
		return XNumberZero, v
	case XNumber:
		return v, nil
	case XText:
		if d, ok := ParseDecimal(v.native); ok {
			return NewXNumber(d), nil
		}
	case XObject:
		if v.HasDefault() {
			return ToXNumber(env, v.Default())
		}
	}
	return XNumberZero, NewXErrorf("unable to convert %s to a number", Describe(x))
}

// ToInteger converts a value to a number and takes its integer part, for arguments such as
// indexes and counts.
func ToInteger(env envs.Environment, x XValue) (int, XError) {
	n, err := ToXNumber(env, x)
	if err != nil {
		return 0, err
	}
	i := n.native.IntPart()
	if !n.native.Truncate(0).Equal(decimal.NewFromInt(i)) || i < math.MinInt32 || i > math.MaxInt32 {
		return 0, NewXErrorf("number value %s is out of range for an integer", n.Render())
	}
	return int(i), nil
}

// ToXDate converts a value to a date: datetimes take their date in their own timezone,
// text is read as by envs.DateFromString.
func ToXDate(env envs.Environment, x XValue) (XDate, XError) {
	switch v := x.(type) {
	case XError:
		return XDate{}, v
	case XDate:
		return v, nil
	case XDateTime:
		return NewXDate(dates.ExtractDate(v.native)), nil
	case XText:
		if d, err := envs.DateFromString(env, v.native); err == nil {
			return NewXDate(d), nil
		}
	case XObject:
		if v.HasDefault() {
			return ToXDate(env, v.Default())
		}
	}
	return XDate{}, NewXErrorf("unable to convert %s to a date", Describe(x))
}

// ToXDateTime converts a value to a datetime: dates become their midnight in the
// environment's timezone, text is read as by envs.DateTimeFromString with a missing time
// meaning midnight.
func ToXDateTime(env envs.Environment, x XValue) (XDateTime, XError) {
	return toXDateTime(env, x, false)
}

// ToXDateTimeWithTimeFill is ToXDateTime where text without a time takes the current time
// of day, for functions like datetime_add("2017-01-15", ...) meant relative to now.
func ToXDateTimeWithTimeFill(env envs.Environment, x XValue) (XDateTime, XError) {
	return toXDateTime(env, x, true)
}

func toXDateTime(env envs.Environment, x XValue, fillTime bool) (XDateTime, XError) {
	switch v := x.(type) {
	case XError:
		return XDateTime{}, v
	case XDateTime:
		return v, nil
	case XDate:
		tod := dates.TimeOfDay{}
		if fillTime {
			tod = dates.ExtractTimeOfDay(env.Now().In(env.Timezone()))
		}
		return NewXDateTime(v.native.Combine(tod, env.Timezone())), nil
	case XText:
		if t, err := envs.DateTimeFromString(env, v.native, fillTime); err == nil {
			return NewXDateTime(t), nil
		}
	case XObject:
		if v.HasDefault() {
			return toXDateTime(env, v.Default(), fillTime)
		}
	}
	return XDateTime{}, NewXErrorf("unable to convert %s to a datetime", Describe(x))
}

// ToXTime converts a value to a time of day: datetimes take their time in their own
// timezone, text is read as by envs.TimeFromString, a whole number 0-23 is that hour.
func ToXTime(env envs.Environment, x XValue) (XTime, XError) {
	switch v := x.(type) {
	case XError:
		return XTime{}, v
	case XTime:
		return v, nil
	case XDateTime:
		return NewXTime(dates.ExtractTimeOfDay(v.native)), nil
	case XText:
		if t, err := envs.TimeFromString(v.native); err == nil {
			return NewXTime(t), nil
		}
	case XNumber:
		if v.native.IsInteger() && v.native.Sign() >= 0 && v.native.LessThan(decimal.NewFromInt(24)) {
			return NewXTime(dates.NewTimeOfDay(int(v.native.IntPart()), 0, 0, 0)), nil
		}
	case XObject:
		if v.HasDefault() {
			return ToXTime(env, v.Default())
		}
	}
	return XTime{}, NewXErrorf("unable to convert %s to a time", Describe(x))
}

// ToXArray converts a value to an array: arrays as they are, null as the empty array,
// objects by their default when it is an array.
func ToXArray(env envs.Environment, x XValue) (XArray, XError) {
	switch v := x.(type) {
	case nil:
		return XArrayEmpty, nil
	case XError:
		return XArrayEmpty, v
	case XArray:
		return v, nil
	case XObject:
		if v.HasDefault() {
			if a, ok := v.Default().(XArray); ok {
				return a, nil
			}
		}
	}
	return XArrayEmpty, NewXErrorf("unable to convert %s to an array", Describe(x))
}

// ToXObject converts a value to an object: objects as they are, null as the empty object.
func ToXObject(env envs.Environment, x XValue) (XObject, XError) {
	switch v := x.(type) {
	case nil:
		return XObjectEmpty, nil
	case XError:
		return XObjectEmpty, v
	case XObject:
		return v, nil
	}
	return XObjectEmpty, NewXErrorf("unable to convert %s to an object", Describe(x))
}

// ToXJSON returns the JSON text of a value, e.g. "\"abc\"", "[1,\"x\",true]", "null";
// an error value stays an error.
func ToXJSON(x XValue) (XText, XError) {
	if e, ok := x.(XError); ok {
		return XTextEmpty, e
	}
	b, err := marshalValue(x)
	if err != nil {
		return XTextEmpty, NewXErrorf("unable to marshal %s to JSON: %s", Describe(x), err)
	}
	return NewXText(string(b)), nil
}

// IsEmpty reports whether a value is null, empty text, an empty array or an object with
// no properties and no default: what default() replaces.
func IsEmpty(x XValue) bool {
	switch v := x.(type) {
	case nil:
		return true
	case XText:
		return v.native == ""
	case XArray:
		return v.Count() == 0
	case XObject:
		return !v.HasDefault() && v.Count() == 0
	}
	return false
}

// Compare orders two values of the same comparable type (text, number, boolean, date,
// datetime, time), returning an error naming them when they can't be ordered.
func Compare(a, b XValue) (int, XError) {
	switch av := a.(type) {
	case XText:
		if bv, ok := b.(XText); ok {
			return av.Compare(bv), nil
		}
	case XNumber:
		if bv, ok := b.(XNumber); ok {
			return av.Compare(bv), nil
		}
	case XBoolean:
		if bv, ok := b.(XBoolean); ok {
			return av.Compare(bv), nil
		}
	case XDate:
		if bv, ok := b.(XDate); ok {
			return av.Compare(bv), nil
		}
	case XDateTime:
		if bv, ok := b.(XDateTime); ok {
			return av.Compare(bv), nil
		}
	case XTime:
		if bv, ok := b.(XTime); ok {
			return av.Compare(bv), nil
		}
	}
	return 0, NewXErrorf("can't compare %s and %s", Describe(a), Describe(b))
}
