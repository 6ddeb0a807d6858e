package excellent

import (
	"math"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/shopspring/decimal"
)

// applyOperator computes `left op right`. Errors in the operands are the result (the left
// one first), so an error anywhere in an expression reaches its output.
func applyOperator(env envs.Environment, op Operator, left, right types.XValue) types.XValue {
	if e, ok := left.(types.XError); ok {
		return e
	}
	if e, ok := right.(types.XError); ok {
		return e
	}
	switch op {
	case OpEqual, OpNotEqual:
		eq, xerr := equal(env, left, right)
		if xerr != nil {
			return xerr
		}
		return types.NewXBoolean(eq == (op == OpEqual))
	case OpLessThan, OpLessThanOrEqual, OpGreaterThan, OpGreaterThanOrEqual:
		c, xerr := compare(env, left, right)
		if xerr != nil {
			return xerr
		}
		switch op {
		case OpLessThan:
			return types.NewXBoolean(c < 0)
		case OpLessThanOrEqual:
			return types.NewXBoolean(c <= 0)
		case OpGreaterThan:
			return types.NewXBoolean(c > 0)
		}
		return types.NewXBoolean(c >= 0)
	case OpConcatenate:
		return concatenate(env, left, right)
	}
	return arithmetic(env, op, left, right)
}

// equal compares two values of one type by value (numbers numerically, so 1.0 = 1), and
// values of different types as text (so 1 = "1").
func equal(env envs.Environment, left, right types.XValue) (bool, types.XError) {
	if left == nil || right == nil {
		if left == nil && right == nil {
			return true, nil
		}
	} else if sameKind(left, right) {
		return left.Equals(right), nil
	}
	l, xerr := types.ToXText(env, left)
	if xerr != nil {
		return false, xerr
	}
	r, xerr := types.ToXText(env, right)
	if xerr != nil {
		return false, xerr
	}
	return l.Native() == r.Native(), nil
}

// sameKind reports whether two non-nil values are of the same value type.
func sameKind(a, b types.XValue) bool {
	switch a.(type) {
	case types.XText:
		_, ok := b.(types.XText)
		return ok
	case types.XNumber:
		_, ok := b.(types.XNumber)
		return ok
	case types.XBoolean:
		_, ok := b.(types.XBoolean)
		return ok
	case types.XDate:
		_, ok := b.(types.XDate)
		return ok
	case types.XDateTime:
		_, ok := b.(types.XDateTime)
		return ok
	case types.XTime:
		_, ok := b.(types.XTime)
		return ok
	}
	return false
}

// compare orders two dates, datetimes or times of the same type by time, and anything else
// as numbers; texts that aren't numbers can't be ordered, so "foo" > "bar" is an error.
func compare(env envs.Environment, left, right types.XValue) (int, types.XError) {
	switch l := left.(type) {
	case types.XDate, types.XDateTime, types.XTime:
		if sameKind(left, right) {
			return l.(types.XComparable).Compare(right), nil
		}
	}
	l, xerr := types.ToXNumber(env, left)
	if xerr != nil {
		return 0, xerr
	}
	r, xerr := types.ToXNumber(env, right)
	if xerr != nil {
		return 0, xerr
	}
	return l.Native().Cmp(r.Native()), nil
}

// concatenate joins two values as text, within MaxTextLength.
func concatenate(env envs.Environment, left, right types.XValue) types.XValue {
	l, xerr := types.ToXText(env, left)
	if xerr != nil {
		return xerr
	}
	r, xerr := types.ToXText(env, right)
	if xerr != nil {
		return xerr
	}
	if len(l.Native())+len(r.Native()) > MaxTextLength {
		return textTooLong()
	}
	return types.NewXText(l.Native() + r.Native())
}

// arithmetic computes + - * / ^ on two numbers, refusing results beyond MaxNumberDigits.
func arithmetic(env envs.Environment, op Operator, left, right types.XValue) types.XValue {
	ln, xerr := types.ToXNumber(env, left)
	if xerr != nil {
		return xerr
	}
	rn, xerr := types.ToXNumber(env, right)
	if xerr != nil {
		return xerr
	}
	l, r := ln.Native(), rn.Native()
	var result decimal.Decimal
	switch op {
	case OpAdd:
		result = l.Add(r)
	case OpSubtract:
		result = l.Sub(r)
	case OpMultiply:
		result = l.Mul(r)
	case OpDivide:
		if r.IsZero() {
			return types.NewXErrorf("division by zero")
		}
		result = l.Div(r)
	case OpExponent:
		var xerr types.XError
		if result, xerr = power(l, r); xerr != nil {
			return xerr
		}
	}
	return checkNumber(result)
}

// power computes base ^ exponent. The magnitude of the result is estimated first so a huge
// power is refused before it is computed (an exact 2 ^ 100000000 would take seconds).
func power(base, exponent decimal.Decimal) (decimal.Decimal, types.XError) {
	if base.Abs().Equal(decimal.NewFromInt(1)) && exponent.IsInteger() {
		// ±1 to any whole power, without multiplying out the base's decimal places
		if base.Sign() < 0 && exponent.Mod(decimal.NewFromInt(2)).Abs().Equal(decimal.NewFromInt(1)) {
			return decimal.NewFromInt(-1), nil
		}
		return decimal.NewFromInt(1), nil
	}
	if !base.IsZero() {
		magnitude := math.Log10(math.Abs(base.InexactFloat64())) * exponent.InexactFloat64()
		if math.IsNaN(magnitude) || magnitude >= MaxNumberDigits+1 {
			return decimal.Zero, outOfRange()
		}
		if magnitude < -(MaxNumberDigits + 32) {
			return decimal.Zero, nil // far below anything a decimal(36, 8) holds
		}
		if exponent.Abs().GreaterThan(decimal.NewFromInt(MaxExponent)) {
			// a base near 1 keeps the magnitude small, but raising it this far would take
			// unbounded work and digits
			return decimal.Zero, outOfRange()
		}
	}
	// keep the digits bounded: a base with many decimal places (itself a power) raised again
	// would otherwise multiply them out exactly
	base = base.Round(int32(decimal.DivisionPrecision))
	result, err := base.PowWithPrecision(exponent, int32(decimal.DivisionPrecision))
	if err == nil {
		result = result.Round(int32(decimal.DivisionPrecision))
	}
	if err != nil {
		return decimal.Zero, types.NewXErrorf("unable to compute %s ^ %s", base.String(), exponent.String())
	}
	return result, nil
}

// checkNumber refuses numbers with more than MaxNumberDigits integer digits.
func checkNumber(d decimal.Decimal) types.XValue {
	if d.Abs().Cmp(maxNumber) >= 0 {
		return outOfRange()
	}
	return types.NewXNumber(d)
}

func outOfRange() types.XError { return types.NewXErrorf("number value out of range") }
