package server

import (
	"net/http"
	"reflect"
	"strings"

	"github.com/rivuletflows/rivulet/flows/actions"
)

// ActionType describes a registered action type for editors and embedders.
type ActionType struct {
	Name        string         `json:"name"`
	Description string         `json:"description"`
	Category    string         `json:"category"`
	Schema      map[string]any `json:"schema"`
}

func (s *Server) handleActions(w http.ResponseWriter, r *http.Request) error {
	infos := actions.Types()
	out := make([]*ActionType, 0, len(infos))
	for _, info := range infos {
		out = append(out, &ActionType{Name: info.Name, Description: info.Description, Category: info.Category,
			Schema: actionSchema(info.Name, reflect.TypeOf(info.New()))})
	}
	return writeJSON(w, http.StatusOK, map[string]any{"actions": out})
}

// actionSchema is the JSON Schema of an action's JSON, read from its struct's json tags:
// fields with omitempty are optional, the others required; "type" is fixed to the name.
func actionSchema(name string, t reflect.Type) map[string]any {
	sch := schemaOf(t, map[reflect.Type]bool{})
	if props, ok := sch["properties"].(map[string]any); ok {
		props["type"] = map[string]any{"const": name}
	}
	sch["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	sch["title"] = name
	return sch
}

func schemaOf(t reflect.Type, seen map[reflect.Type]bool) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 { // json.RawMessage and []byte: any JSON
			return map[string]any{}
		}
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), seen)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), seen)}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Struct:
		if t.PkgPath() == "time" && t.Name() == "Time" {
			return map[string]any{"type": "string", "format": "date-time"}
		}
		if seen[t] {
			return map[string]any{"type": "object"}
		}
		seen[t] = true
		defer delete(seen, t)
		props := map[string]any{}
		var required []string
		collectFields(t, props, &required, seen)
		sch := map[string]any{"type": "object", "properties": props}
		if len(required) > 0 {
			sch["required"] = required
		}
		return sch
	}
	return map[string]any{}
}

func collectFields(t reflect.Type, props map[string]any, required *[]string, seen map[reflect.Type]bool) {
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				collectFields(ft, props, required, seen)
			}
			continue
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, seen)
		if !strings.Contains(opts, "omitempty") && !strings.Contains(opts, "omitzero") {
			*required = append(*required, name)
		}
	}
}
