// Package filter compiles and runs the CEL expressions (cel.dev/cel-go) that choose which
// events a sink delivers, a subscription receives or an event trigger starts a flow for.
//
// A filter sees five variables: event_type (a string), data (the event or the inbound
// payload), contact, flow and workspace (objects, empty when the event has none). A filter
// is compiled and type-checked once, when it is saved; the empty filter matches everything.
//
//	event_type == 'msg_created'
//	event_type.startsWith('contact_')
//	data.field.key == 'age' && data.value.number > 17
package filter

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"cel.dev/cel-go/cel"
)

// Limits of filters.
const (
	// MaxLength is the longest filter source accepted, in bytes.
	MaxLength = 4096
	// costLimit bounds the work one evaluation may do (CEL's cost units), so that a
	// filter over a large payload can't stall delivery.
	costLimit = 100000
)

// Error is a filter that doesn't compile or type-check: where and what is wrong.
type Error struct {
	// Line and Column are 1-based; both are 0 when the error is about the whole filter.
	Line, Column int
	Message      string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Message
	}
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Message)
}

// Input is what a filter is evaluated against. Nil objects are seen as empty ones.
type Input struct {
	EventType string
	Data      map[string]any
	Contact   map[string]any
	Flow      map[string]any
	Workspace map[string]any
}

// Filter is a compiled filter, safe for concurrent use.
type Filter struct {
	source string
	prg    cel.Program
}

var (
	envOnce sync.Once
	env     *cel.Env
	envErr  error
)

func celEnv() (*cel.Env, error) {
	envOnce.Do(func() {
		obj := cel.MapType(cel.StringType, cel.DynType)
		env, envErr = cel.NewEnv(
			cel.Variable("event_type", cel.StringType),
			cel.Variable("data", obj),
			cel.Variable("contact", obj),
			cel.Variable("flow", obj),
			cel.Variable("workspace", obj),
		)
	})
	return env, envErr
}

// Compile parses and type-checks a filter. The result must be a boolean (or dynamic,
// checked again when evaluated). The empty (or blank) filter matches everything.
func Compile(source string) (*Filter, error) {
	if len(source) > MaxLength {
		return nil, &Error{Message: fmt.Sprintf("filter is %d bytes long, the limit is %d", len(source), MaxLength)}
	}
	if strings.TrimSpace(source) == "" {
		return &Filter{source: source}, nil
	}
	e, err := celEnv()
	if err != nil {
		return nil, fmt.Errorf("unable to prepare the filter environment: %w", err)
	}
	ast, iss := e.Compile(source)
	if iss != nil && iss.Err() != nil {
		errs := iss.Errors()
		if len(errs) == 0 {
			return nil, &Error{Message: iss.Err().Error()}
		}
		first := errs[0]
		loc := first.Location
		fe := &Error{Message: first.Message}
		if loc != nil && loc.Line() > 0 {
			fe.Line, fe.Column = loc.Line(), loc.Column()+1
		}
		if len(errs) > 1 {
			fe.Message += fmt.Sprintf(" (and %d more errors)", len(errs)-1)
		}
		return nil, fe
	}
	out := ast.OutputType()
	if !out.IsExactType(cel.BoolType) && !out.IsExactType(cel.DynType) {
		return nil, &Error{Message: fmt.Sprintf("filter must give a boolean, this one gives %s", out)}
	}
	prg, err := e.Program(ast, cel.CostLimit(costLimit))
	if err != nil {
		return nil, &Error{Message: err.Error()}
	}
	return &Filter{source: source, prg: prg}, nil
}

// MustCompile compiles a filter known to be good, panicking otherwise (for tests and
// constants only).
func MustCompile(source string) *Filter {
	f, err := Compile(source)
	if err != nil {
		panic(fmt.Sprintf("filter %q: %s", source, err))
	}
	return f
}

// Source returns the filter as it was written.
func (f *Filter) Source() string { return f.source }

// MatchesAll reports whether this is the empty filter.
func (f *Filter) MatchesAll() bool { return f.prg == nil }

// Match evaluates the filter. An evaluation error (a missing key, a comparison of a
// string with a number) is returned with a false match: the event is not chosen.
func (f *Filter) Match(in *Input) (bool, error) {
	if f.prg == nil {
		return true, nil
	}
	vars := map[string]any{
		"event_type": in.EventType,
		"data":       orEmpty(in.Data),
		"contact":    orEmpty(in.Contact),
		"flow":       orEmpty(in.Flow),
		"workspace":  orEmpty(in.Workspace),
	}
	v, _, err := f.prg.Eval(vars)
	if err != nil {
		return false, fmt.Errorf("filter %q: %w", f.source, err)
	}
	b, ok := v.Value().(bool)
	if !ok {
		return false, fmt.Errorf("filter %q gave %v, not a boolean", f.source, v.Value())
	}
	return b, nil
}

func orEmpty(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// Object decodes a JSON object for an Input; anything that is not an object gives an
// empty one (with the error).
func Object(data []byte) (map[string]any, error) {
	if len(data) == 0 {
		return map[string]any{}, nil
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		return map[string]any{}, fmt.Errorf("not a JSON object: %w", err)
	}
	if m == nil {
		m = map[string]any{}
	}
	return m, nil
}
