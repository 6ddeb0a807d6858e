package migrations

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a flow spec version (major.minor.patch). Migrations are keyed by the version
// they produce, and flows name the version they were written for in `spec_version`.
type Version struct {
	Major, Minor, Patch int
}

// CurrentVersion is the newest spec version the engine reads; every older flow is brought
// up to it on read.
var CurrentVersion = Version{14, 4, 2}

// ParseVersion reads a version such as "13.2.0". A missing minor or patch part counts as 0
// ("13.2" is 13.2.0) because older exports sometimes wrote the short form.
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	if len(parts) == 0 || len(parts) > 3 {
		return Version{}, fmt.Errorf("invalid spec version %q", s)
	}
	var nums [3]int
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p == "" || (p[0] == '+' || p[0] == '-') {
			return Version{}, fmt.Errorf("invalid spec version %q", s)
		}
		nums[i] = n
	}
	return Version{nums[0], nums[1], nums[2]}, nil
}

// Compare returns -1, 0 or 1 as v is older than, the same as, or newer than o.
func (v Version) Compare(o Version) int {
	for _, d := range [3]int{v.Major - o.Major, v.Minor - o.Minor, v.Patch - o.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	return 0
}

// Less reports whether v is older than o.
func (v Version) Less(o Version) bool { return v.Compare(o) < 0 }

// String gives the canonical three-part form written to `spec_version`.
func (v Version) String() string {
	return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
}
