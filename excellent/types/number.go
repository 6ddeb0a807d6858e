package types

import (
	"fmt"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/shopspring/decimal"
)

// XNumber is an exact decimal number; numbers are never floats.
type XNumber struct{ native decimal.Decimal }

// NewXNumber wraps a decimal.
func NewXNumber(d decimal.Decimal) XNumber { return XNumber{d} }

// NewXNumberFromInt wraps an int.
func NewXNumberFromInt(i int) XNumber { return XNumber{decimal.NewFromInt(int64(i))} }

// NewXNumberFromInt64 wraps an int64.
func NewXNumberFromInt64(i int64) XNumber { return XNumber{decimal.NewFromInt(i)} }

// XNumberZero is 0.
var XNumberZero = NewXNumberFromInt(0)

func (x XNumber) Describe() string        { return x.Render() }
func (x XNumber) Truthy() bool            { return !x.native.IsZero() }
func (x XNumber) Render() string          { return x.native.String() }
func (x XNumber) String() string          { return fmt.Sprintf("XNumber(%s)", x.Render()) }
func (x XNumber) Native() decimal.Decimal { return x.native }

// Format renders the number with the environment's number format, keeping its
// significant decimals: 1234.5670 formats as 1,234.567.
func (x XNumber) Format(env envs.Environment) string {
	return FormatNumber(x.native, env.NumberFormat(), -1, true)
}

// Equals compares numerically, so 1.0 equals 1.
func (x XNumber) Equals(o XValue) bool {
	n, ok := o.(XNumber)
	return ok && x.native.Equal(n.native)
}

// Compare orders two numbers.
func (x XNumber) Compare(o XValue) int { return x.native.Cmp(o.(XNumber).native) }

// MarshalJSON writes the number as a JSON number.
func (x XNumber) MarshalJSON() ([]byte, error) { return []byte(x.native.String()), nil }

// FormatNumber writes d rounded to places decimals (half away from zero, keeping trailing
// zeros so 1 with 2 places is 1.00), or with its significant decimals when places is
// negative, using the number format's decimal symbol and, when group is true, its digit
// grouping symbol between thousands.
func FormatNumber(d decimal.Decimal, nf *envs.NumberFormat, places int, group bool) string {
	if nf == nil {
		nf = envs.DefaultNumberFormat
	}
	var s string
	if places < 0 {
		s = d.String()
	} else {
		s = d.StringFixed(int32(places))
	}
	neg := false
	if len(s) > 0 && s[0] == '-' {
		neg = true
		s = s[1:]
	}
	intPart, frac := s, ""
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			intPart, frac = s[:i], s[i+1:]
			break
		}
	}
	out := make([]byte, 0, len(s)+8)
	if neg {
		out = append(out, '-')
	}
	for i := 0; i < len(intPart); i++ {
		if group && i > 0 && (len(intPart)-i)%3 == 0 {
			out = append(out, nf.DigitGroupingSymbol...)
		}
		out = append(out, intPart[i])
	}
	if frac != "" {
		out = append(out, nf.DecimalSymbol...)
		out = append(out, frac...)
	}
	return string(out)
}
