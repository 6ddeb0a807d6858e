package functions

import (
	"strconv"
	"strings"
	"text/template"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/shopspring/decimal"
)

// Control flow and the functions that fit no other family: if, and, or, is_error, format,
// legacy_add and prompt.

func init() {
	registerArgs("if", 3, 3, ifThen)
	registerArgs("and", 1, -1, and)
	registerArgs("or", 1, -1, or)
	registerArgs("is_error", 1, 1, isError)
	registerArgs("format", 1, 1, format)
	registerArgs("legacy_add", 2, 2, legacyAdd)
	registerArgs("prompt", 1, -1, prompt)
}

// ifThen is the second argument when the first is truthy, else the third. An error test
// is returned as is rather than taken as false.
//
//	@(if(true, "yes", "no")) → yes
//	@(if(count(array()), "some", "none")) → none
//	@(if(number("x"), "yes", "no")) → ERROR
//
// Signature: if(test, true_value, false_value)
//
//   - test (boolean): the condition, true when truthy; an error is returned as is
//   - true_value (any): the result when the test is true
//   - false_value (any): the result when the test is false
func ifThen(env envs.Environment, args ...types.XValue) types.XValue {
	test, err := types.ToXBoolean(env, args[0])
	if err != nil {
		return err
	}
	if test.Native() {
		return args[1]
	}
	return args[2]
}

// and is true when every argument is truthy; any error argument is the result.
//
//	@(and(true, false)) → false
//	@(and(true, "yes", 1)) → true
//
// Signature: and(values...)
//
//   - values (any): the values to test, each true when truthy (not empty, zero, false or
//     null)
func and(env envs.Environment, args ...types.XValue) types.XValue {
	result := true
	for _, a := range args {
		b, err := types.ToXBoolean(env, a)
		if err != nil {
			return err
		}
		result = result && b.Native()
	}
	return types.NewXBoolean(result)
}

// or is true when any argument is truthy; any error argument is the result.
//
//	@(or(false, "yes")) → true
//	@(or(false, "")) → false
//
// Signature: or(values...)
//
//   - values (any): the values to test, each true when truthy (not empty, zero, false or
//     null)
func or(env envs.Environment, args ...types.XValue) types.XValue {
	result := false
	for _, a := range args {
		b, err := types.ToXBoolean(env, a)
		if err != nil {
			return err
		}
		result = result || b.Native()
	}
	return types.NewXBoolean(result)
}

// isError says whether the value is an error, such as a failed conversion or a missing
// property: is_error(datetime("foo")) is true.
//
//	@(is_error(datetime("foo"))) → true
//	@(is_error("hello")) → false
//
// Signature: is_error(value)
//
//   - value (any): the value to test
func isError(env envs.Environment, args ...types.XValue) types.XValue {
	return types.NewXBoolean(types.IsXError(args[0]))
}

// format writes a value as a person reads it under the environment: numbers with digit
// grouping (1,234.567), datetimes in the environment's timezone and formats.
//
//	@(format(1234.5670)) → 1,234.567
//	@(format(datetime("2024-06-10T14:30:00Z"))) → 2024-06-10 14:30
//	@(format(true)) → true
//
// Signature: format(value)
//
//   - value (any): the value to write
func format(env envs.Environment, args ...types.XValue) types.XValue {
	if e, ok := args[0].(types.XError); ok {
		return e
	}
	return types.NewXText(types.Format(env, args[0]))
}

