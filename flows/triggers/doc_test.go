package triggers

import (
	"testing"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

// TestDocsListEveryType checks that Docs names each Type constant of trigger.go once, so a
// new trigger type cannot go undocumented, and that each example reads as its type.
func TestDocsListEveryType(t *testing.T) {
	var docs []testutil.DocumentedType
	for _, d := range Docs() {
		docs = append(docs, testutil.DocumentedType(d))
	}
	testutil.CheckTypeDocs(t, "trigger", "trigger.go", docs, func(example string) (string, error) {
		trigger, err := Read([]byte(example))
		if err != nil {
			return "", err
		}
		return trigger.Type, nil
	})
}

// TestDocsMatchRegistry checks that Docs and the registry Read checks against name the
// same types.
func TestDocsMatchRegistry(t *testing.T) {
	documented := map[string]bool{}
	for _, d := range Docs() {
		documented[d.Name] = true
	}
	types := Types()
	if len(types) != len(documented) {
		t.Errorf("%d types registered, %d documented", len(types), len(documented))
	}
	for _, name := range types {
		if !documented[name] {
			t.Errorf("type %s is registered but not documented", name)
		}
	}
}
