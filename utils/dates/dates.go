// Package dates holds calendar dates and times of day, the two temporal values that Go's
// time package has no type for.
package dates

import (
	"fmt"
	"time"
)

// Date is a calendar date without time or zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// NewDate returns a normalized date (2019-02-31 becomes 2019-03-03, as time.Date does).
func NewDate(year, month, day int) Date {
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return Date{t.Year(), t.Month(), t.Day()}
}

// ExtractDate returns the date part of t in t's location.
func ExtractDate(t time.Time) Date { return Date{t.Year(), t.Month(), t.Day()} }

// Combine returns the instant of this date at the time of day in loc.
func (d Date) Combine(t TimeOfDay, loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, t.Hour, t.Minute, t.Second, t.Nanos, loc)
}

// Time returns midnight UTC of this date, handy for arithmetic.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Weekday returns the day of the week of this date.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// Compare returns -1, 0 or 1.
func (d Date) Compare(o Date) int { return d.Time().Compare(o.Time()) }

// Equal reports whether the two dates are the same day.
func (d Date) Equal(o Date) bool { return d == o }

// String returns the ISO form YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// TimeOfDay is a time of day without date or zone.
type TimeOfDay struct {
	Hour, Minute, Second, Nanos int
}

// NewTimeOfDay returns a time of day.
func NewTimeOfDay(hour, minute, second, nanos int) TimeOfDay {
	return TimeOfDay{hour, minute, second, nanos}
}

// ExtractTimeOfDay returns the time of day of t in t's location.
func ExtractTimeOfDay(t time.Time) TimeOfDay {
	return TimeOfDay{t.Hour(), t.Minute(), t.Second(), t.Nanosecond()}
}

// Compare returns -1, 0 or 1.
func (t TimeOfDay) Compare(o TimeOfDay) int {
	a := ((t.Hour*60+t.Minute)*60+t.Second)*1e9 + t.Nanos
	b := ((o.Hour*60+o.Minute)*60+o.Second)*1e9 + o.Nanos
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// String returns HH:MM:SS.ffffff (microseconds), the canonical rendering.
func (t TimeOfDay) String() string {
	return fmt.Sprintf("%02d:%02d:%02d.%06d", t.Hour, t.Minute, t.Second, t.Nanos/1000)
}
