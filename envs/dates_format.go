package envs

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// LayoutKind says which parts a date/time layout may contain: format_date accepts only
// date tokens, format_time only time tokens, format_datetime and parse_datetime both.
type LayoutKind int

// The kinds of layouts.
const (
	LayoutDate LayoutKind = 1 << iota
	LayoutTime
	LayoutDateTime = LayoutDate | LayoutTime
)

// layoutToken is one token of a layout: a run of a format letter or a literal.
type layoutToken struct {
	code    string // e.g. "YYYY", "" for a literal
	literal string
}

// tokenKinds says which kind of layout each token belongs to; Z tokens (the offset)
// belong to datetimes only.
var tokenKinds = map[string]LayoutKind{
	"YY": LayoutDate, "YYYY": LayoutDate,
	"M": LayoutDate, "MM": LayoutDate, "MMM": LayoutDate, "MMMM": LayoutDate,
	"D": LayoutDate, "DD": LayoutDate,
	"EEE": LayoutDate, "EEEE": LayoutDate,
	"h": LayoutTime, "hh": LayoutTime, "t": LayoutTime, "tt": LayoutTime,
	"m": LayoutTime, "mm": LayoutTime, "s": LayoutTime, "ss": LayoutTime,
	"fff": LayoutTime, "ffffff": LayoutTime, "fffffffff": LayoutTime,
	"aa": LayoutTime, "AA": LayoutTime,
	"Z": LayoutDateTime, "ZZZ": LayoutDateTime,
}

// parseLayout splits a layout such as "YYYY-MM-DD tt:mm" into tokens, refusing letters
// that are not tokens of the given kind. T is a literal, as in ISO 8601 datetimes; other
// letters can't be quoted: the layout language has no escapes.
func parseLayout(layout string, kind LayoutKind) ([]layoutToken, error) {
	runes := []rune(layout)
	tokens := make([]layoutToken, 0, 8)
	for i := 0; i < len(runes); {
		r := runes[i]
		j := i + 1
		if unicode.IsLetter(r) && r != 'T' {
			for j < len(runes) && runes[j] == r {
				j++
			}
			code := string(runes[i:j])
			k, known := tokenKinds[code]
			if !known {
				return nil, fmt.Errorf("'%s' is not a valid format token in '%s'", code, layout)
			}
			if k == LayoutDateTime && kind != LayoutDateTime || k != LayoutDateTime && k&kind == 0 {
				return nil, fmt.Errorf("'%s' is not allowed in a %s format '%s'", code, kind, layout)
			}
			tokens = append(tokens, layoutToken{code: code})
		} else {
			for j < len(runes) && (!unicode.IsLetter(runes[j]) || runes[j] == 'T') {
				j++
			}
			tokens = append(tokens, layoutToken{literal: string(runes[i:j])})
		}
		i = j
	}
	return tokens, nil
}

// String names the kind in error messages.
func (k LayoutKind) String() string {
	switch k {
	case LayoutDate:
		return "date"
	case LayoutTime:
		return "time"
	}
	return "datetime"
}

// ValidateLayout checks a layout of the given kind without using it.
func ValidateLayout(layout string, kind LayoutKind) error {
	_, err := parseLayout(layout, kind)
	return err
}

// FormatLayout writes t with a layout in the flow spec's notation, e.g. "YYYY-MM-DD",
// "D/M/YY", "EEE, MMM D", "h:mm aa", "tt:mm:ss.ffffff ZZZ". Tokens: YY YYYY (year), M MM
// MMM MMMM (month), D DD (day), EEE EEEE (weekday), h hh (12-hour), t tt (24-hour), m mm
// (minute), s ss (second), fff ffffff fffffffff (fraction), aa AA (am/pm), Z (offset or Z
// for UTC), ZZZ (offset). Names are in English.
func FormatLayout(t time.Time, layout string, kind LayoutKind) (string, error) {
	tokens, err := parseLayout(layout, kind)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, tok := range tokens {
		if tok.code == "" {
			b.WriteString(tok.literal)
			continue
		}
		b.WriteString(formatToken(t, tok.code))
	}
	return b.String(), nil
}

func formatToken(t time.Time, code string) string {
	h12 := t.Hour() % 12
	if h12 == 0 {
		h12 = 12
	}
	switch code {
	case "YY":
		return fmt.Sprintf("%02d", t.Year()%100)
	case "YYYY":
		return fmt.Sprintf("%04d", t.Year())
	case "M":
		return strconv.Itoa(int(t.Month()))
	case "MM":
		return fmt.Sprintf("%02d", int(t.Month()))
	case "MMM":
		return t.Month().String()[:3]
	case "MMMM":
		return t.Month().String()
	case "D":
		return strconv.Itoa(t.Day())
	case "DD":
		return fmt.Sprintf("%02d", t.Day())
	case "EEE":
		return t.Weekday().String()[:3]
	case "EEEE":
		return t.Weekday().String()
	case "h":
		return strconv.Itoa(h12)
	case "hh":
		return fmt.Sprintf("%02d", h12)
	case "t":
		return strconv.Itoa(t.Hour())
	case "tt":
		return fmt.Sprintf("%02d", t.Hour())
	case "m":
		return strconv.Itoa(t.Minute())
	case "mm":
		return fmt.Sprintf("%02d", t.Minute())
	case "s":
		return strconv.Itoa(t.Second())
	case "ss":
		return fmt.Sprintf("%02d", t.Second())
	case "fff":
		return fmt.Sprintf("%03d", t.Nanosecond()/1e6)
	case "ffffff":
		return fmt.Sprintf("%06d", t.Nanosecond()/1e3)
	case "fffffffff":
		return fmt.Sprintf("%09d", t.Nanosecond())
	case "aa":
		if t.Hour() < 12 {
			return "am"
		}
		return "pm"
	case "AA":
		if t.Hour() < 12 {
			return "AM"
		}
		return "PM"
	case "Z":
		return t.Format("Z07:00")
	case "ZZZ":
		return t.Format("-07:00")
	}
	return ""
}

