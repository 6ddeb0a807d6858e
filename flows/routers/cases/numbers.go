package cases

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/shopspring/decimal"
)

// Number case tests: whether the operand contains a number, optionally within bounds. The
// first number in the text that satisfies the test is the match. Numbers may be written
// with any script's digits ("العدد ٤٢" holds 42), with the environment's decimal and digit
// grouping symbols, and may run into letters ("25yrs").

func init() {
	register("has_number", 1, 1, hasNumber)
	register("has_number_between", 3, 3, hasNumberBetween)

	// has_number_lt matches text containing a number less than the given one.
	//
	//	@(has_number_lt("the number is 42", 44).match) → 42
	//	@(has_number_lt("the number is 42", 40)) → false
	//
	// Signature: has_number_lt(text, number)
	//
	//   - text (text): the text tested, usually `@input.text`
	//   - number (number): the number the text's number must be less than
	register("has_number_lt", 2, 2, compareNumberTest(func(c int) bool { return c < 0 }))

	// has_number_lte matches text containing a number less than or equal to the given one.
	//
	//	@(has_number_lte("the number is 42", 42).match) → 42
	//
	// Signature: has_number_lte(text, number)
	//
	//   - text (text): the text tested, usually `@input.text`
	//   - number (number): the number the text's number must be less than or equal to
	register("has_number_lte", 2, 2, compareNumberTest(func(c int) bool { return c <= 0 }))

	// has_number_eq matches text containing a number equal to the given one.
	//
	//	@(has_number_eq("the number is 42", 42).match) → 42
	//	@(has_number_eq("the number is 42", 40)) → false
	//
	// Signature: has_number_eq(text, number)
	//
	//   - text (text): the text tested, usually `@input.text`
	//   - number (number): the number the text's number must equal
	register("has_number_eq", 2, 2, compareNumberTest(func(c int) bool { return c == 0 }))

	// has_number_gte matches text containing a number greater than or equal to the given
	// one.
	//
	//	@(has_number_gte("the number is 42", 42).match) → 42
	//
	// Signature: has_number_gte(text, number)
	//
	//   - text (text): the text tested, usually `@input.text`
	//   - number (number): the number the text's number must be greater than or equal to
	register("has_number_gte", 2, 2, compareNumberTest(func(c int) bool { return c >= 0 }))

	// has_number_gt matches text containing a number greater than the given one.
	//
	//	@(has_number_gt("the number is 42", 40).match) → 42
	//	@(has_number_gt("the number is 42", 42)) → false
	//
	// Signature: has_number_gt(text, number)
	//
	//   - text (text): the text tested, usually `@input.text`
	//   - number (number): the number the text's number must be greater than
	register("has_number_gt", 2, 2, compareNumberTest(func(c int) bool { return c > 0 }))
}

// hasNumber matches text containing any number.
//
//	@(has_number("the number is 42").match) → 42
//	@(has_number("I have 2,000 cows").match) → 2000
//	@(has_number("the number is forty two")) → false
//
// Signature: has_number(text)
//
//   - text (text): the text tested, usually `@input.text`
func hasNumber(env envs.Environment, args ...types.XValue) types.XValue {
	return findNumberMatching(env, args[0], func(decimal.Decimal) bool { return true })
}

// hasNumberBetween matches a number between min and max inclusive.
//
//	@(has_number_between("the number is 42", 40, 44).match) → 42
//	@(has_number_between("the number is 42", 50, 60)) → false
//
// Signature: has_number_between(text, min, max)
//
//   - text (text): the text tested, usually `@input.text`
//   - min (number): the smallest number that matches
//   - max (number): the largest number that matches
func hasNumberBetween(env envs.Environment, args ...types.XValue) types.XValue {
	lo, err := types.ToXNumber(env, args[1])
	if err != nil {
		return err
	}
	hi, err := types.ToXNumber(env, args[2])
	if err != nil {
		return err
	}
	return findNumberMatching(env, args[0], func(n decimal.Decimal) bool {
		return n.GreaterThanOrEqual(lo.Native()) && n.LessThanOrEqual(hi.Native())
	})
}

