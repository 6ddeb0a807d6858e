package types

import (
	"bytes"
	"encoding/json"
	"sort"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
)

// XObject is a set of named properties. An object may have a default value (its
// `__default__`) which is what it renders as in a template, e.g. @contact renders as the
// contact's name.
type XObject interface {
	XValue
	// Get returns a property (case-insensitively) and whether it exists.
	Get(key string) (XValue, bool)
	// Properties returns the property names in sorted order, without __default__.
	Properties() []string
	// Default returns the default value, or nil when the object has none.
	Default() XValue
	// HasDefault reports whether the object has a default value.
	HasDefault() bool
	Count() int
}

// DefaultPropertyKey names the default value of an object in JSON and expressions.
const DefaultPropertyKey = "__default__"

type xobject struct {
	props      map[string]XValue
	lazy       func() map[string]XValue
	def        XValue
	hasDefault bool
	keys       []string
}

// NewXObject makes an object of properties.
func NewXObject(props map[string]XValue) XObject {
	if props == nil {
		props = map[string]XValue{}
	}
	o := &xobject{props: props}
	if d, ok := props[DefaultPropertyKey]; ok {
		if l, ok := d.(*lazyValue); ok {
			d = l.f()
		}
		o.def, o.hasDefault = d, true
		delete(props, DefaultPropertyKey)
	}
	return o
}

// NewXObjectWithDefault makes an object that renders as def.
func NewXObjectWithDefault(def XValue, props map[string]XValue) XObject {
	o := NewXObject(props).(*xobject)
	o.def, o.hasDefault = def, true
	return o
}

// NewXLazyObject makes an object whose properties are computed on first use.
func NewXLazyObject(f func() map[string]XValue) XObject { return &xobject{lazy: f} }

// NewXLazyValue makes a property value that is computed when the property is first read,
// so a large context (the run's contact, results, parent, ...) costs only what a template
// reads. It is only meaningful as a property of an object made here: the object resolves
// it in place on first access and never hands the wrapper out.
func NewXLazyValue(f func() XValue) XValue { return &lazyValue{f: f} }

// lazyValue is a deferred property. Its XValue methods compute the value, so that a
// wrapper which escapes an object still behaves as what it stands for.
type lazyValue struct{ f func() XValue }

func (l *lazyValue) Describe() string                   { return Describe(l.f()) }
func (l *lazyValue) Truthy() bool                       { return Truthy(l.f()) }
func (l *lazyValue) Render() string                     { return Render(l.f()) }
func (l *lazyValue) Format(env envs.Environment) string { return Format(env, l.f()) }
func (l *lazyValue) String() string                     { return String(l.f()) }
func (l *lazyValue) Equals(x XValue) bool               { return Equals(l.f(), x) }
func (l *lazyValue) MarshalJSON() ([]byte, error)       { return marshalValue(l.f()) }

// prop returns the property k, resolving a lazy value in place.
func (o *xobject) prop(k string) XValue {
	v := o.props[k]
	if l, ok := v.(*lazyValue); ok {
		v = l.f()
		o.props[k] = v
	}
	return v
}

// XObjectEmpty is the empty object.
var XObjectEmpty = NewXObject(nil)

func (o *xobject) properties() map[string]XValue {
	if o.lazy != nil {
		o.props = o.lazy()
		if o.props == nil {
			o.props = map[string]XValue{}
		}
		if d, ok := o.props[DefaultPropertyKey]; ok {
			if l, ok := d.(*lazyValue); ok {
				d = l.f()
			}
			o.def, o.hasDefault = d, true
			delete(o.props, DefaultPropertyKey)
		}
		o.lazy = nil
	}
	return o.props
}

func (o *xobject) Get(key string) (XValue, bool) {
	props := o.properties()
	if _, ok := props[key]; ok {
		return o.prop(key), true
	}
	if strings.EqualFold(key, DefaultPropertyKey) && o.hasDefault {
		return o.def, true
	}
	for k := range props {
		if strings.EqualFold(k, key) {
			return o.prop(k), true
		}
	}
	return nil, false
}

func (o *xobject) Properties() []string {
	if o.keys == nil {
		props := o.properties()
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		o.keys = keys
	}
	return o.keys
}

func (o *xobject) Default() XValue  { o.properties(); return o.def }
func (o *xobject) HasDefault() bool { o.properties(); return o.hasDefault }
func (o *xobject) Count() int       { return len(o.properties()) }
func (o *xobject) Describe() string { return "object" }

// Truthy is the default's truthiness when there is one, else whether there are properties.
func (o *xobject) Truthy() bool {
	if o.HasDefault() {
		return Truthy(o.def)
	}
	return o.Count() > 0
}

// Render writes the default when there is one, else {a: 1, b: x}.
func (o *xobject) Render() string {
	if o.HasDefault() {
		return Render(o.def)
	}
	parts := make([]string, 0, o.Count())
	for _, k := range o.Properties() {
		parts = append(parts, k+": "+Render(o.prop(k)))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// Format writes the default formatted, else one "key: value" per line.
func (o *xobject) Format(env envs.Environment) string {
	if o.HasDefault() {
		return Format(env, o.def)
	}
	parts := make([]string, 0, o.Count())
	for _, k := range o.Properties() {
		parts = append(parts, k+": "+Format(env, o.prop(k)))
	}
	return strings.Join(parts, "\n")
}

func (o *xobject) String() string {
	parts := make([]string, 0, o.Count())
	for _, k := range o.Properties() {
		parts = append(parts, k+": "+String(o.prop(k)))
	}
	return "XObject{" + strings.Join(parts, ", ") + "}"
}

// Equals compares property by property.
func (o *xobject) Equals(x XValue) bool {
	b, ok := x.(XObject)
	if !ok || o.Count() != b.Count() {
		return false
	}
	for _, k := range o.Properties() {
		bv, ok := b.Get(k)
		if !ok || !Equals(o.prop(k), bv) {
			return false
		}
	}
	return true
}

// MarshalJSON writes the properties as a JSON object with sorted keys (no default).
func (o *xobject) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range o.Properties() {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		buf.Write(kb)
		buf.WriteByte(':')
		b, err := marshalValue(o.prop(k))
		if err != nil {
			return nil, err
		}
		buf.Write(b)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}
