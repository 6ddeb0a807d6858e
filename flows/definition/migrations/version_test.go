package migrations

import "testing"

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in   string
		want Version
		err  bool
	}{
		{"13.2.0", Version{13, 2, 0}, false},
		{"14.4.2", Version{14, 4, 2}, false},
		{"13.2", Version{13, 2, 0}, false},
		{"13", Version{13, 0, 0}, false},
		{" 13.1.0 ", Version{13, 1, 0}, false},
		{"", Version{}, true},
		{"13.", Version{}, true},
		{"a.b.c", Version{}, true},
		{"1.2.3.4", Version{}, true},
		{"-1.0.0", Version{}, true},
		{"+1.0.0", Version{}, true},
	}
	for _, tc := range tests {
		got, err := ParseVersion(tc.in)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v, error %v", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestVersionCompare(t *testing.T) {
	tests := []struct {
		a, b Version
		want int
	}{
		{Version{13, 0, 0}, Version{13, 0, 0}, 0},
		{Version{13, 6, 1}, Version{13, 6, 0}, 1},
		{Version{13, 6, 1}, Version{14, 0, 0}, -1},
		{Version{13, 10, 0}, Version{13, 9, 9}, 1},
	}
	for _, tc := range tests {
		if got := tc.a.Compare(tc.b); got != tc.want {
			t.Errorf("%s.Compare(%s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if got := tc.a.Less(tc.b); got != (tc.want < 0) {
			t.Errorf("%s.Less(%s) = %v", tc.a, tc.b, got)
		}
	}
	if CurrentVersion.String() != "14.4.2" {
		t.Errorf("current version is %s", CurrentVersion)
	}
}
