package utils

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// DescribeJSONError rewords an error of encoding/json for the people who wrote the JSON:
// it names the field and the kind of JSON value expected instead of Go types, e.g.
// "field 'resumes' must be an array, not an object" rather than "json: cannot unmarshal
// object into Go struct field testCase.resumes of type []json.RawMessage". Syntax errors
// keep their offset. Other errors are returned as they are; nil stays nil.
func DescribeJSONError(err error) error {
	if err == nil {
		return nil
	}
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		want := jsonKind(typeErr.Type)
		if typeErr.Field == "" {
			return fmt.Errorf("must be %s, not %s", want, article(typeErr.Value))
		}
		return fmt.Errorf("field '%s' must be %s, not %s", typeErr.Field, want, article(typeErr.Value))
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return fmt.Errorf("invalid JSON at byte %d: %s", syntaxErr.Offset, strings.TrimPrefix(syntaxErr.Error(), "json: "))
	}
	if err.Error() == "unexpected end of JSON input" {
		return errors.New("invalid JSON: it ends too early")
	}
	if msg := err.Error(); strings.HasPrefix(msg, "json: ") {
		return errors.New(strings.TrimPrefix(msg, "json: "))
	}
	return err
}

// jsonKind names the JSON value that decodes into t.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "a JSON value"
	}
	if t == reflect.TypeOf(json.RawMessage{}) {
		return "a JSON value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a JSON value"
}

// article puts "a" or "an" before the kind of value encoding/json found ("object",
// "array", "string", "number", "bool", or "number 1.5").
func article(value string) string {
	switch {
	case value == "bool":
		return "a boolean"
	case value == "":
		return "something else"
	case strings.HasPrefix(value, "a") || strings.HasPrefix(value, "o"):
		return "an " + value
	}
	return "a " + value
}
