package functions

import (
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils/dates"
	"github.com/shopspring/decimal"
)

// The date and time functions. Datetimes keep their own timezone through arithmetic
// (datetime_add of a UTC datetime is UTC); what is made from parts or from text without an
// offset is in the environment's timezone.

func init() {
	registerArgs("date_from_parts", 3, 3, dateFromParts)
	registerArgs("time_from_parts", 3, 3, timeFromParts)
	registerArgs("datetime_add", 3, 3, datetimeAdd)
	registerArgs("datetime_diff", 3, 3, datetimeDiff)
	registerArgs("datetime_from_epoch", 1, 1, datetimeFromEpoch)
	registerArgs("epoch", 1, 1, epoch)
	registerArgs("now", 0, 0, now)
	registerArgs("today", 0, 0, today)
	registerArgs("tz", 1, 1, tz)
	registerArgs("tz_offset", 1, 1, tzOffset)
	registerArgs("parse_datetime", 2, 3, parseDatetime)
	registerArgs("parse_time", 2, 2, parseTime)
	registerArgs("replace_time", 2, 2, replaceTime)
	registerArgs("week_number", 1, 1, weekNumber)
	registerArgs("weekday", 1, 1, weekday)
	registerArgs("format_date", 1, 2, formatDate)
	registerArgs("format_datetime", 1, 3, formatDatetime)
	registerArgs("format_time", 1, 2, formatTime)
}

// dateFromParts makes a date: date_from_parts(2017, 1, 15) is 2017-01-15.
//
//	@(date_from_parts(2017, 1, 15)) → 2017-01-15
//	@(date_from_parts(2017, 2, 31)) → ERROR
//
// Signature: date_from_parts(year, month, day)
//
//   - year (integer): the year, e.g. 2024
//   - month (integer): the month, 1 for January to 12 for December
//   - day (integer): the day of the month, from 1
func dateFromParts(env envs.Environment, args ...types.XValue) types.XValue {
	year, err := types.ToInteger(env, args[0])
	if err != nil {
		return err
	}
	month, err := types.ToInteger(env, args[1])
	if err != nil {
		return err
	}
	if month < 1 || month > 12 {
		return types.NewXErrorf("invalid value for month, must be 1-12")
	}
	day, err := types.ToInteger(env, args[2])
	if err != nil {
		return err
	}
	if day < 1 || day > 31 {
		return types.NewXErrorf("invalid value for day, must be 1-31")
	}
	d := dates.NewDate(year, month, day)
	if d.Day != day {
		return types.NewXErrorf("invalid value for day, %d-%02d has no day %d", year, month, day)
	}
	return types.NewXDate(d)
}

// timeFromParts makes a time of day: time_from_parts(14, 40, 15) is 14:40:15.000000.
//
//	@(time_from_parts(14, 40, 15)) → 14:40:15.000000
//	@(time_from_parts(25, 0, 0)) → ERROR
//
// Signature: time_from_parts(hour, minute, second)
//
//   - hour (integer): the hour, from 0 to 23
//   - minute (integer): the minute, from 0 to 59
//   - second (integer): the second, from 0 to 59
func timeFromParts(env envs.Environment, args ...types.XValue) types.XValue {
	parts := [3]int{}
	names := [3]string{"hour", "minute", "second"}
	limits := [3]int{23, 59, 59}
	for i := range parts {
		n, err := types.ToInteger(env, args[i])
		if err != nil {
			return err
		}
		if n < 0 || n > limits[i] {
			return types.NewXErrorf("invalid value for %s, must be 0-%d", names[i], limits[i])
		}
		parts[i] = n
	}
	return types.NewXTime(dates.NewTimeOfDay(parts[0], parts[1], parts[2], 0))
}

// datetimeUnits are the units of datetime_add and datetime_diff.
const datetimeUnitsHelp = "Y, M, W, D, h, m, s"

func unknownUnit(unit string) types.XError {
	return types.NewXErrorf("unknown unit: %s, must be one of %s", unit, datetimeUnitsHelp)
}

