package dates_test

import (
	"testing"

	"github.com/rivuletflows/rivulet/utils/dates"
)

func TestLoadLocation(t *testing.T) {
	tcs := []struct{ name, want, err string }{
		{"UTC", "UTC", ""},
		{"America/Guayaquil", "America/Guayaquil", ""},
		{"Africa/Kigali", "Africa/Kigali", ""},
		{"Nowhere/Special", "", "unknown time zone Nowhere/Special"},
		{"../etc/passwd", "", "time: invalid location name"},
	}
	for _, tc := range tcs {
		for i := 0; i < 2; i++ { // the second call is answered from the cache
			loc, err := dates.LoadLocation(tc.name)
			if tc.err != "" {
				if err == nil || err.Error() != tc.err {
					t.Errorf("%s: expected error %q, got %v", tc.name, tc.err, err)
				}
				continue
			}
			if err != nil || loc.String() != tc.want {
				t.Errorf("%s: expected %s, got %v, %v", tc.name, tc.want, loc, err)
			}
		}
	}
}