// ParseLayout reads text written with a layout in the flow spec's notation (see
// FormatLayout), leniently: single or double letter numeric tokens take one or two digits,
// names and am/pm ignore case. Missing parts default to 1 January of year 0 at midnight;
// the result is in loc unless the text carries an offset (Z, ZZZ).
func ParseLayout(layout, text string, kind LayoutKind, loc *time.Location) (time.Time, error) {
	tokens, err := parseLayout(layout, kind)
	if err != nil {
		return time.Time{}, err
	}
	fail := func() (time.Time, error) {
		return time.Time{}, fmt.Errorf("unable to parse '%s' with format '%s'", text, layout)
	}
	year, month, day, hour, minute, second, nanos := 0, 1, 1, 0, 0, 0, 0
	pm, hasAmPm := false, false
	rest := text
	for _, tok := range tokens {
		if tok.code == "" {
			if !strings.HasPrefix(rest, tok.literal) {
				return fail()
			}
			rest = rest[len(tok.literal):]
			continue
		}
		var n int
		var ok bool
		switch tok.code {
		case "YYYY":
			n, rest, ok = takeDigits(rest, 4, 4)
			year = n
		case "YY":
			n, rest, ok = takeDigits(rest, 2, 2)
			year = 2000 + n
			if n >= 69 {
				year = 1900 + n
			}
		case "M", "MM":
			n, rest, ok = takeDigits(rest, 1, 2)
			month = n
		case "MMM", "MMMM":
			n, rest, ok = takeName(rest, monthNames, tok.code == "MMM")
			month = n + 1
		case "D", "DD":
			n, rest, ok = takeDigits(rest, 1, 2)
			day = n
		case "EEE", "EEEE":
			_, rest, ok = takeName(rest, weekdayNames, tok.code == "EEE")
		case "h", "hh", "t", "tt":
			n, rest, ok = takeDigits(rest, 1, 2)
			hour = n
		case "m", "mm":
			n, rest, ok = takeDigits(rest, 1, 2)
			minute = n
		case "s", "ss":
			n, rest, ok = takeDigits(rest, 1, 2)
			second = n
		case "fff", "ffffff", "fffffffff":
			var digits string
			for len(digits) < len(tok.code) && len(rest) > len(digits) && rest[len(digits)] >= '0' && rest[len(digits)] <= '9' {
				digits += rest[len(digits) : len(digits)+1]
			}
			ok = digits != ""
			rest = rest[len(digits):]
			nanos, _ = strconv.Atoi((digits + "000000000")[:9])
		case "aa", "AA":
			if len(rest) >= 2 {
				switch strings.ToLower(rest[:2]) {
				case "am":
					ok, hasAmPm = true, true
				case "pm":
					ok, hasAmPm, pm = true, true, true
				}
				rest = rest[2:]
			}
		case "Z", "ZZZ":
			loc, rest, ok = takeOffset(rest)
		}
		if !ok {
			return fail()
		}
	}
	if rest != "" {
		return fail()
	}
	if hasAmPm {
		if hour < 1 || hour > 12 {
			return fail()
		}
		if pm && hour < 12 {
			hour += 12
		} else if !pm && hour == 12 {
			hour = 0
		}
	}
	if !validDate(year, month, day) || hour > 23 || minute > 59 || second > 59 {
		return fail()
	}
	return time.Date(year, time.Month(month), day, hour, minute, second, nanos, loc), nil
}

var monthNames = []string{"january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"}
var weekdayNames = []string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}

func takeDigits(s string, min, max int) (int, string, bool) {
	i := 0
	for i < len(s) && i < max && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i < min {
		return 0, s, false
	}
	n, _ := strconv.Atoi(s[:i])
	return n, s[i:], true
}

func takeName(s string, names []string, short bool) (int, string, bool) {
	lower := strings.ToLower(s)
	for i, name := range names {
		if short {
			name = name[:3]
		}
		if strings.HasPrefix(lower, name) {
			return i, s[len(name):], true
		}
	}
	return 0, s, false
}

func takeOffset(s string) (*time.Location, string, bool) {
	if strings.HasPrefix(s, "Z") {
		return time.UTC, s[1:], true
	}
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return nil, s, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	h, rest, ok := takeDigits(s[1:], 2, 2)
	if !ok {
		return nil, s, false
	}
	rest = strings.TrimPrefix(rest, ":")
	m, rest2, ok := takeDigits(rest, 2, 2)
	if !ok {
		m, rest2 = 0, rest
	}
	return time.FixedZone("", sign*(h*3600+m*60)), rest2, true
}