// datetimeAdd moves a datetime by a whole number of units (Y M W D h m s), keeping its
// timezone: datetime_add("2017-01-15 10:45", 30, "m") is 11:15 the same day.
//
//	@(datetime_add("2017-01-15 10:45", 30, "m")) → 2017-01-15T11:15:00.000000Z
//	@(datetime_add("2017-01-15", 1, "M")) → 2017-02-15T00:00:00.000000Z
//	@(datetime_add("2017-01-15 10:45", -2, "D")) → 2017-01-13T10:45:00.000000Z
//	@(datetime_add("2017-01-15", 1, "x")) → ERROR
//
// Signature: datetime_add(datetime, amount, unit)
//
//   - datetime (datetime): the datetime to move
//   - amount (integer): how many units to move it by; negative moves it back
//   - unit (text): the unit: Y years, M months, W weeks, D days, h hours, m minutes, s
//     seconds
func datetimeAdd(env envs.Environment, args ...types.XValue) types.XValue {
	dt, err := types.ToXDateTime(env, args[0])
	if err != nil {
		return err
	}
	n, err := types.ToInteger(env, args[1])
	if err != nil {
		return err
	}
	unit, err := types.ToXText(env, args[2])
	if err != nil {
		return err
	}
	t := dt.Native()
	switch unit.Native() {
	case "Y":
		t = t.AddDate(n, 0, 0)
	case "M":
		t = t.AddDate(0, n, 0)
	case "W":
		t = t.AddDate(0, 0, 7*n)
	case "D":
		t = t.AddDate(0, 0, n)
	case "h":
		t = t.Add(time.Duration(n) * time.Hour)
	case "m":
		t = t.Add(time.Duration(n) * time.Minute)
	case "s":
		t = t.Add(time.Duration(n) * time.Second)
	default:
		return unknownUnit(unit.Native())
	}
	return types.NewXDateTime(t)
}

// datetimeDiff counts whole units from the first datetime to the second. Days, weeks,
// months and years count calendar boundaries in the first datetime's timezone (so
// 23:00 to 01:00 the next day is 1 day), hours, minutes and seconds count elapsed time.
//
//	@(datetime_diff("2017-01-15", "2017-01-17", "D")) → 2
//	@(datetime_diff("2017-01-15 23:00", "2017-01-16 01:00", "D")) → 1
//	@(datetime_diff("2017-01-15 23:00", "2017-01-16 01:00", "h")) → 2
//	@(datetime_diff("2017-01-15", "2017-05-15", "M")) → 4
//
// Signature: datetime_diff(from, to, unit)
//
//   - from (datetime): the datetime to count from
//   - to (datetime): the datetime to count to; before from, the count is negative
//   - unit (text): the unit: Y years, M months, W weeks, D days, h hours, m minutes, s
//     seconds
func datetimeDiff(env envs.Environment, args ...types.XValue) types.XValue {
	dt1, err := types.ToXDateTime(env, args[0])
	if err != nil {
		return err
	}
	dt2, err := types.ToXDateTime(env, args[1])
	if err != nil {
		return err
	}
	unit, err := types.ToXText(env, args[2])
	if err != nil {
		return err
	}
	t1, t2 := dt1.Native(), dt2.Native().In(dt1.Native().Location())
	d1, d2 := dates.ExtractDate(t1), dates.ExtractDate(t2)
	days := int(d2.Time().Sub(d1.Time()).Hours() / 24)
	var diff int64
	switch unit.Native() {
	case "Y":
		diff = int64(d2.Year - d1.Year)
	case "M":
		diff = int64((d2.Year-d1.Year)*12 + int(d2.Month) - int(d1.Month))
	case "W":
		diff = int64(days / 7)
	case "D":
		diff = int64(days)
	case "h":
		diff = int64(t2.Sub(t1) / time.Hour)
	case "m":
		diff = int64(t2.Sub(t1) / time.Minute)
	case "s":
		diff = int64(t2.Sub(t1) / time.Second)
	default:
		return unknownUnit(unit.Native())
	}
	return types.NewXNumberFromInt64(diff)
}

