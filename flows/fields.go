package flows

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// MaxFieldValueLength is the default limit, in characters, of a contact field's text.
const MaxFieldValueLength = 640

// Value is a contact field value: the text it was set from plus every typed reading of
// that text that succeeded, so that a field keeps working when its type changes. In JSON:
//
//	{"text": "Rwanda > Kigali City", "state": "Rwanda > Kigali City"}
//	{"text": "37", "number": 37}
type Value struct {
	Text     string
	Datetime *time.Time
	Number   *decimal.Decimal
	State    envs.LocationPath
	District envs.LocationPath
	Ward     envs.LocationPath
}

// Equals reports whether two values (either may be nil) are the same.
func (v *Value) Equals(o *Value) bool {
	if v == nil || o == nil {
		return v == nil && o == nil
	}
	if v.Text != o.Text || v.State != o.State || v.District != o.District || v.Ward != o.Ward {
		return false
	}
	if (v.Datetime == nil) != (o.Datetime == nil) || (v.Datetime != nil && !v.Datetime.Equal(*o.Datetime)) {
		return false
	}
	if (v.Number == nil) != (o.Number == nil) || (v.Number != nil && !v.Number.Equal(*o.Number)) {
		return false
	}
	return true
}

// TypedValue returns the reading of the value for a field type as an expression value:
// text for text fields, a number, a datetime, or the location path; nil when the value
// has no reading of that type.
func (v *Value) TypedValue(t assets.FieldType) types.XValue {
	if v == nil {
		return nil
	}
	switch t {
	case assets.FieldTypeText:
		return types.NewXText(v.Text)
	case assets.FieldTypeNumber:
		if v.Number != nil {
			return types.NewXNumber(*v.Number)
		}
	case assets.FieldTypeDatetime:
		if v.Datetime != nil {
			return types.NewXDateTime(*v.Datetime)
		}
	case assets.FieldTypeState:
		if v.State != "" {
			return types.NewXText(string(v.State))
		}
	case assets.FieldTypeDistrict:
		if v.District != "" {
			return types.NewXText(string(v.District))
		}
	case assets.FieldTypeWard:
		if v.Ward != "" {
			return types.NewXText(string(v.Ward))
		}
	}
	return nil
}

type valueEnvelope struct {
	Text     *string           `json:"text"`
	Datetime *string           `json:"datetime,omitempty"`
	Number   json.Number       `json:"number,omitempty"`
	State    envs.LocationPath `json:"state,omitempty"`
	District envs.LocationPath `json:"district,omitempty"`
	Ward     envs.LocationPath `json:"ward,omitempty"`
}

