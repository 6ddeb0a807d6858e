package types

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/envs"
)

// XText is a text value.
type XText struct{ native string }

// NewXText wraps a string.
func NewXText(s string) XText { return XText{s} }

// XTextEmpty is the empty text.
var XTextEmpty = XText{}

func (x XText) Describe() string               { return strconvQuote(x.native) }
func (x XText) Truthy() bool                   { return x.native != "" }
func (x XText) Render() string                 { return x.native }
func (x XText) Format(envs.Environment) string { return x.native }
func (x XText) String() string                 { return fmt.Sprintf("XText(%s)", strconvQuote(x.native)) }
func (x XText) Native() string                 { return x.native }
func (x XText) Empty() bool                    { return x.native == "" }
func (x XText) Length() int                    { return utf8.RuneCountInString(x.native) }
func (x XText) Count() int                     { return x.Length() }
func (x XText) MarshalJSON() ([]byte, error)   { return marshalString(x.native), nil }

// Equals compares two texts exactly.
func (x XText) Equals(o XValue) bool {
	t, ok := o.(XText)
	return ok && t.native == x.native
}

// Compare orders two texts lexically.
func (x XText) Compare(o XValue) int { return strings.Compare(x.native, o.(XText).native) }

func strconvQuote(s string) string { return string(marshalString(s)) }

// marshalString writes s as a JSON string without escaping <, > and &, as the reference
// engine's JSON does.
func marshalString(s string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // encoding a string can't fail
	return bytes.TrimRight(buf.Bytes(), "\n")
}