// datetimeFromEpoch turns seconds since 1970 (with decimals for fractions) into a datetime
// in the environment's timezone.
//
//	@(datetime_from_epoch(1497286619)) → 2017-06-12T16:56:59.000000Z
//	@(datetime_from_epoch(1497286619.123456)) → 2017-06-12T16:56:59.123456Z
//
// Signature: datetime_from_epoch(seconds)
//
//   - seconds (number): seconds since 1 January 1970 UTC, with decimals for fractions
func datetimeFromEpoch(env envs.Environment, args ...types.XValue) types.XValue {
	n, err := types.ToXNumber(env, args[0])
	if err != nil {
		return err
	}
	nanos := n.Native().Mul(decimal.NewFromInt(1_000_000_000)).Round(0)
	if nanos.Abs().GreaterThan(decimal.NewFromInt(1 << 62)) {
		return types.NewXErrorf("%s is out of range for a datetime", n.Render())
	}
	return types.NewXDateTime(time.Unix(0, nanos.IntPart()).In(env.Timezone()))
}

// epoch is the number of seconds since 1970, with decimals for fractions of a second.
//
//	@(epoch("2017-06-12T16:56:59.000000Z")) → 1497286619
//	@(epoch(datetime_from_epoch(1497286619.5))) → 1497286619.5
//
// Signature: epoch(datetime)
//
//   - datetime (datetime): the datetime to count the seconds to
func epoch(env envs.Environment, args ...types.XValue) types.XValue {
	dt, err := types.ToXDateTime(env, args[0])
	if err != nil {
		return err
	}
	t := dt.Native()
	return types.NewXNumber(decimal.New(t.Unix(), 0).Add(decimal.New(int64(t.Nanosecond()), -9)))
}

// now is the current instant of the engine's clock, in the environment's timezone.
//
//	@(now()) → 2024-06-10T08:30:15.123456Z
//
// Signature: now()
func now(env envs.Environment, args ...types.XValue) types.XValue {
	return types.NewXDateTime(env.Now().In(env.Timezone()))
}

// today is the current date in the environment's timezone.
//
//	@(today()) → 2024-06-10
//
// Signature: today()
func today(env envs.Environment, args ...types.XValue) types.XValue {
	return types.NewXDate(dates.ExtractDate(env.Now().In(env.Timezone())))
}

