package functions

import (
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/shopspring/decimal"
)

// The number functions. Numbers are exact decimals, so round(12.145, 2) is 12.15 and no
// float noise ever shows in a message.

func init() {
	registerArgs("abs", 1, 1, abs)
	registerArgs("max", 1, -1, maxNumber)
	registerArgs("min", 1, -1, minNumber)
	registerArgs("mean", 1, -1, mean)
	registerArgs("mod", 2, 2, mod)

	// round rounds a number to the nearest, at the given places (0 by default; negative
	// places round to tens, hundreds...); halves round away from zero.
	//
	//	@(round(12.141)) → 12
	//	@(round(12.145, 2)) → 12.15
	//	@(round(1234.56, -2)) → 1200
	//	@(round("x")) → ERROR
	//
	// Signature: round(number [, places])
	//
	//   - number (number): the number to round
	//   - places (integer, default 0): how many decimals to keep, up to 9; negative rounds to
	//     tens, hundreds...
	registerArgs("round", 1, 2, roundWith(decimal.Decimal.Round))

	// round_up rounds a number up, at the given places (0 by default).
	//
	//	@(round_up(12.141)) → 13
	//	@(round_up(12.141, 2)) → 12.15
	//
	// Signature: round_up(number [, places])
	//
	//   - number (number): the number to round
	//   - places (integer, default 0): how many decimals to keep, up to 9; negative rounds to
	//     tens, hundreds...
	registerArgs("round_up", 1, 2, roundWith(decimal.Decimal.RoundCeil))

	// round_down rounds a number down, at the given places (0 by default).
	//
	//	@(round_down(12.9)) → 12
	//	@(round_down(12.149, 2)) → 12.14
	//
	// Signature: round_down(number [, places])
	//
	//   - number (number): the number to round
	//   - places (integer, default 0): how many decimals to keep, up to 9; negative rounds to
	//     tens, hundreds...
	registerArgs("round_down", 1, 2, roundWith(decimal.Decimal.RoundFloor))

	registerArgs("rand", 0, 0, randDecimal)
	registerArgs("rand_between", 2, 2, randBetween)
	registerArgs("percent", 1, 1, percent)
	registerArgs("sum", 1, 1, sum)
	registerArgs("format_number", 1, 3, formatNumber)
}

// maxPlaces bounds the decimal places of rounding and formatting.
const maxPlaces = 9