// compareNumberTest makes has_number_lt and friends: the test holds when cmp accepts the
// comparison of the found number with the argument.
func compareNumberTest(cmp func(int) bool) types.XFunc {
	return func(env envs.Environment, args ...types.XValue) types.XValue {
		test, err := types.ToXNumber(env, args[1])
		if err != nil {
			return err
		}
		return findNumberMatching(env, args[0], func(n decimal.Decimal) bool {
			return cmp(n.Cmp(test.Native()))
		})
	}
}

// findNumberMatching returns a match for the first number in the operand accepted by ok.
func findNumberMatching(env envs.Environment, operand types.XValue, ok func(decimal.Decimal) bool) types.XValue {
	if n, isNum := operand.(types.XNumber); isNum {
		if ok(n.Native()) {
			return NewTrueResult(n)
		}
		return FalseResult
	}
	t, err := types.ToXText(env, operand)
	if err != nil {
		return err
	}
	for _, n := range FindNumbers(env.NumberFormat(), t.Native()) {
		if ok(n) {
			return NewTrueResult(types.NewXNumber(n))
		}
	}
	return FalseResult
}

// digitValue returns the value 0-9 of a decimal digit of any script. Unicode keeps the
// digits of each script in one run from 0 to 9, so the count of digits before r in its
// run, modulo 10, is its value.
func digitValue(r rune) int {
	n := 0
	for p := r - 1; n < 100 && unicode.IsDigit(p); p-- {
		n++
	}
	return n % 10
}

// asciiDigits rewrites every decimal digit of any script as an ASCII digit.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII && unicode.IsDigit(r) {
			return '0' + rune(digitValue(r))
		}
		return r
	}, s)
}

// FindNumbers returns every number written in text, in order, under a number format (nil
// for 1,234.56). A number starts where a word starts (so "abc123" holds none), may have a
// sign, digit grouping symbols and one decimal symbol, and may be followed by letters.
func FindNumbers(nf *envs.NumberFormat, text string) []decimal.Decimal {
	if nf == nil || nf.DecimalSymbol == "" {
		nf = envs.DefaultNumberFormat
	}
	s := asciiDigits(text)
	var found []decimal.Decimal
	prev := ' '
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		startsWord := !unicode.IsLetter(prev) && !unicode.IsDigit(prev) && prev != '.' && prev != ','
		if r >= '0' && r <= '9' && startsWord {
			end := i
			for end < len(s) {
				switch {
				case isASCIIDigit(s[end]):
					end++
					continue
				case strings.HasPrefix(s[end:], nf.DecimalSymbol):
					end += len(nf.DecimalSymbol)
					continue
				case nf.DigitGroupingSymbol != "" && strings.HasPrefix(s[end:], nf.DigitGroupingSymbol):
					end += len(nf.DigitGroupingSymbol)
					continue
				}
				break
			}
			raw := strings.TrimRight(s[i:end], nf.DecimalSymbol+nf.DigitGroupingSymbol)
			if n, ok := parseFormatted(raw, nf); ok {
				if prev == '-' && (i < 2 || !isWordByte(s[i-2])) {
					n = n.Neg()
				}
				found = append(found, n)
			}
			prev = '0'
			i += len(raw)
			continue
		}
		prev = r
		i += size
	}
	return found
}

func isASCIIDigit(b byte) bool { return b >= '0' && b <= '9' }

func isWordByte(b byte) bool {
	return isASCIIDigit(b) || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')
}

// parseFormatted reads digits with grouping and decimal symbols as a decimal.
func parseFormatted(raw string, nf *envs.NumberFormat) (decimal.Decimal, bool) {
	if nf.DigitGroupingSymbol != "" {
		raw = strings.ReplaceAll(raw, nf.DigitGroupingSymbol, "")
	}
	if nf.DecimalSymbol != "." {
		raw = strings.ReplaceAll(raw, nf.DecimalSymbol, ".")
	}
	if raw == "" || strings.Count(raw, ".") > 1 {
		return decimal.Zero, false
	}
	d, err := decimal.NewFromString(raw)
	return d, err == nil
}