// tz names the timezone of a datetime, e.g. America/Guayaquil, or UTC.
//
//	@(tz(now())) → UTC
//	@(tz(datetime("2017-01-15 10:00"))) → UTC
//
// Signature: tz(datetime)
//
//   - datetime (datetime): the datetime whose timezone is named
func tz(env envs.Environment, args ...types.XValue) types.XValue {
	dt, err := types.ToXDateTime(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXText(dt.Native().Location().String())
}

// tzOffset is the UTC offset of a datetime as +HHMM, e.g. -0500.
//
//	@(tz_offset("2017-01-15T02:15:18.123456-05:00")) → -0500
//	@(tz_offset(now())) → +0000
//
// Signature: tz_offset(datetime)
//
//   - datetime (datetime): the datetime whose offset is written
func tzOffset(env envs.Environment, args ...types.XValue) types.XValue {
	dt, err := types.ToXDateTime(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXText(dt.Native().Format("-0700"))
}

// parseDatetime reads text with a layout of [date format codes](../dates.md), in the
// environment's timezone or the named one.
//
//	@(parse_datetime("2010 5 10", "YYYY M DD")) → 2010-05-10T00:00:00.000000Z
//	@(parse_datetime("2010 5 10 12:50", "YYYY M DD tt:mm", "America/Los_Angeles")) → 2010-05-10T12:50:00.000000-07:00
//	@(parse_datetime("NOT DATE", "YYYY MM DD")) → ERROR
//
// Signature: parse_datetime(text, format [, timezone])
//
//   - text (text): the text to read
//   - format (text): a layout of [format codes](../dates.md) the text is written in, e.g.
//     `DD/MM/YYYY tt:mm`
//   - timezone (text, default the environment's timezone): the timezone the text is in, e.g.
//     `"Africa/Kigali"`
func parseDatetime(env envs.Environment, args ...types.XValue) types.XValue {
	text, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	layout, err := types.ToXText(env, args[1])
	if err != nil {
		return err
	}
	loc, err := optionalTimezone(env, args, 2)
	if err != nil {
		return err
	}
	t, perr := envs.ParseLayout(layout.Native(), text.Native(), envs.LayoutDateTime, loc)
	if perr != nil {
		return types.NewXError(perr)
	}
	return types.NewXDateTime(t)
}

// parseTime reads a time of day with a layout: parse_time("2:40 pm", "h:mm aa").
//
//	@(parse_time("15:28", "tt:mm")) → 15:28:00.000000
//	@(parse_time("2:40 pm", "h:mm aa")) → 14:40:00.000000
//	@(parse_time("NOT TIME", "tt:mm")) → ERROR
//
// Signature: parse_time(text, format)
//
//   - text (text): the text to read
//   - format (text): a layout of [time format codes](../dates.md) the text is written in,
//     e.g. `h:mm aa`
func parseTime(env envs.Environment, args ...types.XValue) types.XValue {
	text, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	layout, err := types.ToXText(env, args[1])
	if err != nil {
		return err
	}
	t, perr := envs.ParseLayout(layout.Native(), text.Native(), envs.LayoutTime, time.UTC)
	if perr != nil {
		return types.NewXError(perr)
	}
	return types.NewXTime(dates.ExtractTimeOfDay(t))
}

// replaceTime keeps a datetime's date and timezone and sets its time of day.
//
//	@(replace_time(now(), "10:30")) → 2024-06-10T10:30:00.000000Z
//	@(replace_time("2017-01-15 10:45", time_from_parts(8, 0, 0))) → 2017-01-15T08:00:00.000000Z
//
// Signature: replace_time(datetime, time)
//
//   - datetime (datetime): the datetime whose date and timezone are kept
//   - time (time): the new time of day, e.g. `"10:30"`
func replaceTime(env envs.Environment, args ...types.XValue) types.XValue {
	dt, err := types.ToXDateTime(env, args[0])
	if err != nil {
		return err
	}
	tod, err := types.ToXTime(env, args[1])
	if err != nil {
		return err
	}
	t := dt.Native()
	return types.NewXDateTime(dates.ExtractDate(t).Combine(tod.Native(), t.Location()))
}

// weekNumber numbers the weeks of the year from 1, weeks starting on Sunday and week 1
// being the one holding 1 January.
//
//	@(week_number("2019-01-01")) → 1
//	@(week_number("2024-06-10")) → 24
//
// Signature: week_number(date)
//
//   - date (date): the date whose week is numbered
func weekNumber(env envs.Environment, args ...types.XValue) types.XValue {
	d, err := types.ToXDate(env, args[0])
	if err != nil {
		return err
	}
	t := d.Native().Time()
	jan1 := time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	return types.NewXNumberFromInt((t.YearDay()-1+int(jan1.Weekday()))/7 + 1)
}

// weekday is the day of the week, 0 for Sunday to 6 for Saturday.
//
//	@(weekday("2024-06-10")) → 1
//	@(weekday("2024-06-09")) → 0
//
// Signature: weekday(date)
//
//   - date (date): the date whose day of the week is returned
func weekday(env envs.Environment, args ...types.XValue) types.XValue {
	d, err := types.ToXDate(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXNumberFromInt(int(d.Native().Weekday()))
}

// formatDate writes a date with a layout of [date format codes](../dates.md), the
// environment's date format by default.
//
//	@(format_date("1979-07-18T15:00:00.000000Z")) → 1979-07-18
//	@(format_date("2010-05-10T19:50:00.000000+03:00", "YYYY.MM.DD")) → 2010.05.10
//	@(format_date("1979-07-18", "D/M/YY")) → 18/7/79
//	@(format_date("NOT DATE", "YYYY-MM-DD")) → ERROR
//
// Signature: format_date(date [, format])
//
//   - date (date): the date to write; a datetime gives its date
//   - format (text, default the environment's date format): a layout of [date format
//     codes](../dates.md), e.g. `DD/MM/YYYY`
func formatDate(env envs.Environment, args ...types.XValue) types.XValue {
	d, err := types.ToXDate(env, args[0])
	if err != nil {
		return err
	}
	layout, err := optionalText(env, args, 1, string(env.DateFormat()))
	if err != nil {
		return err
	}
	return formatWithLayout(d.Native().Time(), layout, envs.LayoutDate)
}

// formatDatetime writes a datetime with a layout of [format codes](../dates.md), in the
// environment's timezone or the named one; the default layout is the environment's date and time formats.
//
//	@(format_datetime("1979-07-18T15:00:00.000000-05:00")) → 1979-07-18 20:00
//	@(format_datetime("1979-07-18T15:00:00.000000-05:00", "YYYY-MM-DD h:mm aa", "Africa/Kigali")) → 1979-07-18 10:00 pm
//	@(format_datetime("1979-07-18T15:00:00.000000-05:00", "EEE, D MMM YYYY", "UTC")) → Wed, 18 Jul 1979
//
// Signature: format_datetime(datetime [, format [, timezone]])
//
//   - datetime (datetime): the datetime to write
//   - format (text, default the environment's date and time formats): a layout of [format
//     codes](../dates.md), e.g. `YYYY-MM-DD tt:mm`
//   - timezone (text, default the environment's timezone): the timezone to write it in, e.g.
//     `"Africa/Kigali"`
func formatDatetime(env envs.Environment, args ...types.XValue) types.XValue {
	dt, err := types.ToXDateTime(env, args[0])
	if err != nil {
		return err
	}
	layout, err := optionalText(env, args, 1, string(env.DateFormat())+" "+string(env.TimeFormat()))
	if err != nil {
		return err
	}
	loc, err := optionalTimezone(env, args, 2)
	if err != nil {
		return err
	}
	return formatWithLayout(dt.Native().In(loc), layout, envs.LayoutDateTime)
}

// formatTime writes a time of day with a layout of [format codes](../dates.md), the
// environment's time format by default.
//
//	@(format_time("14:50:30.000000")) → 14:50
//	@(format_time("14:50:30.000000", "h:mm aa")) → 2:50 pm
//	@(format_time("15:00:27.000000", "tt:mm:ss")) → 15:00:27
//	@(format_time("NOT TIME", "hh:mm")) → ERROR
//
// Signature: format_time(time [, format])
//
//   - time (time): the time of day to write; a datetime gives its time
//   - format (text, default the environment's time format): a layout of [time format
//     codes](../dates.md), e.g. `h:mm aa`
func formatTime(env envs.Environment, args ...types.XValue) types.XValue {
	tod, err := types.ToXTime(env, args[0])
	if err != nil {
		return err
	}
	layout, err := optionalText(env, args, 1, string(env.TimeFormat()))
	if err != nil {
		return err
	}
	return formatWithLayout(dates.NewDate(1970, 1, 1).Combine(tod.Native(), time.UTC), layout, envs.LayoutTime)
}

func formatWithLayout(t time.Time, layout string, kind envs.LayoutKind) types.XValue {
	s, err := envs.FormatLayout(t, layout, kind)
	if err != nil {
		return types.NewXError(err)
	}
	return types.NewXText(s)
}

// optionalTimezone reads a timezone name argument, defaulting to the environment's.
func optionalTimezone(env envs.Environment, args []types.XValue, i int) (*time.Location, types.XError) {
	name, err := optionalText(env, args, i, "")
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(name) == "" {
		return env.Timezone(), nil
	}
	loc, lerr := dates.LoadLocation(name)
	if lerr != nil || name == "Local" {
		return nil, types.NewXErrorf("invalid timezone '%s'", name)
	}
	return loc, nil
}
