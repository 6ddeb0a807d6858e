package types

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/shopspring/decimal"
)

// ReadXValue reads JSON into values: objects become XObject, arrays XArray, strings XText,
// numbers XNumber (exactly, as decimals), booleans XBoolean and null nil. Invalid JSON is an
// XError, so webhook bodies and parse_json never fail harder than an expression can.
func ReadXValue(data []byte) XValue {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var raw any
	if err := dec.Decode(&raw); err != nil {
		return NewXErrorf("unable to parse JSON: %s", jsonErrorText(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return NewXErrorf("unable to parse JSON: unexpected content after the value")
	}
	return JSONToXValue(raw)
}

// JSONToXValue converts a value decoded by encoding/json (with UseNumber, so numbers are
// json.Number) into an expression value.
func JSONToXValue(v any) XValue {
	switch t := v.(type) {
	case nil:
		return nil
	case bool:
		return NewXBoolean(t)
	case string:
		return NewXText(t)
	case json.Number:
		d, err := decimal.NewFromString(string(t))
		if err != nil {
			return NewXErrorf("unable to read number %s", string(t))
		}
		return NewXNumber(d)
	case float64:
		return NewXNumber(decimal.NewFromFloat(t))
	case []any:
		items := make([]XValue, len(t))
		for i, item := range t {
			items[i] = JSONToXValue(item)
		}
		return NewXArray(items...)
	case map[string]any:
		props := make(map[string]XValue, len(t))
		for k, item := range t {
			props[k] = JSONToXValue(item)
		}
		return NewXObject(props)
	}
	return NewXErrorf("unable to read JSON value of type %T", v)
}

func jsonErrorText(err error) string {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("%s at offset %d", syn.Error(), syn.Offset)
	}
	if errors.Is(err, io.EOF) {
		return "no content"
	}
	return err.Error()
}