// MarshalJSON writes the value with its number as a JSON number; a nil value is null.
func (v *Value) MarshalJSON() ([]byte, error) {
	if v == nil {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	b.WriteString(`{"text":`)
	t, _ := json.Marshal(v.Text)
	b.Write(t)
	if v.Datetime != nil {
		d, _ := json.Marshal(v.Datetime.Format(time.RFC3339Nano))
		b.WriteString(`,"datetime":`)
		b.Write(d)
	}
	if v.Number != nil {
		b.WriteString(`,"number":`)
		b.WriteString(v.Number.String())
	}
	for _, p := range []struct {
		k string
		v envs.LocationPath
	}{{"state", v.State}, {"district", v.District}, {"ward", v.Ward}} {
		if p.v != "" {
			s, _ := json.Marshal(string(p.v))
			b.WriteString(`,"` + p.k + `":`)
			b.Write(s)
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads a value, refusing malformed numbers and datetimes by field name.
func (v *Value) UnmarshalJSON(data []byte) error {
	var e valueEnvelope
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&e); err != nil {
		return err
	}
	read, err := e.value()
	if err != nil {
		return err
	}
	*v = *read
	return nil
}

// value checks and converts what was read of a value.
func (e *valueEnvelope) value() (*Value, error) {
	v := &Value{State: e.State, District: e.District, Ward: e.Ward}
	if e.Text != nil {
		v.Text = *e.Text
	}
	if e.Number != "" {
		n, err := decimal.NewFromString(string(e.Number))
		if err != nil {
			return nil, fmt.Errorf("field 'number' has invalid value '%s'", e.Number)
		}
		v.Number = &n
	}
	if e.Datetime != nil {
		d, err := time.Parse(time.RFC3339Nano, *e.Datetime)
		if err != nil {
			return nil, fmt.Errorf("field 'datetime' has invalid value '%s'", *e.Datetime)
		}
		v.Datetime = &d
	}
	return v, nil
}

// FieldValues are a contact's field values by field key. Unset fields have no entry.
type FieldValues map[string]*Value

// Get returns the value of a field, or nil.
func (f FieldValues) Get(key string) *Value { return f[key] }

// Clone returns a copy sharing the (immutable) values.
func (f FieldValues) Clone() FieldValues {
	c := make(FieldValues, len(f))
	for k, v := range f {
		c[k] = v
	}
	return c
}

var numberPattern = regexp.MustCompile(`^[-+]?(\d+(\.\d*)?|\.\d+)$`)

// parseFieldNumber reads a plain decimal number such as "37", "-1.5" or "1,234.5" (with the
// environment's grouping and decimal symbols); anything else, like "37 years", is not one.
func parseFieldNumber(env envs.Environment, s string) *decimal.Decimal {
	s = strings.TrimSpace(s)
	if nf := env.NumberFormat(); nf != nil {
		if nf.DigitGroupingSymbol != "" {
			s = strings.ReplaceAll(s, nf.DigitGroupingSymbol, "")
		}
		if nf.DecimalSymbol != "" && nf.DecimalSymbol != "." {
			s = strings.ReplaceAll(s, nf.DecimalSymbol, ".")
		}
	}
	if !numberPattern.MatchString(s) {
		return nil
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return nil
	}
	return &d
}

// ParseValue reads every typed reading out of text: a number, a datetime (under the
// environment's date format and timezone), and a location. A text containing ">" is looked
// up as a full location path; otherwise a state field searches states in the text, a
// district field searches districts inside the contact's state (the first state field's
// value, given as state), and a ward field wards inside district. Empty text is nil.
func ParseValue(env envs.Environment, fieldType assets.FieldType, text string, state, district envs.LocationPath) *Value {
	if text == "" {
		return nil
	}
	v := &Value{Text: text, Number: parseFieldNumber(env, text)}
	if d, err := envs.DateTimeFromString(env, text, false); err == nil {
		v.Datetime = &d
	}
	resolver := env.LocationResolver()
	if resolver == nil {
		return v
	}
	var loc *envs.Location
	if strings.Contains(text, ">") {
		loc = resolver.LookupLocation(envs.LocationPath(normalizePath(text)))
	} else {
		switch fieldType {
		case assets.FieldTypeState:
			if found := resolver.FindLocationsFuzzy(text, envs.LocationLevelState, nil); len(found) > 0 {
				loc = found[0]
			}
		case assets.FieldTypeDistrict:
			if state != "" {
				if parent := resolver.LookupLocation(state); parent != nil {
					if found := resolver.FindLocationsFuzzy(text, envs.LocationLevelDistrict, parent); len(found) > 0 {
						loc = found[0]
					}
				}
			}
		case assets.FieldTypeWard:
			if district != "" {
				if parent := resolver.LookupLocation(district); parent != nil {
					if found := resolver.FindLocationsFuzzy(text, envs.LocationLevelWard, parent); len(found) > 0 {
						loc = found[0]
					}
				}
			}
		}
	}
	if loc != nil {
		switch loc.Level {
		case envs.LocationLevelState:
			v.State = loc.Path
		case envs.LocationLevelDistrict:
			v.District = loc.Path
			if loc.Parent != nil {
				v.State = loc.Parent.Path
			}
		case envs.LocationLevelWard:
			v.Ward = loc.Path
			if loc.Parent != nil {
				v.District = loc.Parent.Path
				if loc.Parent.Parent != nil {
					v.State = loc.Parent.Parent.Path
				}
			}
		}
	}
	return v
}

// normalizePath tidies the spacing around > in a typed location path.
func normalizePath(s string) string {
	parts := strings.Split(s, ">")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return strings.Join(parts, envs.LocationPathSeparator)
}

// truncateRunes cuts s to at most n characters.
func truncateRunes(s string, n int) string {
	if n <= 0 || utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// fieldsContext builds @fields (and @contact.fields): one property per field asset, holding
// the typed value or null when unset, rendering as "Name: value" lines of the set fields.
func fieldsContext(env envs.Environment, fields *assets.Fields, values FieldValues) types.XValue {
	if fields == nil {
		return types.NewXObjectWithDefault(types.XTextEmpty, nil)
	}
	return types.NewXLazyObject(func() map[string]types.XValue {
		props := make(map[string]types.XValue, len(fields.All())+1)
		var lines []string
		for _, f := range fields.All() {
			if _, dup := props[f.Key]; dup {
				continue
			}
			x := values.Get(f.Key).TypedValue(f.Type)
			props[f.Key] = x
			if x != nil {
				lines = append(lines, f.Name+": "+types.Format(env, x))
			}
		}
		sort.Strings(lines)
		props[types.DefaultPropertyKey] = types.NewXText(strings.Join(lines, "\n"))
		return props
	})
}
