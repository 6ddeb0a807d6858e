package definition_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/rivuletflows/rivulet/flows/definition"
)

// benchFlow builds a flow of n question nodes, each a message, a wait and a word test
// with two categories, in the current spec or in 13.0.0 (which reading migrates first).
func benchFlow(n int, spec string) []byte {
	nodes := make([]any, 0, n+1)
	uuid := func(kind, i int) string { return fmt.Sprintf("%08x-0000-4000-8000-%012x", kind, i) }
	for i := 0; i < n; i++ {
		next := any(nil)
		if i+1 < n {
			next = uuid(1, i+1)
		}
		nodes = append(nodes, map[string]any{
			"uuid": uuid(1, i),
			"actions": []any{map[string]any{
				"uuid": uuid(2, i), "type": "send_msg",
				"text": fmt.Sprintf("Question %d for @contact.name: yes or no? (you said @results.q%d)", i, i), "quick_replies": []string{"Yes", "No"},
			}},
			"router": map[string]any{
				"type": "switch", "wait": map[string]any{"type": "msg"}, "operand": "@input.text",
				"result_name": fmt.Sprintf("Q%d", i+1),
				"cases": []any{
					map[string]any{"uuid": uuid(3, i), "type": "has_any_word", "arguments": []string{"yes"}, "category_uuid": uuid(4, 2*i)},
				},
				"categories": []any{
					map[string]any{"uuid": uuid(4, 2*i), "name": "Yes", "exit_uuid": uuid(5, 2*i)},
					map[string]any{"uuid": uuid(4, 2*i+1), "name": "Other", "exit_uuid": uuid(5, 2*i+1)},
				},
				"default_category_uuid": uuid(4, 2*i+1),
			},
			"exits": []any{
				map[string]any{"uuid": uuid(5, 2*i), "destination_uuid": next},
				map[string]any{"uuid": uuid(5, 2*i+1), "destination_uuid": uuid(1, i)},
			},
		})
	}
	data, _ := json.Marshal(map[string]any{
		"uuid": "6f0a9d4b-54c5-4b63-9c4e-1a3f06c0f6a1", "name": "Bench", "spec_version": spec,
		"language": "eng", "type": "messaging", "revision": 1, "expire_after_minutes": 60,
		"localization": map[string]any{}, "nodes": nodes,
	})
	return data
}

func benchmarkReadFlow(b *testing.B, data []byte) {
	f, err := definition.ReadFlow(data)
	if err != nil {
		b.Fatal(err)
	}
	if len(f.Nodes) == 0 {
		b.Fatal("flow read without nodes")
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := definition.ReadFlow(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadFlow reads (and validates) a 10-question flow of the current spec. Engines
// read a flow once and keep it, so this is a cost per flow revision, not per session.
func BenchmarkReadFlow(b *testing.B) { benchmarkReadFlow(b, benchFlow(10, "14.4.2")) }

// BenchmarkReadFlowMigrated reads the same flow written in spec 13.0.0, migrating it first.
func BenchmarkReadFlowMigrated(b *testing.B) { benchmarkReadFlow(b, benchFlow(10, "13.0.0")) }
