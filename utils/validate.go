package utils

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
)

// ValidationError is one problem found by Validate: the JSON path of the field (e.g.
// "groups[0].uuid"), the tag that failed and its parameter, and the message shown to people.
type ValidationError struct {
	Field   string
	Tag     string
	Param   string
	Message string
}

// Error returns the message, e.g. "field 'text' is required".
func (e *ValidationError) Error() string { return e.Message }

// ValidationErrors is every problem Validate found in one value, in field order. Its text
// joins the messages with ", " so that one error names every offending field at once:
//
//	field 'text' is required, field 'attachments' must have a maximum of 10 items
type ValidationErrors []*ValidationError

// Error joins the messages of the errors.
func (e ValidationErrors) Error() string {
	msgs := make([]string, len(e))
	for i, v := range e {
		msgs[i] = v.Message
	}
	return strings.Join(msgs, ", ")
}

// ValidatorTag describes a custom `validate` tag: the check itself and the message suffix
// used when it fails (after "field 'x' "), e.g. "is not a valid result name".
type ValidatorTag struct {
	Name    string
	Check   validator.Func
	Message string
}

// validation holds the shared validator. It is built once, on first use, from the tags
// registered at init time; registering after that point is refused, so the validator
// never changes while values are being validated.
var validation struct {
	mu       sync.Mutex
	tags     []ValidatorTag
	messages map[string]string
	built    *validator.Validate
}

// RegisterValidatorTag adds a custom `validate` tag. It is meant to be called from init
// functions of the packages that own the concept (e.g. the contact model registers
// "contact_status"); it fails on an empty or duplicate name, a nil check, or when called
// after the first validation.
func RegisterValidatorTag(tag ValidatorTag) error {
	validation.mu.Lock()
	defer validation.mu.Unlock()

	if tag.Name == "" || tag.Check == nil {
		return errors.New("validator tag needs a name and a check")
	}
	if validation.built != nil {
		return fmt.Errorf("validator tag '%s' registered after first use", tag.Name)
	}
	for _, t := range validation.tags {
		if t.Name == tag.Name {
			return fmt.Errorf("validator tag '%s' is already registered", tag.Name)
		}
	}
	if _, builtin := builtinTags[tag.Name]; builtin {
		return fmt.Errorf("validator tag '%s' is already registered", tag.Name)
	}
	validation.tags = append(validation.tags, tag)
	return nil
}

// builtinTags are the custom tags this package provides, with their messages.
var builtinTags = map[string]ValidatorTag{
	"http_method": {Name: "http_method", Check: func(fl validator.FieldLevel) bool {
		return IsHTTPMethod(fl.Field().String())
	}, Message: "is not a valid HTTP method"},
	"http_header_name": {Name: "http_header_name", Check: func(fl validator.FieldLevel) bool {
		return IsHTTPHeaderName(fl.Field().String())
	}, Message: "is not a valid HTTP header"},
	"result_name": {Name: "result_name", Check: func(fl validator.FieldLevel) bool {
		return IsResultName(fl.Field().String())
	}, Message: "is not a valid result name"},
}

func getValidator() (*validator.Validate, map[string]string) {
	validation.mu.Lock()
	defer validation.mu.Unlock()

	if validation.built != nil {
		return validation.built, validation.messages
	}
	v := validator.New()
	// report fields by their JSON names, which is what flow authors see
	v.RegisterTagNameFunc(func(fld reflect.StructField) string {
		if fld.Anonymous {
			return embeddedMarker
		}
		name := strings.SplitN(fld.Tag.Get("json"), ",", 2)[0]
		if name == "-" {
			return ""
		}
		if name == "" {
			return fld.Name
		}
		return name
	})
	messages := make(map[string]string, len(builtinTags)+len(validation.tags))
	for _, t := range builtinTags {
		_ = v.RegisterValidation(t.Name, t.Check)
		messages[t.Name] = t.Message
	}
	for _, t := range validation.tags {
		_ = v.RegisterValidation(t.Name, t.Check)
		messages[t.Name] = t.Message
	}
	validation.built, validation.messages = v, messages
	return v, messages
}

// Validate checks the `validate` struct tags of obj (a struct or pointer to one) and returns
// nil or ValidationErrors whose messages read like the reference engine's:
//
//	field 'text' is required
//	field 'quick_replies' must have a maximum of 10 items
//	field 'quick_replies[0]' must be less than or equal to 1000
//	field 'groups[0].uuid' must be a valid UUID
func Validate(obj any) error {
	v, messages := getValidator()

	err := v.Struct(obj)
	if err == nil {
		return nil
	}
	var verrs validator.ValidationErrors
	if !errors.As(err, &verrs) {
		return err
	}
	out := make(ValidationErrors, len(verrs))
	for i, fe := range verrs {
		field := fieldPath(fe.Namespace())
		out[i] = &ValidationError{
			Field:   field,
			Tag:     fe.Tag(),
			Param:   fe.Param(),
			Message: fmt.Sprintf("field '%s' %s", field, describeFailure(fe, messages)),
		}
	}
	return out
}

// embeddedMarker names embedded structs in validator namespaces so that they can be
// dropped: their fields are JSON fields of the outer struct.
const embeddedMarker = "\x00"

// fieldPath drops the root struct name and embedded structs from a validator namespace
// ("SendMsg.\x00.uuid" -> "uuid").
func fieldPath(ns string) string {
	if i := strings.IndexByte(ns, '.'); i >= 0 {
		ns = ns[i+1:]
	}
	return strings.ReplaceAll(ns, embeddedMarker+".", "")
}

func describeFailure(fe validator.FieldError, messages map[string]string) string {
	kind := fe.Kind()
	isList := kind == reflect.Slice || kind == reflect.Array
	param := fe.Param()

	switch fe.Tag() {
	case "required", "required_without", "required_with", "required_unless", "required_if":
		return "is required"
	case "max", "lte":
		if isList {
			return fmt.Sprintf("must have a maximum of %s items", param)
		}
		return fmt.Sprintf("must be less than or equal to %s", param)
	case "min", "gte":
		if isList {
			return fmt.Sprintf("must have a minimum of %s items", param)
		}
		return fmt.Sprintf("must be greater than or equal to %s", param)
	case "lt":
		return fmt.Sprintf("must be less than %s", param)
	case "gt":
		return fmt.Sprintf("must be greater than %s", param)
	case "len":
		if isList {
			return fmt.Sprintf("must have exactly %s items", param)
		}
		return fmt.Sprintf("must have a length of %s", param)
	case "uuid", "uuid4", "uuid7", "uuid_rfc4122":
		return "must be a valid UUID"
	case "oneof":
		return fmt.Sprintf("must be one of [%s]", param)
	case "email":
		return "is not a valid email address"
	case "url", "http_url":
		return "is not a valid URL"
	}
	if msg, ok := messages[fe.Tag()]; ok {
		return msg
	}
	return fmt.Sprintf("failed tag '%s'", fe.Tag())
}

// MaxResultNameLength is the longest a result name may be.
const MaxResultNameLength = 64

// IsResultName reports whether s can name a run result: not blank and at most 64 characters.
func IsResultName(s string) bool {
	return strings.TrimSpace(s) != "" && len([]rune(s)) <= MaxResultNameLength
}

// IsHTTPMethod reports whether s is a method a webhook may use.
func IsHTTPMethod(s string) bool {
	switch s {
	case "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH":
		return true
	}
	return false
}

// IsHTTPHeaderName reports whether s is a valid HTTP header field name (an RFC 7230 token).
func IsHTTPHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
