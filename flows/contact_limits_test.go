package flows_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/flows"
)

// TestContactReadCaps: a contact with as many URNs, groups and fields as allowed reads,
// one more of any is refused naming the field.
func TestContactReadCaps(t *testing.T) {
	if flows.MaxContactURNs != 50 || flows.MaxContactGroups != 1000 || flows.MaxContactFields != 1000 {
		t.Fatal("a contact cap changed: update docs/security.md and this test")
	}
	sa := loadAssets(t, filepath.Join("..", "testdata", "flows", "contact_updates.json"))
	contact := func(urns, groups, fields int) []byte {
		c := map[string]any{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "x", "status": "active", "created_on": "2018-06-20T11:40:30Z"}
		var us []string
		for i := 0; i < urns; i++ {
			us = append(us, fmt.Sprintf("tel:+2507880%05d", i))
		}
		c["urns"] = us
		var gs []any
		for i := 0; i < groups; i++ {
			gs = append(gs, map[string]any{"uuid": fmt.Sprintf("00000000-0000-4000-8000-%012d", i), "name": "g"})
		}
		c["groups"] = gs
		fs := map[string]any{}
		for i := 0; i < fields; i++ {
			fs[fmt.Sprintf("f%d", i)] = map[string]any{"text": "x"}
		}
		c["fields"] = fs
		data, _ := json.Marshal(c)
		return data
	}
	if _, err := flows.ReadContact(sa, contact(flows.MaxContactURNs, flows.MaxContactGroups, flows.MaxContactFields), nil); err != nil {
		t.Errorf("at the caps: %v", err)
	}
	for name, data := range map[string][]byte{
		"urns":   contact(flows.MaxContactURNs+1, 0, 0),
		"groups": contact(0, flows.MaxContactGroups+1, 0),
		"fields": contact(0, 0, flows.MaxContactFields+1),
	} {
		_, err := flows.ReadContact(sa, data, nil)
		if err == nil || !strings.Contains(err.Error(), "field '"+name+"' has") {
			t.Errorf("past the %s cap: %v", name, err)
		}
	}
}
