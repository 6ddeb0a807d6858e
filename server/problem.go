package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/rivuletflows/rivulet/store"
)

// Problem is an error answered as application/problem+json (RFC 9457). Field and Value
// name what in the request was wrong, so a client never has to guess.
type Problem struct {
	Status int    `json:"status"`
	Title  string `json:"title"`
	Detail string `json:"detail,omitempty"`
	Field  string `json:"field,omitempty"`
	Value  any    `json:"value,omitempty"`
}

// Error returns the problem's detail.
func (p *Problem) Error() string { return p.Detail }

// problemf builds a problem whose detail is formatted.
func problemf(status int, field string, value any, format string, args ...any) *Problem {
	return &Problem{Status: status, Title: http.StatusText(status), Detail: fmt.Sprintf(format, args...), Field: field, Value: value}
}

// invalid is a 422 naming the field and value.
func invalid(field string, value any, format string, args ...any) *Problem {
	return problemf(http.StatusUnprocessableEntity, field, value, format, args...)
}

// badRequest is a 400 (a body or parameter that can't be read at all).
func badRequest(field string, value any, format string, args ...any) *Problem {
	return problemf(http.StatusBadRequest, field, value, format, args...)
}

// notFoundProblem is a 404 naming what was looked for.
func notFoundProblem(what, field string, value any) *Problem {
	return problemf(http.StatusNotFound, field, value, "no %s with %s '%v'", what, field, value)
}

// asProblem turns store errors into problems where they are the client's doing.
func asProblem(err error, what, field string, value any) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return notFoundProblem(what, field, value)
	case errors.Is(err, store.ErrConflict):
		return problemf(http.StatusConflict, field, value, "%s", strings.TrimSuffix(err.Error(), ": "+store.ErrConflict.Error()))
	}
	return err
}

func writeProblem(w http.ResponseWriter, p *Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(p.Status)
	b, _ := json.Marshal(p)
	w.Write(b)
	w.Write([]byte("\n"))
}

// decodeBody reads a JSON request body into v, refusing unknown fields and naming the
// field and value of a type mismatch.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return describeJSONError(err)
	}
	if dec.More() {
		return badRequest("", nil, "request body holds more than one JSON value")
	}
	return nil
}

func describeJSONError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &te) && te.Field == "":
		return badRequest("", te.Value, "request body must be %s, not %s", jsonKind(te.Type.Kind().String()), te.Value)
	case errors.As(err, &te):
		return invalid(te.Field, te.Value, "field '%s' must be %s, not %s", te.Field, jsonKind(te.Type.Kind().String()), te.Value)
	case errors.As(err, &se):
		return badRequest("", nil, "request body is not valid JSON at offset %d: %s", se.Offset, se.Error())
	case errors.As(err, &mbe):
		return problemf(http.StatusRequestEntityTooLarge, "", nil, "request body is larger than %d bytes", mbe.Limit)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid(name, nil, "unknown field '%s'", name)
	case err.Error() == "EOF":
		return badRequest("", nil, "request body is empty, a JSON object is expected")
	case err.Error() == "unexpected EOF":
		return badRequest("", nil, "request body is cut short: not valid JSON")
	}
	return badRequest("", nil, "unable to read request body: %s", err)
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "slice", "array":
		return "an array"
	case "map", "struct", "ptr":
		return "an object"
	case "bool":
		return "a boolean"
	}
	return "a number"
}
