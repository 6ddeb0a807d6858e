package cases

import (
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils/dates"
)

// Date and time case tests: whether the operand contains a date (read under the
// environment's date format, e.g. 15/01/2017 is 15 January under DD-MM-YYYY), optionally
// compared with another date, or a time of day. A date match is a datetime in the
// environment's timezone, taking the time written after the date or else the current time
// of day; comparisons use its date only.

func init() {
	register("has_date", 1, 1, hasDate)

	// has_date_lt matches text containing a date before the given one.
	//
	//	@(has_date_lt("the date is 2017-01-15", "2017-06-01").match) → 2017-01-15T08:30:15.123456Z
	//	@(has_date_lt("the date is 2017-01-15", "2017-01-15")) → false
	//
	// Signature: has_date_lt(text, date)
	//
	//   - text (text): the text tested, usually `@input.text`
	//   - date (date): the date the text's date must be before, e.g. `@(today())`
	register("has_date_lt", 2, 2, compareDateTest(func(c int) bool { return c < 0 }))

	// has_date_eq matches text containing a date on the given one, whatever the time.
	//
	//	@(has_date_eq("the date is 2017-01-15 at 3pm", "2017-01-15").match) → 2017-01-15T15:00:00.000000Z
	//	@(has_date_eq("last year 2016-01-15", "2017-01-15")) → false
	//
	// Signature: has_date_eq(text, date)
	//
	//   - text (text): the text tested, usually `@input.text`
	//   - date (date): the date the text's date must be on, e.g. `2024-06-10` or `@(today())`
	register("has_date_eq", 2, 2, compareDateTest(func(c int) bool { return c == 0 }))

	// has_date_gt matches text containing a date after the given one.
	//
	//	@(has_date_gt("the date is 2017-01-15", "2017-01-01").match) → 2017-01-15T08:30:15.123456Z
	//	@(has_date_gt("the date is 2017-01-15", "2017-03-15")) → false
	//
	// Signature: has_date_gt(text, date)
	//
	//   - text (text): the text tested, usually `@input.text`
	//   - date (date): the date the text's date must be after, e.g. `@(today())`
	register("has_date_gt", 2, 2, compareDateTest(func(c int) bool { return c > 0 }))

	register("has_time", 1, 1, hasTime)
}

// findDate reads the operand: a datetime or date value as it is, text by searching it.
func findDate(env envs.Environment, operand types.XValue) (types.XDateTime, bool, types.XError) {
	switch v := operand.(type) {
	case types.XError:
		return types.XDateTime{}, false, v
	case types.XDateTime:
		return v.In(env.Timezone()), true, nil
	case types.XDate:
		dt, err := types.ToXDateTimeWithTimeFill(env, v)
		return dt, err == nil, nil
	}
	t, err := types.ToXText(env, operand)
	if err != nil {
		return types.XDateTime{}, false, err
	}
	found, _, perr := envs.FindDateTime(env, t.Native(), true)
	if perr != nil {
		return types.XDateTime{}, false, nil
	}
	return types.NewXDateTime(found.In(env.Timezone())), true, nil
}

// hasDate matches text containing a date.
//
//	@(has_date("the date is 2017-01-15").match) → 2017-01-15T08:30:15.123456Z
//	@(has_date("there is no date here, just a year 2017")) → false
//
// Signature: has_date(text)
//
//   - text (text): the text tested, usually `@input.text`
func hasDate(env envs.Environment, args ...types.XValue) types.XValue {
	dt, ok, err := findDate(env, args[0])
	if err != nil {
		return err
	}
	if !ok {
		return FalseResult
	}
	return NewTrueResult(dt)
}

// compareDateTest makes has_date_lt, has_date_eq and has_date_gt: the test holds when cmp
// accepts the comparison of the found date with the argument date. The argument is read
// first, so a bad one is an error even when the text holds no date.
func compareDateTest(cmp func(int) bool) types.XFunc {
	return func(env envs.Environment, args ...types.XValue) types.XValue {
		test, err := types.ToXDate(env, args[1])
		if err != nil {
			return err
		}
		dt, ok, err := findDate(env, args[0])
		if err != nil {
			return err
		}
		if !ok {
			return FalseResult
		}
		if !cmp(dates.ExtractDate(dt.Native()).Compare(test.Native())) {
			return FalseResult
		}
		return NewTrueResult(dt)
	}
}

// hasTime matches text containing a time of day.
//
//	@(has_time("the time is 10 PM").match) → 22:00:00.000000
//	@(has_time("at 10:30").match) → 10:30:00.000000
//	@(has_time("no time")) → false
//
// Signature: has_time(text)
//
//   - text (text): the text tested, usually `@input.text`
func hasTime(env envs.Environment, args ...types.XValue) types.XValue {
	switch v := args[0].(type) {
	case types.XError:
		return v
	case types.XTime:
		return NewTrueResult(v)
	case types.XDateTime:
		return NewTrueResult(types.NewXTime(dates.ExtractTimeOfDay(v.Native())))
	}
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	tod, _, perr := envs.FindTime(t.Native())
	if perr != nil {
		return FalseResult
	}
	return NewTrueResult(types.NewXTime(tod))
}
