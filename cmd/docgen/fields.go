package main

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/rivuletflows/rivulet/utils"
)

// fieldRow is one field of an action's JSON, for the fields table of its page.
type fieldRow struct {
	Name     string
	Type     string
	Required bool
	Rules    string
}

// structFields lists the JSON fields of a Go struct type, embedded structs flattened, with
// what its validate tags require of them.
func structFields(t reflect.Type) []fieldRow {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var rows []fieldRow
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if f.Anonymous && f.Type.Kind() == reflect.Struct {
			rows = append(rows, structFields(f.Type)...)
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		required, rules := validateRules(f.Tag.Get("validate"), f.Type)
		rows = append(rows, fieldRow{Name: name, Type: jsonTypeName(f.Type), Required: required, Rules: rules})
	}
	return rows
}

// jsonTypeName names the JSON value of a Go type for flow authors.
func jsonTypeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	name := t.Name()
	switch {
	case strings.HasSuffix(name, "Reference") || strings.HasSuffix(name, "Ref"):
		what := strings.TrimSuffix(strings.TrimSuffix(name, "Reference"), "Ref")
		return "reference to a " + splitWords(what) + " (`{\"uuid\", \"name\"}`)"
	case name == "UUID":
		return "UUID"
	case name == "RawMessage":
		return "any JSON"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "whole number"
	case reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Slice, reflect.Array:
		return "list of " + plural(jsonTypeName(t.Elem()))
	case reflect.Map:
		return "object of " + plural(jsonTypeName(t.Elem()))
	case reflect.Struct:
		if name == "Decimal" {
			return "number"
		}
		return "object"
	}
	return "any JSON"
}

// plural makes a type name plural for "list of ...".
func plural(s string) string {
	switch {
	case s == "text":
		return "texts"
	case strings.HasPrefix(s, "reference to a "):
		rest := strings.TrimPrefix(s, "reference to a ")
		what, shape, _ := strings.Cut(rest, " (")
		return "references to " + what + "s (" + shape
	case s == "any JSON":
		return "JSON values"
	case strings.HasPrefix(s, "list of "), strings.HasPrefix(s, "object of "):
		return s
	}
	return s + "s"
}

// splitWords turns a Go name such as "TemplateOptIn" into "template opt in".
func splitWords(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && r >= 'A' && r <= 'Z' {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

// validateRules says in words what a validate tag requires: whether the field is required,
// and its limits ("at most 10 items, each at most 2048 characters", "one of a, b").
func validateRules(tag string, t reflect.Type) (bool, string) {
	if tag == "" {
		return false, ""
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	required := false
	var rules []string
	inDive, keyRules := false, false
	list := t.Kind() == reflect.Slice || t.Kind() == reflect.Map
	for _, part := range strings.Split(tag, ",") {
		key, value, _ := strings.Cut(part, "=")
		unit := "characters"
		if list && !inDive {
			unit = "items"
		}
		prefix := ""
		if inDive {
			prefix = "each "
			if t.Kind() == reflect.Map {
				prefix = "each value "
			}
		}
		if keyRules {
			prefix, unit = "each key ", "characters"
		}
		switch key {
		case "required":
			if !inDive {
				required = true
			} else {
				rules = append(rules, "each required")
			}
		case "max":
			rules = append(rules, fmt.Sprintf("%sat most %s %s", prefix, value, unit))
		case "min":
			rules = append(rules, fmt.Sprintf("%sat least %s %s", prefix, value, unit))
		case "oneof":
			rules = append(rules, prefix+"one of `"+strings.Join(strings.Fields(value), "`, `")+"`")
		case "uuid", "uuid4":
			rules = append(rules, prefix+"a UUID")
		case "url", "http_url":
			rules = append(rules, prefix+"a URL")
		case "email":
			rules = append(rules, prefix+"an email address")
		case "dive":
			inDive = true
		case "keys":
			prefix, unit = "each key ", "characters"
			keyRules = true
			continue
		case "endkeys":
			keyRules = false
		case "http_method":
			rules = append(rules, prefix+"one of `GET`, `POST`, `PUT`, `DELETE`, `HEAD`, `PATCH`")
		case "result_name":
			rules = append(rules, fmt.Sprintf("%snot blank, at most %d characters", prefix, utils.MaxResultNameLength))
		case "gte":
			rules = append(rules, prefix+"at least "+value)
		case "lte":
			rules = append(rules, prefix+"at most "+value)
		case "gt":
			rules = append(rules, prefix+"more than "+value)
		case "lt":
			rules = append(rules, prefix+"less than "+value)
		}
	}
	return required, strings.Join(rules, ", ")
}
