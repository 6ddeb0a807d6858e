package server

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestOpenAPIMatchesRoutes checks that the OpenAPI document and the route table name the
// same routes, and that every schema a route refers to is defined.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	s := &Server{}
	routed := map[string]bool{}
	for _, rt := range s.routeTable() {
		key := rt.method + " " + rt.path
		routed[key] = true
		op, ok := operations[key]
		if assert.True(t, ok, "route %s is not documented", key) {
			assert.NotEmpty(t, op.summary, key)
			names := []string{op.body, op.okSchema, op.okAlso}
			for _, n := range op.more {
				names = append(names, n)
			}
			for _, name := range names {
				if name != "" {
					assert.Contains(t, schemas, name, "%s refers to an undefined schema", key)
				}
			}
		}
	}
	for key := range operations {
		assert.True(t, routed[key], "documented %s is not routed", key)
	}
	doc := s.OpenAPI()
	paths := doc["paths"].(map[string]any)
	n := 0
	for _, item := range paths {
		n += len(item.(map[string]any))
	}
	assert.Equal(t, len(routed), n)
	// every $ref resolves
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			if ref, ok := x["$ref"].(string); ok {
				assert.Contains(t, schemas, strings.TrimPrefix(ref, "#/components/schemas/"))
			}
			for _, c := range x {
				walk(c)
			}
		case []any:
			for _, c := range x {
				walk(c)
			}
		}
	}
	walk(doc)
}

func TestMatchMessage(t *testing.T) {
	yes, no := true, false
	kw := &Trigger{Type: TriggerKeyword, Keywords: []string{"join"}, MatchType: MatchFirstWord, Active: &yes}
	only := &Trigger{Type: TriggerKeyword, Keywords: []string{"stop"}, MatchType: MatchOnlyWord, Active: &yes}
	off := &Trigger{Type: TriggerKeyword, Keywords: []string{"quiz"}, MatchType: MatchFirstWord, Active: &no}
	chKw := &Trigger{Type: TriggerKeyword, Keywords: []string{"join"}, MatchType: MatchFirstWord, Channels: []string{"c1"}, Active: &yes}
	all := &Trigger{Type: TriggerCatchAll, Active: &yes}
	trigs := []*Trigger{kw, only, off, chKw, all}
	for _, tc := range []struct {
		text    string
		ch      *ref
		want    *Trigger
		keyword string
	}{
		{"Join now", nil, kw, "join"},
		{"  JOIN!", nil, kw, "join"},
		{"join", &ref{UUID: "c1"}, chKw, "join"},
		{"stop", nil, only, "stop"},
		{"stop it", nil, all, ""},
		{"quiz", nil, all, ""},
		{"", nil, all, ""},
	} {
		m := matchMessage(trigs, tc.text, tc.ch, nil)
		if assert.NotNil(t, m, tc.text) {
			assert.Same(t, tc.want, m.trigger, tc.text)
			assert.Equal(t, tc.keyword, m.keyword, tc.text)
		}
	}
	assert.Nil(t, matchMessage([]*Trigger{kw}, "hello", nil, nil))
}
