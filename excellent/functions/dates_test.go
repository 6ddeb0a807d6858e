package functions_test

import (
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/excellent/types"
)

func TestDateFunctions(t *testing.T) {
	plus2 := types.NewXDateTime(time.Date(2017, 6, 12, 18, 56, 59, 0, time.FixedZone("", 7200)))
	checkCalls(t, fnTestEnv(), []callCase{
		{"date_from_parts", []types.XValue{vNum("2017"), vNum("1"), vNum("15")}, "2017-01-15"},
		{"date_from_parts", []types.XValue{vNum("2017"), vNum("13"), vNum("15")}, "ERROR: invalid value for month, must be 1-12"},
		{"date_from_parts", []types.XValue{vNum("2017"), vNum("1"), vNum("0")}, "ERROR: invalid value for day, must be 1-31"},
		{"date_from_parts", []types.XValue{vNum("2017"), vNum("2"), vNum("30")}, "ERROR: invalid value for day, 2017-02 has no day 30"},
		{"date_from_parts", []types.XValue{vText("x"), vNum("2"), vNum("3")}, `ERROR: unable to convert "x" to a number`},
		{"date_from_parts", []types.XValue{vNum("2017"), vNum("1")}, "ERROR: need 3 argument(s), got 2"},

		{"time_from_parts", []types.XValue{vNum("14"), vNum("40"), vNum("15")}, "14:40:15.000000"},
		{"time_from_parts", []types.XValue{vNum("8"), vNum("10"), vNum("0")}, "08:10:00.000000"},
		{"time_from_parts", []types.XValue{vNum("25"), vNum("0"), vNum("0")}, "ERROR: invalid value for hour, must be 0-23"},
		{"time_from_parts", []types.XValue{vNum("1"), vNum("60"), vNum("0")}, "ERROR: invalid value for minute, must be 0-59"},
		{"time_from_parts", []types.XValue{vNum("1"), vNum("0"), vNum("-1")}, "ERROR: invalid value for second, must be 0-59"},

		{"datetime_add", []types.XValue{vText("2017-01-15 10:45"), vNum("30"), vText("m")}, "2017-01-15T11:15:00.000000-05:00"},
		{"datetime_add", []types.XValue{vText("2017-01-31"), vNum("1"), vText("M")}, "2017-03-03T00:00:00.000000-05:00"},
		{"datetime_add", []types.XValue{vUTC(2017, 1, 15, 0, 0, 0), vNum("-2"), vText("Y")}, "2015-01-15T00:00:00.000000Z"},
		{"datetime_add", []types.XValue{vUTC(2017, 1, 15, 0, 0, 0), vNum("2"), vText("W")}, "2017-01-29T00:00:00.000000Z"},
		{"datetime_add", []types.XValue{vUTC(2017, 1, 15, 0, 0, 0), vNum("3"), vText("D")}, "2017-01-18T00:00:00.000000Z"},
		{"datetime_add", []types.XValue{vUTC(2017, 1, 15, 0, 0, 0), vNum("25"), vText("h")}, "2017-01-16T01:00:00.000000Z"},
		{"datetime_add", []types.XValue{vUTC(2017, 1, 15, 0, 0, 0), vNum("90"), vText("s")}, "2017-01-15T00:01:30.000000Z"},
		{"datetime_add", []types.XValue{vUTC(2017, 1, 15, 0, 0, 0), vNum("1"), vText("x")}, "ERROR: unknown unit: x, must be one of Y, M, W, D, h, m, s"},
		{"datetime_add", []types.XValue{vText("no"), vNum("1"), vText("D")}, `ERROR: unable to convert "no" to a datetime`},

		{"datetime_diff", []types.XValue{vText("2017-01-15"), vText("2017-01-17"), vText("D")}, "2"},
		{"datetime_diff", []types.XValue{vText("2017-01-17"), vText("2017-01-15"), vText("D")}, "-2"},
		{"datetime_diff", []types.XValue{vText("2017-01-15"), vText("2017-05-15"), vText("W")}, "17"},
		{"datetime_diff", []types.XValue{vText("2017-01-15"), vText("2017-05-15"), vText("M")}, "4"},
		{"datetime_diff", []types.XValue{vText("2017-01-15"), vText("2019-01-14"), vText("Y")}, "2"},
		{"datetime_diff", []types.XValue{vText("2017-01-17 10:50"), vText("2017-01-17 12:30"), vText("h")}, "1"},
		{"datetime_diff", []types.XValue{vText("2017-01-17 10:50"), vText("2017-01-17 12:30"), vText("m")}, "100"},
		{"datetime_diff", []types.XValue{vText("2017-01-17 10:50"), vText("2017-01-17 10:51"), vText("s")}, "60"},
		{"datetime_diff", []types.XValue{vText("2017-01-17 23:00"), vText("2017-01-18 01:00"), vText("D")}, "1"},
		{"datetime_diff", []types.XValue{vText("2017-01-17"), vText("2017-01-18"), vText("q")}, "ERROR"},

		{"datetime_from_epoch", []types.XValue{vNum("1497286619")}, "2017-06-12T11:56:59.000000-05:00"},
		{"datetime_from_epoch", []types.XValue{vNum("1497286619.123456")}, "2017-06-12T11:56:59.123456-05:00"},
		{"datetime_from_epoch", []types.XValue{vNum("1e30")}, "ERROR: 1000000000000000000000000000000 is out of range for a datetime"},
		{"datetime_from_epoch", []types.XValue{vText("x")}, "ERROR"},
		{"epoch", []types.XValue{vText("2017-06-12T18:56:59.000000+02:00")}, "1497286619"},
		{"epoch", []types.XValue{vText("2017-06-12T16:56:59.123456Z")}, "1497286619.123456"},
		{"epoch", []types.XValue{vErr}, "ERROR: boom"},

		{"now", nil, "2018-04-11T13:24:30.123456-05:00"},
		{"now", []types.XValue{vNum("1")}, "ERROR: need 0 argument(s), got 1"},
		{"today", nil, "2018-04-11"},

		{"tz", []types.XValue{vText("2017-01-15T02:15:18.123456Z")}, "UTC"},
		{"tz", []types.XValue{vText("2017-01-15 02:15:18PM")}, "America/Guayaquil"},
		{"tz", []types.XValue{vText("2017-01-15")}, "America/Guayaquil"},
		{"tz", []types.XValue{vText("x")}, "ERROR"},
		{"tz_offset", []types.XValue{vText("2017-01-15T02:15:18.123456Z")}, "+0000"},
		{"tz_offset", []types.XValue{vText("2017-01-15")}, "-0500"},
		{"tz_offset", []types.XValue{plus2}, "+0200"},

		{"parse_datetime", []types.XValue{vText("1979-07-18"), vText("YYYY-MM-DD")}, "1979-07-18T00:00:00.000000-05:00"},
		{"parse_datetime", []types.XValue{vText("2010 5 10"), vText("YYYY M DD")}, "2010-05-10T00:00:00.000000-05:00"},
		{"parse_datetime", []types.XValue{vText("2010-05-10 14:50"), vText("YYYY-MM-DD tt:mm"), vText("Asia/Kolkata")}, "2010-05-10T14:50:00.000000+05:30"},
		{"parse_datetime", []types.XValue{vText("2010-05-10T14:50:00Z"), vText("YYYY-MM-DDTtt:mm:ssZ")}, "2010-05-10T14:50:00.000000Z"},
		{"parse_datetime", []types.XValue{vText("NOT DATE"), vText("YYYY-MM-DD")}, "ERROR: unable to parse 'NOT DATE' with format 'YYYY-MM-DD'"},
		{"parse_datetime", []types.XValue{vText("2010"), vText("YYYY"), vText("Mars/Base")}, "ERROR: invalid timezone 'Mars/Base'"},
		{"parse_datetime", []types.XValue{vText("2010"), vText("qqqq")}, "ERROR"},
		{"parse_time", []types.XValue{vText("15:28"), vText("tt:mm")}, "15:28:00.000000"},
		{"parse_time", []types.XValue{vText("2:40 pm"), vText("h:mm aa")}, "14:40:00.000000"},
		{"parse_time", []types.XValue{vText("NOT TIME"), vText("tt:mm")}, "ERROR"},
		{"parse_time", []types.XValue{vText("2010"), vText("YYYY")}, "ERROR"},

		{"replace_time", []types.XValue{vText("2017-01-15"), vText("10:30")}, "2017-01-15T10:30:00.000000-05:00"},
		{"replace_time", []types.XValue{vUTC(2017, 1, 15, 23, 0, 0), vTime(1, 2, 3)}, "2017-01-15T01:02:03.000000Z"},
		{"replace_time", []types.XValue{vText("2017-01-15"), vText("later")}, "ERROR"},

		{"week_number", []types.XValue{vText("2019-01-01")}, "1"},
		{"week_number", []types.XValue{vText("2019-07-23T16:56:59.000000Z")}, "30"},
		{"week_number", []types.XValue{vDate(2017, 1, 1)}, "1"},
		{"week_number", []types.XValue{vDate(2017, 12, 31)}, "53"},
		{"week_number", []types.XValue{vText("x")}, "ERROR"},
		{"weekday", []types.XValue{vDate(2018, 4, 11)}, "3"},
		{"weekday", []types.XValue{vDate(2018, 4, 15)}, "0"},
		{"weekday", []types.XValue{vText("foo")}, "ERROR"},

		{"format_date", []types.XValue{vText("1979-07-18T15:00:00.000000Z")}, "18-07-1979"},
		{"format_date", []types.XValue{vText("2010-05-10T19:50:00.000000Z"), vText("YYYY M DD")}, "2010 5 10"},
		{"format_date", []types.XValue{vDate(2019, 4, 11), vText("EEE, MMM D")}, "Thu, Apr 11"},
		{"format_date", []types.XValue{vDate(2019, 4, 11), vText("tt:mm")}, "ERROR"},
		{"format_date", []types.XValue{vText("NOT DATE"), vText("YYYY-MM-DD")}, "ERROR"},
		{"format_datetime", []types.XValue{vText("1979-07-18T15:00:00.000000Z")}, "18-07-1979 10:00"},
		{"format_datetime", []types.XValue{vText("2010-05-10T19:50:00.000000Z"), vText("YYYY M DD tt:mm")}, "2010 5 10 14:50"},
		{"format_datetime", []types.XValue{vText("1979-07-18T15:00:00.000000Z"), vText("YYYY-MM-DDTtt:mm:ss.ffffffZ"), vText("America/Los_Angeles")}, "1979-07-18T08:00:00.000000-07:00"},
		{"format_datetime", []types.XValue{vText("1979-07-18T15:00:00.000000Z"), vText("h:mm AA"), vText("UTC")}, "3:00 PM"},
		{"format_datetime", []types.XValue{vText("NOT DATE"), vText("YYYY-MM-DD")}, "ERROR"},
		{"format_time", []types.XValue{vText("14:50:30.000000"), vText("h:mm aa")}, "2:50 pm"},
		{"format_time", []types.XValue{vTime(16, 30, 45)}, "16:30"},
		{"format_time", []types.XValue{vTime(16, 30, 45), vText("YYYY")}, "ERROR"},
		{"format_time", []types.XValue{vText("x")}, "ERROR"},
	})
}
