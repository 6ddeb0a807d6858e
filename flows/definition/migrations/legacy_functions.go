package migrations

import (
	"fmt"
	"strconv"
	"strings"
)

// How the functions of the legacy expression language are written in the current one.
// Most only change name; the others take their arguments differently (word and field
// numbers counted from 1 instead of 0, an optional "no commas" flag, ...) or are spelled
// with operators. A function the table doesn't know keeps its name, in lower case.

// legacyRenames are the functions which only change name (and case).
var legacyRenames = map[string]string{
	"abs": "abs", "and": "and", "average": "mean", "char": "char", "clean": "clean",
	"code": "code", "date": "date_from_parts", "datedif": "datetime_diff",
	"datevalue": "datetime", "format_date": "format_datetime",
	"format_location": "format_location", "if": "if", "int": "round_down", "len": "text_length",
	"lower": "lower", "max": "max", "min": "min", "mod": "mod", "now": "now", "or": "or",
	"percent": "percent", "proper": "title", "rand": "rand", "randbetween": "rand_between",
	"read_digits": "read_chars", "remove_first_word": "remove_first_word", "rept": "repeat",
	"round": "round", "rounddown": "round_down", "roundup": "round_up",
	"substitute": "replace", "sum": "sum", "time": "time_from_parts", "timevalue": "time",
	"today": "today", "trunc": "round_down", "unichar": "char", "unicode": "code",
	"upper": "upper", "word_count": "word_count",
}

// legacyFunctionTypes are the static types of what some functions return.
var legacyFunctionTypes = map[string]staticType{
	"date_from_parts": typeDate, "datetime": typeDate, "now": typeDate, "today": typeDate,
	"datetime_add": typeDate, "abs": typeNumber, "mean": typeNumber, "round": typeNumber,
	"round_down": typeNumber, "round_up": typeNumber, "sum": typeNumber, "mod": typeNumber,
	"text_length": typeNumber, "max": typeNumber, "min": typeNumber, "code": typeNumber,
	"word_count": typeNumber, "rand": typeNumber, "rand_between": typeNumber,
	"datetime_diff": typeNumber,
}

// call writes name(args...).
func call(name string, args ...string) migrated {
	return atom(name+"("+strings.Join(args, ", ")+")", legacyFunctionTypes[name])
}

func texts(args []migrated) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a.text
	}
	return out
}

// minusOne turns a position counted from 1 into one counted from 0; negative positions
// count from the end in both and stay as they are.
func minusOne(a migrated) string {
	if n, err := strconv.Atoi(a.text); err == nil {
		if n < 0 {
			return a.text
		}
		return strconv.Itoa(n - 1)
	}
	return binary("-", a, atom("1", typeNumber), typeNumber).text
}

// migrateLegacyCall writes a call of a legacy function.
func migrateLegacyCall(name string, args []migrated) migrated {
	fn := strings.ToLower(name)
	a := texts(args)
	switch fn {
	case "true", "false":
		if len(args) == 0 {
			return atom(fn, typeBool)
		}
	case "concatenate":
		if len(args) == 0 {
			return atom(`""`, typeText)
		}
		out := args[0]
		for _, x := range args[1:] {
			out = binary("&", out, x, typeText)
		}
		if len(args) == 1 {
			return call("text", out.text)
		}
		return out
	case "days":
		if len(args) == 2 {
			return call("datetime_diff", a[1], a[0], `"D"`)
		}
	case "edate":
		if len(args) == 2 {
			return atom(fmt.Sprintf(`datetime_add(%s, %s, "M")`, a[0], a[1]), typeDate)
		}
	case "exp":
		if len(args) == 1 {
			return binary("^", atom("2.718281828459045", typeNumber), args[0], typeNumber)
		}
	case "power":
		if len(args) == 2 {
			return binary("^", args[0], args[1], typeNumber)
		}
	case "field":
		if len(args) == 2 {
			return call("field", a[0], minusOne(args[1]), `" "`)
		}
		if len(args) == 3 {
			return call("field", a[0], minusOne(args[1]), a[2])
		}
	case "first_word":
		if len(args) == 1 {
			return call("word", a[0], "0")
		}
	case "fixed":
		switch len(args) {
		case 1:
			return call("format_number", a[0], "2", "true")
		case 2:
			return call("format_number", a[0], a[1], "true")
		case 3:
			return call("format_number", a[0], a[1], "not("+a[2]+")")
		}
	case "left":
		if len(args) == 2 {
			return call("text_slice", a[0], "0", a[1])
		}
	case "right":
		if len(args) == 2 {
			if a[1] == "0" {
				return atom(`""`, typeText)
			}
			return call("text_slice", a[0], negate(args[1]).text)
		}
	case "day":
		if len(args) == 1 {
			return call("format_date", a[0], `"D"`)
		}
	case "month":
		if len(args) == 1 {
			return call("format_date", a[0], `"M"`)
		}
	case "year":
		if len(args) == 1 {
			return call("format_date", a[0], `"YYYY"`)
		}
	case "hour":
		if len(args) == 1 {
			return call("format_datetime", a[0], `"tt"`)
		}
	case "minute":
		if len(args) == 1 {
			return call("format_datetime", a[0], `"m"`)
		}
	case "second":
		if len(args) == 1 {
			return call("format_datetime", a[0], `"s"`)
		}
	case "weekday":
		if len(args) == 1 {
			return binary("+", call("weekday", a[0]), atom("1", typeNumber), typeNumber)
		}
	case "word":
		switch len(args) {
		case 2:
			return call("word", a[0], minusOne(args[1]))
		case 3:
			return call("word", a[0], minusOne(args[1]), "if("+a[2]+`, " ", null)`)
		}
	case "word_slice":
		switch len(args) {
		case 2:
			return call("word_slice", a[0], minusOne(args[1]))
		case 3, 4:
			out := []string{a[0], minusOne(args[1])}
			if n, err := strconv.Atoi(a[2]); err != nil {
				out = append(out, minusOne(args[2]))
			} else if n > 0 {
				out = append(out, strconv.Itoa(n-1))
			} else if n < 0 {
				out = append(out, a[2])
			} else if len(args) == 4 {
				out = append(out, "null")
			}
			if len(args) == 4 {
				out = append(out, "if("+a[3]+`, " ", null)`)
			}
			return call("word_slice", out...)
		}
	}
	if renamed, ok := legacyRenames[fn]; ok {
		return call(renamed, a...)
	}
	return call(fn, a...)
}