// abs is the absolute value.
//
//	@(abs(-10)) → 10
//	@(abs(10.5)) → 10.5
//	@(abs("foo")) → ERROR
//
// Signature: abs(number)
//
//   - number (number): the number to take the absolute value of
func abs(env envs.Environment, args ...types.XValue) types.XValue {
	n, err := types.ToXNumber(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXNumber(n.Native().Abs())
}

// numbers converts every argument to a number.
func numbers(env envs.Environment, args []types.XValue) ([]decimal.Decimal, types.XError) {
	nums := make([]decimal.Decimal, len(args))
	for i, a := range args {
		n, err := types.ToXNumber(env, a)
		if err != nil {
			return nil, err
		}
		nums[i] = n.Native()
	}
	return nums, nil
}

// maxNumber is the largest of its arguments: max(1, -1, 10) is 10.
//
//	@(max(1, -1, 10)) → 10
//	@(max("10", 2.5)) → 10
//
// Signature: max(numbers...)
//
//   - numbers (number): the numbers to compare
func maxNumber(env envs.Environment, args ...types.XValue) types.XValue {
	nums, err := numbers(env, args)
	if err != nil {
		return err
	}
	return types.NewXNumber(decimal.Max(nums[0], nums[1:]...))
}

// minNumber is the smallest of its arguments.
//
//	@(min(1, -1, 10)) → -1
//
// Signature: min(numbers...)
//
//   - numbers (number): the numbers to compare
func minNumber(env envs.Environment, args ...types.XValue) types.XValue {
	nums, err := numbers(env, args)
	if err != nil {
		return err
	}
	return types.NewXNumber(decimal.Min(nums[0], nums[1:]...))
}

// mean is the arithmetic mean of its arguments: mean(1, 2, 6) is 3.
//
//	@(mean(1, 2, 6)) → 3
//	@(mean(1, "x")) → ERROR
//
// Signature: mean(numbers...)
//
//   - numbers (number): the numbers to average
func mean(env envs.Environment, args ...types.XValue) types.XValue {
	nums, err := numbers(env, args)
	if err != nil {
		return err
	}
	return types.NewXNumber(decimal.Sum(nums[0], nums[1:]...).Div(decimal.NewFromInt(int64(len(nums)))))
}

// mod is the remainder of dividing the first number by the second, with the sign of the
// first.
//
//	@(mod(5, 2)) → 1
//	@(mod(-4, 3)) → -1
//	@(mod(5, 0)) → ERROR
//
// Signature: mod(dividend, divisor)
//
//   - dividend (number): the number to divide
//   - divisor (number): the number to divide by; 0 is an error
func mod(env envs.Environment, args ...types.XValue) types.XValue {
	nums, err := numbers(env, args)
	if err != nil {
		return err
	}
	if nums[1].IsZero() {
		return types.NewXErrorf("division by zero")
	}
	return types.NewXNumber(nums[0].Mod(nums[1]))
}

// roundWith makes round, round_up and round_down: the number rounded to the given places
// (0 by default; negative places round to tens, hundreds...).
func roundWith(round func(decimal.Decimal, int32) decimal.Decimal) types.XFunc {
	return func(env envs.Environment, args ...types.XValue) types.XValue {
		n, err := types.ToXNumber(env, args[0])
		if err != nil {
			return err
		}
		places, err := optionalInt(env, args, 1, 0)
		if err != nil {
			return err
		}
		if places > maxPlaces || places < -maxPlaces {
			return types.NewXErrorf("can't round to more than %d decimal places", maxPlaces)
		}
		return types.NewXNumber(round(n.Native(), int32(places)))
	}
}

// randDecimal is a random number in [0, 1) from the engine's random source.
//
//	@(rand()) → 0.774856886849196
//
// Signature: rand()
func randDecimal(env envs.Environment, args ...types.XValue) types.XValue {
	return types.NewXNumber(env.Random().Decimal())
}

// randBetween is a random whole number from min to max inclusive.
//
//	@(rand_between(1, 10)) → 8
//
// Signature: rand_between(min, max)
//
//   - min (integer): the smallest number it may return
//   - max (integer): the largest number it may return
func randBetween(env envs.Environment, args ...types.XValue) types.XValue {
	min, err := types.ToInteger(env, args[0])
	if err != nil {
		return err
	}
	max, err := types.ToInteger(env, args[1])
	if err != nil {
		return err
	}
	if max < min {
		return types.NewXErrorf("max %d is less than min %d", max, min)
	}
	// scale a random decimal rather than drawing an int, so a seeded source gives the
	// same numbers as the recorded reference engine
	span := decimal.NewFromInt(int64(max - min + 1))
	return types.NewXNumber(env.Random().Decimal().Mul(span).Floor().Add(decimal.NewFromInt(int64(min))))
}

// percent writes a fraction as a whole percentage: percent(0.54234) is 54%.
//
//	@(percent(0.54234)) → 54%
//	@(percent(1.2)) → 120%
//	@(percent("x")) → ERROR
//
// Signature: percent(number)
//
//   - number (number): the fraction to write, 0.5 for 50%
func percent(env envs.Environment, args ...types.XValue) types.XValue {
	n, err := types.ToXNumber(env, args[0])
	if err != nil {
		return err
	}
	pct := n.Native().Mul(decimal.NewFromInt(100))
	return types.NewXText(types.FormatNumber(pct, env.NumberFormat(), 0, true) + "%")
}

// sum adds up the items of an array, each converted to a number.
//
//	@(sum(array(1, 2, "3"))) → 6
//	@(sum(array())) → 0
//
// Signature: sum(array)
//
//   - array (array): the numbers to add up
func sum(env envs.Environment, args ...types.XValue) types.XValue {
	arr, err := types.ToXArray(env, args[0])
	if err != nil {
		return err
	}
	total := decimal.Zero
	for i := 0; i < arr.Count(); i++ {
		n, err := types.ToXNumber(env, arr.Get(i))
		if err != nil {
			return err
		}
		total = total.Add(n.Native())
	}
	return types.NewXNumber(total)
}

// formatNumber writes a number for people: format_number(1234.5670) is 1,234.567,
// format_number(1234.5670, 2) is 1,234.57 and format_number(1234.5678, 0, false) is 1235.
// Without places the number keeps its significant decimals; humanize (default true) groups
// the thousands.
//
//	@(format_number(1234.5670)) → 1,234.567
//	@(format_number(1234.5670, 2)) → 1,234.57
//	@(format_number(1234.5678, 0, false)) → 1235
//	@(format_number("foo", 2)) → ERROR
//
// Signature: format_number(number [, places [, humanize]])
//
//   - number (number): the number to write
//   - places (integer, default its significant decimals): how many decimals to write, from 0
//     to 9
//   - humanize (boolean, default true): whether to group the thousands, as in 1,234
func formatNumber(env envs.Environment, args ...types.XValue) types.XValue {
	n, err := types.ToXNumber(env, args[0])
	if err != nil {
		return err
	}
	places, err := optionalInt(env, args, 1, -1)
	if err != nil {
		return err
	}
	if len(args) > 1 && (places < 0 || places > maxPlaces) {
		return types.NewXErrorf("must take 0-%d number of places, got %d", maxPlaces, places)
	}
	humanize := true
	if len(args) > 2 {
		b, err := types.ToXBoolean(env, args[2])
		if err != nil {
			return err
		}
		humanize = b.Native()
	}
	return types.NewXText(types.FormatNumber(n.Native(), env.NumberFormat(), places, humanize))
}