// legacyAdd is the + of the legacy expression syntax, which migrated flows still use: a
// datetime plus a number adds that many days, two numbers add up, and two datetimes are an
// error.
//
//	@(legacy_add(2, 3)) → 5
//	@(legacy_add(date("2024-06-10"), 5)) → 2024-06-15T00:00:00.000000Z
//	@(legacy_add(datetime("2024-06-10T10:00:00Z"), 1.5)) → 2024-06-11T22:00:00.000000Z
//	@(legacy_add(now(), now())) → ERROR
//
// Signature: legacy_add(value1, value2)
//
//   - value1 (datetime or number): a datetime or a number
//   - value2 (datetime or number): a number, or a datetime when the first is a number
func legacyAdd(env envs.Environment, args ...types.XValue) types.XValue {
	for _, a := range args {
		if e, ok := a.(types.XError); ok {
			return e
		}
	}
	dt1, dtErr1 := types.ToXDateTime(env, args[0])
	dt2, dtErr2 := types.ToXDateTime(env, args[1])
	n1, numErr1 := types.ToXNumber(env, args[0])
	n2, numErr2 := types.ToXNumber(env, args[1])

	// a number is never read as a date, but text such as "2017" is a number first
	isDate1 := dtErr1 == nil && numErr1 != nil
	isDate2 := dtErr2 == nil && numErr2 != nil
	switch {
	case isDate1 && isDate2:
		return types.NewXErrorf("can't add two datetimes")
	case isDate1 && numErr2 == nil:
		return addDays(dt1, n2.Native())
	case isDate2 && numErr1 == nil:
		return addDays(dt2, n1.Native())
	case numErr1 != nil:
		return numErr1
	case numErr2 != nil:
		return numErr2
	}
	return types.NewXNumber(n1.Native().Add(n2.Native()))
}

// addDays adds whole days by the calendar (keeping the time of day across DST changes)
// and any fraction of a day as elapsed time.
func addDays(dt types.XDateTime, days decimal.Decimal) types.XValue {
	whole := days.Truncate(0)
	if whole.Abs().GreaterThan(decimal.NewFromInt(1_000_000)) {
		return types.NewXErrorf("%s days is out of range", days.String())
	}
	t := dt.Native().AddDate(0, 0, int(whole.IntPart()))
	frac := days.Sub(whole).Mul(decimal.NewFromInt(int64(24 * time.Hour)))
	return types.NewXDateTime(t.Add(time.Duration(frac.IntPart())))
}

// PromptSource is implemented by environments that carry the engine's LLM prompt
// templates (Go text/template, arguments as .arg1, .arg2 ...). prompt() uses
// DefaultPrompt otherwise.
type PromptSource interface {
	LLMPrompt(name string) (string, bool)
}

// DefaultPrompt returns the built-in prompt template of that name: the ones the reference
// engine's recorded sessions used.
func DefaultPrompt(name string) (string, bool) {
	switch strings.ToLower(name) {
	case "categorize":
		return "Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: {{ .arg1 }}", true
	}
	return "", false
}

// prompt renders a named LLM prompt template with the given arguments, each as its
// rendered text: prompt("categorize", array("Yes", "No")).
//
//	@(prompt("categorize", array("Yes", "No"))) → Categorize the following text into one of the following categories and only return that category or <CANT> if you can't: [Yes, No]
//
// Signature: prompt(name [, args...])
//
//   - name (text): the name of the LLM prompt, e.g. `"categorize"`
//   - args (any): the values the prompt is filled with, in order
func prompt(env envs.Environment, args ...types.XValue) types.XValue {
	name, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	var source string
	var found bool
	if ps, ok := UnwrapEnv(env).(PromptSource); ok {
		source, found = ps.LLMPrompt(name.Native())
	} else {
		source, found = DefaultPrompt(name.Native())
	}
	if !found {
		return types.NewXErrorf("no prompt named '%s'", name.Native())
	}
	data := make(map[string]string, len(args)-1)
	for i, a := range args[1:] {
		t, err := types.ToXText(env, a)
		if err != nil {
			return err
		}
		data["arg"+strconv.Itoa(i+1)] = t.Native()
	}
	tpl, perr := template.New(name.Native()).Option("missingkey=zero").Parse(source)
	if perr != nil {
		return types.NewXErrorf("prompt '%s' is not a valid template: %s", name.Native(), perr)
	}
	var sb strings.Builder
	if xerr := tpl.Execute(&sb, data); xerr != nil {
		return types.NewXErrorf("unable to render prompt '%s': %s", name.Native(), xerr)
	}
	return types.NewXText(sb.String())
}
