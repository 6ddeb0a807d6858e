package types

import (
	"bytes"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
)

// XArray is an ordered list of values.
type XArray interface {
	XValue
	Get(int) XValue
	Count() int
}

type xarray struct {
	values []XValue
	lazy   func() []XValue
}

// NewXArray wraps values.
func NewXArray(values ...XValue) XArray {
	if values == nil {
		values = []XValue{}
	}
	return &xarray{values: values}
}

// NewXLazyArray makes an array whose items are computed on first use, so large context
// arrays cost nothing until an expression reads them.
func NewXLazyArray(f func() []XValue) XArray { return &xarray{lazy: f} }

// XArrayEmpty is the empty array.
var XArrayEmpty = NewXArray()

func (a *xarray) items() []XValue {
	if a.lazy != nil {
		a.values = a.lazy()
		if a.values == nil {
			a.values = []XValue{}
		}
		a.lazy = nil
	}
	return a.values
}

func (a *xarray) Get(i int) XValue { return a.items()[i] }
func (a *xarray) Count() int       { return len(a.items()) }
func (a *xarray) Describe() string { return "array" }
func (a *xarray) Truthy() bool     { return a.Count() > 0 }

// Render writes [a, b, c].
func (a *xarray) Render() string {
	parts := make([]string, a.Count())
	for i, v := range a.items() {
		parts[i] = Render(v)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// Format writes one item per line as a bulleted list... kept simple: comma-joined formats.
func (a *xarray) Format(env envs.Environment) string {
	parts := make([]string, a.Count())
	for i, v := range a.items() {
		parts[i] = Format(env, v)
	}
	return strings.Join(parts, ", ")
}

func (a *xarray) String() string {
	parts := make([]string, a.Count())
	for i, v := range a.items() {
		parts[i] = String(v)
	}
	return "XArray[" + strings.Join(parts, ", ") + "]"
}

// Equals compares item by item.
func (a *xarray) Equals(o XValue) bool {
	b, ok := o.(XArray)
	if !ok || a.Count() != b.Count() {
		return false
	}
	for i, v := range a.items() {
		if !Equals(v, b.Get(i)) {
			return false
		}
	}
	return true
}

// MarshalJSON writes a JSON array.
func (a *xarray) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, v := range a.items() {
		if i > 0 {
			buf.WriteByte(',')
		}
		b, err := marshalValue(v)
		if err != nil {
			return nil, err
		}
		buf.Write(b)
	}
	buf.WriteByte(']')
	return buf.Bytes(), nil
}

func marshalValue(v XValue) ([]byte, error) {
	if v == nil {
		return []byte("null"), nil
	}
	return v.MarshalJSON()
}
