package contactql

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/envs"
)

// Kind says how a property's values compare.
type Kind int

// The property kinds.
const (
	// KindText values are strings compared case-insensitively.
	KindText Kind = iota
	// KindNumber values are decimals.
	KindNumber
	// KindDatetime values are instants compared by day in the environment's timezone.
	KindDatetime
	// KindLocation values are location paths matched by their last name or whole path.
	KindLocation
)

// Property is what a queried object knows about one property.
type Property struct {
	Kind Kind
	// Values are strings (text, location paths), decimal.Decimal or time.Time by kind;
	// none when the property is not set.
	Values []any
}

// Queryable is something a query can be evaluated against, e.g. *flows.Contact. It
// resolves a property name (lower case: an attribute, a URN scheme or a field key) to its
// values; ok is false for names it doesn't know, which never match. The empty name asks
// for the texts an implicit condition searches (name and URN paths).
type Queryable interface {
	QueryProperty(env envs.Environment, name string) (prop Property, ok bool)
}

// Evaluate reports whether the object matches the query.
func (q *Query) Evaluate(env envs.Environment, obj Queryable) bool {
	return evaluate(env, q.root, obj)
}

func evaluate(env envs.Environment, n Node, obj Queryable) bool {
	switch n := n.(type) {
	case *Combination:
		for _, c := range n.Children {
			m := evaluate(env, c, obj)
			if n.Or && m {
				return true
			}
			if !n.Or && !m {
				return false
			}
		}
		return !n.Or
	case *Condition:
		prop, ok := obj.QueryProperty(env, n.Property)
		if !ok {
			return false
		}
		return compare(env, prop, n.Operator, n.Value)
	}
	return false
}

func compare(env envs.Environment, prop Property, op Operator, value string) bool {
	if value == "" {
		switch op {
		case OpEqual:
			return len(prop.Values) == 0
		case OpNotEqual:
			return len(prop.Values) > 0
		}
		return false
	}
	// != matches when no value equals, including when the property is unset
	if op == OpNotEqual {
		return !compare(env, prop, OpEqual, value)
	}
	switch prop.Kind {
	case KindText:
		return anyValue(prop, func(v any) bool { return compareText(v.(string), op, value) })
	case KindLocation:
		return anyValue(prop, func(v any) bool { return compareLocation(v.(string), op, value) })
	case KindNumber:
		want, err := decimal.NewFromString(strings.TrimSpace(value))
		if err != nil {
			return false
		}
		return anyValue(prop, func(v any) bool { return compareNumber(v.(decimal.Decimal), op, want) })
	case KindDatetime:
		day, err := envs.DateFromString(env, value)
		if err != nil {
			return false
		}
		start := time.Date(day.Year, time.Month(day.Month), day.Day, 0, 0, 0, 0, env.Timezone())
		end := start.AddDate(0, 0, 1)
		return anyValue(prop, func(v any) bool { return compareDatetime(v.(time.Time), op, start, end) })
	}
	return false
}

func anyValue(prop Property, f func(any) bool) bool {
	for _, v := range prop.Values {
		if f(v) {
			return true
		}
	}
	return false
}

func compareText(v string, op Operator, want string) bool {
	switch op {
	case OpEqual:
		return strings.EqualFold(v, want)
	case OpContains:
		return strings.Contains(strings.ToLower(v), strings.ToLower(want))
	}
	return false
}

func compareLocation(path string, op Operator, want string) bool {
	name := envs.LocationPath(path).Name()
	switch op {
	case OpEqual:
		return strings.EqualFold(name, want) || strings.EqualFold(path, want)
	case OpContains:
		return strings.Contains(strings.ToLower(name), strings.ToLower(want))
	}
	return false
}

func compareNumber(v decimal.Decimal, op Operator, want decimal.Decimal) bool {
	c := v.Cmp(want)
	switch op {
	case OpEqual:
		return c == 0
	case OpGreater:
		return c > 0
	case OpGreaterEqual:
		return c >= 0
	case OpLess:
		return c < 0
	case OpLessEqual:
		return c <= 0
	}
	return false
}

func compareDatetime(v time.Time, op Operator, start, end time.Time) bool {
	switch op {
	case OpEqual:
		return !v.Before(start) && v.Before(end)
	case OpGreater:
		return !v.Before(end)
	case OpGreaterEqual:
		return !v.Before(start)
	case OpLess:
		return v.Before(start)
	case OpLessEqual:
		return v.Before(end)
	}
	return false
}
