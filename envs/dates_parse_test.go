package envs_test

import (
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils"
)

func testEnv(dateFormat envs.DateFormat) envs.Environment {
	s := envs.DefaultSettings()
	s.DateFormat_ = dateFormat
	s.Timezone_ = "America/Guayaquil"
	now := time.Date(2018, 4, 11, 18, 24, 30, 123456000, time.UTC)
	return envs.NewEnv(s, utils.FixedClock{T: now}, utils.NewSeededRandom(1), nil)
}

func TestDateTimeFromString(t *testing.T) {
	gye, _ := time.LoadLocation("America/Guayaquil")
	plus2 := time.FixedZone("", 2*3600)
	tcs := []struct {
		format   envs.DateFormat
		text     string
		fill     bool
		expected time.Time
		match    string
	}{
		{envs.DateFormatDayMonthYear, "1979-07-18", false, time.Date(1979, 7, 18, 0, 0, 0, 0, gye), "1979-07-18"},
		{envs.DateFormatDayMonthYear, "1979-07-18T10:30:45.123456Z", false, time.Date(1979, 7, 18, 10, 30, 45, 123456000, time.UTC), "1979-07-18T10:30:45.123456Z"},
		{envs.DateFormatDayMonthYear, "2017-06-12T18:56:59.000000+02:00", false, time.Date(2017, 6, 12, 18, 56, 59, 0, plus2), "2017-06-12T18:56:59.000000+02:00"},
		{envs.DateFormatDayMonthYear, "10/05/2010", false, time.Date(2010, 5, 10, 0, 0, 0, 0, gye), "10/05/2010"},
		{envs.DateFormatMonthDayYear, "10/05/2010", false, time.Date(2010, 10, 5, 0, 0, 0, 0, gye), "10/05/2010"},
		{envs.DateFormatYearMonthDay, "2010.05.10", false, time.Date(2010, 5, 10, 0, 0, 0, 0, gye), "2010.05.10"},
		{envs.DateFormatDayMonthYear, "2017-01-15 02:15:18PM", false, time.Date(2017, 1, 15, 14, 15, 18, 0, gye), "2017-01-15 02:15:18PM"},
		{envs.DateFormatDayMonthYear, "the date is 15/01/2017 15:00", false, time.Date(2017, 1, 15, 15, 0, 0, 0, gye), "15/01/2017 15:00"},
		{envs.DateFormatDayMonthYear, "the date is 15/01/2017", false, time.Date(2017, 1, 15, 0, 0, 0, 0, gye), "15/01/2017"},
		{envs.DateFormatDayMonthYear, "the date is 15/01/2017", true, time.Date(2017, 1, 15, 13, 24, 30, 123456000, gye), "15/01/2017"},
		{envs.DateFormatDayMonthYear, "on 1/2/79 at 10 pm", false, time.Date(1979, 2, 1, 22, 0, 0, 0, gye), "1/2/79 at 10 pm"},
		{envs.DateFormatDayMonthYear, "31/02/2017 or 01/03/2017", false, time.Date(2017, 3, 1, 0, 0, 0, 0, gye), "01/03/2017"},
	}
	for _, tc := range tcs {
		env := testEnv(tc.format)
		got, match, err := envs.FindDateTime(env, tc.text, tc.fill)
		if err != nil {
			t.Fatalf("parsing %q: %v", tc.text, err)
		}
		if !(tc.expected.Equal(got)) {
			t.Errorf("%q: expected %s, got %s", tc.text, tc.expected, got)
		}
		if tc.expected.Location().String() != got.Location().String() {
			t.Errorf("zone of %q: expected %q, got %q", tc.text, tc.expected.Location().String(), got.Location().String())
		}
		if tc.match != match {
			t.Errorf("match of %q: expected %q, got %q", tc.text, tc.match, match)
		}
	}

	for _, text := range []string{"", "NOT DATE", "there is no date here, just a year 2017", "32/01/2017", "15/13/2017"} {
		_, err := envs.DateTimeFromString(testEnv(envs.DateFormatDayMonthYear), text, false)
		if err == nil {
			t.Errorf("expected error for %q", text)
		}
	}
}

func TestDateFromString(t *testing.T) {
	d, err := envs.DateFromString(testEnv(envs.DateFormatDayMonthYear), "1979-07-18T23:30:45.123456-05:00")
	if err != nil {
		t.Fatal(err)
	}
	if "1979-07-18" != d.String() {
		t.Errorf("expected %q, got %q", "1979-07-18", d.String())
	}
}

func TestTimeFromString(t *testing.T) {
	tcs := []struct{ text, expected, match string }{
		{"10:30", "10:30:00.000000", "10:30"},
		{"10:30:45 PM", "22:30:45.000000", "10:30:45 PM"},
		{"the time is 10 PM", "22:00:00.000000", "10 PM"},
		{"at 12am", "00:00:00.000000", "12am"},
		{"at 12:15 pm ok", "12:15:00.000000", "12:15 pm"},
		{"14:50:30.000000", "14:50:30.000000", "14:50:30.000000"},
		{"1979-07-18T10:30:45.123456Z", "10:30:45.123456", "1979-07-18T10:30:45.123456Z"},
		{"25:00 or 9:05", "09:05:00.000000", "9:05"},
	}
	for _, tc := range tcs {
		got, match, err := envs.FindTime(tc.text)
		if err != nil {
			t.Fatalf("parsing %q: %v", tc.text, err)
		}
		if tc.expected != got.String() {
			t.Errorf("time of %q: expected %q, got %q", tc.text, tc.expected, got.String())
		}
		if tc.match != match {
			t.Errorf("match of %q: expected %q, got %q", tc.text, tc.match, match)
		}
	}
	for _, text := range []string{"what?", "just the number 25", "13 pm", "10:75"} {
		_, err := envs.TimeFromString(text)
		if err == nil {
			t.Errorf("expected error for %q", text)
		}
	}
}
