package envs

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/utils/dates"
)

// Patterns used to find dates and times inside free text such as "the date is 15/01/2017".
// Dates are three numbers joined by - . / _ or a space; which number is the day depends on
// the environment's date format. An ISO date (YYYY-MM-DD) is accepted under any format, but
// only at the very start of the text: "2025-05-04 at noon" is a date under DD-MM-YYYY while
// "activity,2025-05-04T14:31" is not, as in the established engine.
var (
	patternDayMonthYear = regexp.MustCompile(`\b(\d{1,2})[-./_ \\](\d{1,2})[-./_ \\](\d{4}|\d{2})\b`)
	patternYearMonthDay = regexp.MustCompile(`\b(\d{4}|\d{2})[-./_ \\](\d{1,2})[-./_ \\](\d{1,2})\b`)
	patternISOYearFirst = regexp.MustCompile(`^\s*(\d{4})-(\d{2})-(\d{2})`)

	// a time with minutes: 10:30, 10:30:45, 10:30:45.123, each optionally followed by am/pm
	patternTime = regexp.MustCompile(`(?i)\b(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:\s*([ap]\.?m\.?))?(?:\b|$)`)
	// an hour with am/pm: 10 PM, 10pm
	patternHourAmPm = regexp.MustCompile(`(?i)\b(\d{1,2})\s*([ap]\.?m\.?)(?:\b|$)`)

	// a complete ISO 8601 datetime, which is read exactly (keeping its offset) before any
	// searching in the text
	patternISODateTime = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$`)
)

// DateTimeFromString reads a datetime from text as a person might write it. A complete ISO
// 8601 datetime ("1979-07-18T10:30:45.123456Z", "2017-06-12T18:56:59+02:00") is read
// exactly, keeping its offset (and the environment's timezone when it has none). Otherwise
// the first date in the text is found according to the environment's date format
// ("10/05/2010" is 10 May under DD-MM-YYYY, 5 October under MM-DD-YYYY; a leading four
// digit year is always read year first), and the first time after it, if any ("15:00",
// "02:15:18PM", "10 pm"). The result is in the environment's timezone. When the text has no
// time, fillTime says whether to take the time of day of env.Now() (true) or midnight.
func DateTimeFromString(env Environment, s string, fillTime bool) (time.Time, error) {
	t, _, err := findDateTime(env, s, fillTime)
	return t, err
}

// FindDateTime is DateTimeFromString that also returns the part of the text the date (and
// time, when found) was read from, e.g. "15/01/2017 15:00" in "the date is 15/01/2017 15:00",
// for case tests that report what they matched.
func FindDateTime(env Environment, s string, fillTime bool) (time.Time, string, error) {
	return findDateTime(env, s, fillTime)
}

// DateFromString reads the first date in text under the environment's date format, or the
// date of a complete ISO datetime in its own offset ("1979-07-18T10:30:45Z" is 1979-07-18).
func DateFromString(env Environment, s string) (dates.Date, error) {
	t, _, err := findDateTime(env, s, false)
	if err != nil {
		return dates.Date{}, err
	}
	return dates.ExtractDate(t), nil
}

// TimeFromString reads the first time of day in text: "10:30", "10:30:45.123456",
// "10:30:45 PM", "10 pm", or the time of a complete ISO datetime in its own offset.
func TimeFromString(s string) (dates.TimeOfDay, error) {
	if t, ok := parseISODateTime(strings.TrimSpace(s), time.UTC); ok {
		return dates.ExtractTimeOfDay(t), nil
	}
	tod, _, ok := findTime(s)
	if !ok {
		return dates.TimeOfDay{}, fmt.Errorf("unable to parse '%s' as a time", s)
	}
	return tod, nil
}

// FindTime is TimeFromString for free text that also returns the matched text.
func FindTime(s string) (dates.TimeOfDay, string, error) {
	if t, ok := parseISODateTime(strings.TrimSpace(s), time.UTC); ok {
		return dates.ExtractTimeOfDay(t), strings.TrimSpace(s), nil
	}
	tod, m, ok := findTime(s)
	if !ok {
		return dates.TimeOfDay{}, "", fmt.Errorf("unable to parse '%s' as a time", s)
	}
	return tod, m, nil
}

func findDateTime(env Environment, s string, fillTime bool) (time.Time, string, error) {
	trimmed := strings.TrimSpace(s)
	if t, ok := parseISODateTime(trimmed, env.Timezone()); ok {
		return t, trimmed, nil
	}

	now := env.Now().In(env.Timezone())
	date, start, end, ok := findDate(env.DateFormat(), s, now.Year())
	if !ok {
		return time.Time{}, "", fmt.Errorf("unable to parse '%s' as a date", s)
	}

	tod := dates.TimeOfDay{}
	if fillTime {
		tod = dates.ExtractTimeOfDay(now)
	}
	rest := s[end:]
	if t, loc, ok := findTimeIndex(rest); ok {
		tod = t
		end += loc[1]
	}
	return date.Combine(tod, env.Timezone()), s[start:end], nil
}

// parseISODateTime reads a complete ISO 8601 datetime or date-time with a space, in loc
// when it carries no offset.
func parseISODateTime(s string, loc *time.Location) (time.Time, bool) {
	m := patternISODateTime.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	hour, _ := strconv.Atoi(m[4])
	minute, _ := strconv.Atoi(m[5])
	second := 0
	if m[6] != "" {
		second, _ = strconv.Atoi(m[6])
	}
	nanos := 0
	if m[7] != "" {
		nanos, _ = strconv.Atoi((m[7] + "000000000")[:9])
	}
	if !validDate(year, month, day) || hour > 23 || minute > 59 || second > 59 {
		return time.Time{}, false
	}
	if m[8] != "" {
		if m[8] == "Z" {
			loc = time.UTC
		} else {
			off := strings.ReplaceAll(m[8][1:], ":", "")
			oh, _ := strconv.Atoi(off[:2])
			om := 0
			if len(off) == 4 {
				om, _ = strconv.Atoi(off[2:])
			}
			secs := oh*3600 + om*60
			if m[8][0] == '-' {
				secs = -secs
			}
			loc = time.FixedZone("", secs)
		}
	}
	return time.Date(year, time.Month(month), day, hour, minute, second, nanos, loc), true
}

// findDate returns the earliest valid date in s and where it lies.
func findDate(format DateFormat, s string, currentYear int) (dates.Date, int, int, bool) {
	type candidate struct {
		re      *regexp.Regexp
		d, m, y int
	}
	var cands []candidate
	switch format {
	case DateFormatDayMonthYear:
		cands = []candidate{{patternDayMonthYear, 1, 2, 3}, {patternISOYearFirst, 3, 2, 1}}
	case DateFormatMonthDayYear:
		cands = []candidate{{patternDayMonthYear, 2, 1, 3}, {patternISOYearFirst, 3, 2, 1}}
	default:
		cands = []candidate{{patternYearMonthDay, 3, 2, 1}}
	}

	best, bestStart, bestEnd, found := dates.Date{}, -1, -1, false
	for _, c := range cands {
		for _, idx := range c.re.FindAllStringSubmatchIndex(s, -1) {
			if found && idx[0] >= bestStart {
				break
			}
			group := func(n int) string { return s[idx[2*n]:idx[2*n+1]] }
			day, _ := strconv.Atoi(group(c.d))
			month, _ := strconv.Atoi(group(c.m))
			yearText := group(c.y)
			year, _ := strconv.Atoi(yearText)
			if len(yearText) == 2 {
				year = expandYear(year, currentYear)
			}
			if !validDate(year, month, day) {
				continue
			}
			end := idx[2*c.y+1]
			if c.d > c.y {
				end = idx[2*c.d+1]
			}
			// the match starts at its first number (the ISO pattern may take leading spaces)
			best, bestStart, bestEnd, found = dates.NewDate(year, month, day), idx[2], end, true
			break
		}
	}
	return best, bestStart, bestEnd, found
}

// expandYear turns a two digit year into the latest year ending in those digits that is
// not after the current year, so "79" is 1979 and "17" is 2017 (in 2018).
func expandYear(yy, currentYear int) int {
	year := currentYear - currentYear%100 + yy
	if year > currentYear {
		year -= 100
	}
	return year
}

func validDate(year, month, day int) bool {
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return false
	}
	return dates.NewDate(year, month, day).Day == day
}

func findTime(s string) (dates.TimeOfDay, string, bool) {
	t, loc, ok := findTimeIndex(s)
	if !ok {
		return t, "", false
	}
	return t, s[loc[0]:loc[1]], true
}

// findTimeIndex returns the first valid time in s and its span.
func findTimeIndex(s string) (dates.TimeOfDay, [2]int, bool) {
	type hit struct {
		tod   dates.TimeOfDay
		start int
		end   int
	}
	var best *hit
	for _, idx := range patternTime.FindAllStringSubmatchIndex(s, -1) {
		group := func(n int) string {
			if idx[2*n] < 0 {
				return ""
			}
			return s[idx[2*n]:idx[2*n+1]]
		}
		hour, _ := strconv.Atoi(group(1))
		minute, _ := strconv.Atoi(group(2))
		second, nanos := 0, 0
		if group(3) != "" {
			second, _ = strconv.Atoi(group(3))
		}
		if group(4) != "" {
			nanos, _ = strconv.Atoi((group(4) + "000000000")[:9])
		}
		hour, ok := applyAmPm(hour, group(5))
		if !ok || minute > 59 || second > 59 {
			continue
		}
		best = &hit{dates.NewTimeOfDay(hour, minute, second, nanos), idx[0], idx[1]}
		break
	}
	for _, idx := range patternHourAmPm.FindAllStringSubmatchIndex(s, -1) {
		if best != nil && idx[0] >= best.start {
			break
		}
		hour, _ := strconv.Atoi(s[idx[2]:idx[3]])
		hour, ok := applyAmPm(hour, s[idx[4]:idx[5]])
		if !ok {
			continue
		}
		best = &hit{dates.NewTimeOfDay(hour, 0, 0, 0), idx[0], idx[1]}
		break
	}
	if best == nil {
		return dates.TimeOfDay{}, [2]int{}, false
	}
	return best.tod, [2]int{best.start, best.end}, true
}

// applyAmPm converts a 12-hour clock hour to 24-hour when an am/pm marker is present.
func applyAmPm(hour int, marker string) (int, bool) {
	if marker == "" {
		return hour, hour <= 23
	}
	if hour < 1 || hour > 12 {
		return hour, false
	}
	pm := marker[0] == 'p' || marker[0] == 'P'
	if pm && hour < 12 {
		hour += 12
	} else if !pm && hour == 12 {
		hour = 0
	}
	return hour, true
}
