package types

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils/dates"
)

// ISO layouts used to render temporal values.
const (
	// DateTimeRenderLayout is how a datetime renders: microseconds and a numeric offset.
	DateTimeRenderLayout = "2006-01-02T15:04:05.000000Z07:00"
)

// XDateTime is an instant with a timezone.
type XDateTime struct{ native time.Time }

// NewXDateTime wraps a time.
func NewXDateTime(t time.Time) XDateTime { return XDateTime{t} }

func (x XDateTime) Describe() string                { return "datetime" }
func (x XDateTime) Truthy() bool                    { return true }
func (x XDateTime) Render() string                  { return x.native.Format(DateTimeRenderLayout) }
func (x XDateTime) String() string                  { return "XDateTime(" + x.Render() + ")" }
func (x XDateTime) Native() time.Time               { return x.native }
func (x XDateTime) In(loc *time.Location) XDateTime { return XDateTime{x.native.In(loc)} }

// Format renders the datetime in the environment's timezone and formats.
func (x XDateTime) Format(env envs.Environment) string {
	return FormatDateTime(env, x.native.In(env.Timezone()))
}

// Equals compares instants.
func (x XDateTime) Equals(o XValue) bool {
	d, ok := o.(XDateTime)
	return ok && x.native.Equal(d.native)
}

// Compare orders instants.
func (x XDateTime) Compare(o XValue) int { return x.native.Compare(o.(XDateTime).native) }

// MarshalJSON writes the rendered form, ISO 8601 with microseconds, as a JSON string.
func (x XDateTime) MarshalJSON() ([]byte, error) { return json.Marshal(x.Render()) }

// XDate is a calendar date.
type XDate struct{ native dates.Date }

// NewXDate wraps a date.
func NewXDate(d dates.Date) XDate { return XDate{d} }

func (x XDate) Describe() string             { return "date" }
func (x XDate) Truthy() bool                 { return true }
func (x XDate) Render() string               { return x.native.String() }
func (x XDate) String() string               { return "XDate(" + x.Render() + ")" }
func (x XDate) Native() dates.Date           { return x.native }
func (x XDate) MarshalJSON() ([]byte, error) { return json.Marshal(x.Render()) }

// Format renders the date in the environment's date format.
func (x XDate) Format(env envs.Environment) string { return FormatDate(env, x.native) }

// Equals compares dates.
func (x XDate) Equals(o XValue) bool {
	d, ok := o.(XDate)
	return ok && x.native == d.native
}

// Compare orders dates.
func (x XDate) Compare(o XValue) int { return x.native.Compare(o.(XDate).native) }

// XTime is a time of day.
type XTime struct{ native dates.TimeOfDay }

// NewXTime wraps a time of day.
func NewXTime(t dates.TimeOfDay) XTime { return XTime{t} }

func (x XTime) Describe() string             { return "time" }
func (x XTime) Truthy() bool                 { return true }
func (x XTime) Render() string               { return x.native.String() }
func (x XTime) String() string               { return "XTime(" + x.Render() + ")" }
func (x XTime) Native() dates.TimeOfDay      { return x.native }
func (x XTime) MarshalJSON() ([]byte, error) { return json.Marshal(x.Render()) }

// Format renders the time in the environment's time format.
func (x XTime) Format(env envs.Environment) string { return FormatTime(env, x.native) }

// Equals compares times of day.
func (x XTime) Equals(o XValue) bool {
	t, ok := o.(XTime)
	return ok && x.native == t.native
}

// Compare orders times of day.
func (x XTime) Compare(o XValue) int { return x.native.Compare(o.(XTime).native) }

// FormatDate writes a date in the environment's date format.
func FormatDate(env envs.Environment, d dates.Date) string {
	switch env.DateFormat() {
	case envs.DateFormatDayMonthYear:
		return fmt.Sprintf("%02d-%02d-%04d", d.Day, int(d.Month), d.Year)
	case envs.DateFormatMonthDayYear:
		return fmt.Sprintf("%02d-%02d-%04d", int(d.Month), d.Day, d.Year)
	}
	return d.String()
}

// FormatTime writes a time of day in the environment's time format.
func FormatTime(env envs.Environment, t dates.TimeOfDay) string {
	h12 := t.Hour % 12
	if h12 == 0 {
		h12 = 12
	}
	ampm := "am"
	if t.Hour >= 12 {
		ampm = "pm"
	}
	switch env.TimeFormat() {
	case envs.TimeFormatHourMinuteAmPm:
		return fmt.Sprintf("%d:%02d %s", h12, t.Minute, ampm)
	case envs.TimeFormatHourMinuteSecond:
		return fmt.Sprintf("%02d:%02d:%02d", t.Hour, t.Minute, t.Second)
	case envs.TimeFormatHourMinuteSecondAmPm:
		return fmt.Sprintf("%d:%02d:%02d %s", h12, t.Minute, t.Second, ampm)
	}
	return fmt.Sprintf("%02d:%02d", t.Hour, t.Minute)
}

// FormatDateTime writes a datetime as the environment's date and time formats joined by a
// space.
func FormatDateTime(env envs.Environment, t time.Time) string {
	return FormatDate(env, dates.ExtractDate(t)) + " " + FormatTime(env, dates.ExtractTimeOfDay(t))
}
