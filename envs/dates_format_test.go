package envs_test

import (
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/envs"
)

func TestFormatLayout(t *testing.T) {
	dt := time.Date(2010, 5, 10, 14, 50, 3, 123456789, time.FixedZone("", -5*3600))
	tcs := []struct {
		layout   string
		kind     envs.LayoutKind
		expected string
	}{
		{"YYYY-MM-DD", envs.LayoutDate, "2010-05-10"},
		{"D/M/YY", envs.LayoutDate, "10/5/10"},
		{"EEE, MMM D", envs.LayoutDate, "Mon, May 10"},
		{"EEEE MMMM DD YYYY", envs.LayoutDate, "Monday May 10 2010"},
		{"h:mm aa", envs.LayoutTime, "2:50 pm"},
		{"hh:mm AA", envs.LayoutTime, "02:50 PM"},
		{"t:m:s", envs.LayoutTime, "14:50:3"},
		{"tt:mm:ss.fff", envs.LayoutTime, "14:50:03.123"},
		{"ss.ffffff", envs.LayoutTime, "03.123456"},
		{"ss.fffffffff", envs.LayoutTime, "03.123456789"},
		{"YYYY-MM-DDTtt:mm:ssZ", envs.LayoutDateTime, "2010-05-10T14:50:03-05:00"},
		{"tt:mm ZZZ", envs.LayoutDateTime, "14:50 -05:00"},
	}
	for _, tc := range tcs {
		got, err := envs.FormatLayout(dt, tc.layout, tc.kind)
		if err != nil {
			t.Fatalf("layout %q: %v", tc.layout, err)
		}
		if tc.expected != got {
			t.Errorf("layout %q: expected %q, got %q", tc.layout, tc.expected, got)
		}
	}
	utc, _ := envs.FormatLayout(dt.UTC(), "Z", envs.LayoutDateTime)
	if "Z" != utc {
		t.Errorf("expected %q, got %q", "Z", utc)
	}

	for _, bad := range []struct {
		layout string
		kind   envs.LayoutKind
	}{{"YYYYY", envs.LayoutDate}, {"tt:mm", envs.LayoutDate}, {"YYYY", envs.LayoutTime}, {"Z", envs.LayoutDate}, {"qq", envs.LayoutDateTime}} {
		_, err := envs.FormatLayout(dt, bad.layout, bad.kind)
		if err == nil {
			t.Errorf("layout %q", bad.layout)
		}
	}
}

func TestParseLayout(t *testing.T) {
	gye, _ := time.LoadLocation("America/Guayaquil")
	tcs := []struct {
		layout, text string
		kind         envs.LayoutKind
		expected     time.Time
	}{
		{"YYYY-MM-DD", "1979-07-18", envs.LayoutDateTime, time.Date(1979, 7, 18, 0, 0, 0, 0, gye)},
		{"YYYY M DD", "2010 5 10", envs.LayoutDateTime, time.Date(2010, 5, 10, 0, 0, 0, 0, gye)},
		{"D MMM YY", "3 jan 79", envs.LayoutDateTime, time.Date(1979, 1, 3, 0, 0, 0, 0, gye)},
		{"tt:mm", "15:28", envs.LayoutTime, time.Date(0, 1, 1, 15, 28, 0, 0, gye)},
		{"h:mm aa", "2:40 PM", envs.LayoutTime, time.Date(0, 1, 1, 14, 40, 0, 0, gye)},
		{"YYYY-MM-DDTtt:mm:ss.ffffffZ", "2017-01-15T02:15:18.123456Z", envs.LayoutDateTime, time.Date(2017, 1, 15, 2, 15, 18, 123456000, time.UTC)},
	}
	for _, tc := range tcs {
		got, err := envs.ParseLayout(tc.layout, tc.text, tc.kind, gye)
		if err != nil {
			t.Fatalf("%q with %q: %v", tc.text, tc.layout, err)
		}
		if !(tc.expected.Equal(got)) {
			t.Errorf("%q with %q: got %s", tc.text, tc.layout, got)
		}
	}
	for _, bad := range [][2]string{{"YYYY-MM-DD", "NOT DATE"}, {"tt:mm", "NOT TIME"}, {"YYYY-MM-DD", "2017-02-30"}, {"tt:mm", "15:28 extra"}, {"h aa", "13 pm"}} {
		_, err := envs.ParseLayout(bad[0], bad[1], envs.LayoutDateTime, gye)
		if err == nil {
			t.Errorf("%q with %q", bad[1], bad[0])
		}
	}
}
