package migrations

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/utils/testutil"
)

// TestLegacyMillionLevels: a legacy expression nested a million levels deep is refused
// (its million tokens with ErrLegacyTooLong; nesting within the token limit is refused
// with ErrLegacyTooDeep, see TestLegacyDepthLimit), and a legacy flow holding one migrates quickly, in bounded
// memory, keeping the block as written.
func TestLegacyMillionLevels(t *testing.T) {
	deep := map[string]string{
		"parentheses": testutil.Nested("(", "1", ")", testutil.Million),
		"negations":   strings.Repeat("-", testutil.Million) + "1",
		"calls":       testutil.Nested("UPPER(", "1", ")", testutil.Million),
	}
	for name, body := range deep {
		testutil.Bounded(t, name, 5*time.Second, 500<<20, func() {
			if _, err := parseLegacyExpression(body); !errors.Is(err, ErrLegacyTooLong) {
				t.Errorf("%s: want ErrLegacyTooLong, got %v", name, err)
			}
			tpl := "@(" + body + ")"
			if got := migrateLegacyTemplate(tpl, legacyTemplateOptions{}); got != tpl {
				t.Errorf("%s: the block should be kept as written", name)
			}
		})
	}

	var cases []struct {
		Legacy json.RawMessage `json:"legacy"`
	}
	data, err := os.ReadFile("testdata/legacy_flows.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	expr := "@(" + deep["parentheses"] + ")"
	flow := bytes.Replace(cases[0].Legacy, []byte("Press one, @contact.first_name"), []byte(expr), 1)
	testutil.Bounded(t, "legacy flow", 10*time.Second, 500<<20, func() {
		migrated, err := MigrateToVersion(flow, nil)
		if err != nil {
			t.Fatalf("migrating: %v", err)
		}
		if !bytes.Contains(migrated, []byte(expr)) {
			t.Errorf("the deep block should be kept as written")
		}
	})
}

// TestLegacyDepthLimit: MaxLegacyDepth levels parse, one more doesn't.
func TestLegacyDepthLimit(t *testing.T) {
	if MaxLegacyDepth != 100 {
		t.Fatalf("MaxLegacyDepth is %d, documented as 100", MaxLegacyDepth)
	}
	if _, err := parseLegacyExpression(testutil.Nested("(", "1", ")", MaxLegacyDepth)); err != nil {
		t.Errorf("at the limit: %v", err)
	}
	if _, err := parseLegacyExpression(testutil.Nested("(", "1", ")", MaxLegacyDepth+1)); !errors.Is(err, ErrLegacyTooDeep) {
		t.Errorf("past the limit: %v", err)
	}
	if _, err := parseLegacyExpression(strings.Repeat("-", MaxLegacyDepth+1) + "1"); !errors.Is(err, ErrLegacyTooDeep) {
		t.Errorf("negations past the limit: %v", err)
	}
	// as deep as the token limit allows
	if _, err := parseLegacyExpression(testutil.Nested("(", "1", ")", MaxLegacyTokens/2-1)); !errors.Is(err, ErrLegacyTooDeep) {
		t.Errorf("deepest within the token limit: %v", err)
	}
	if MaxLegacyTokens != 10_000 {
		t.Fatalf("MaxLegacyTokens is %d, documented as 10000", MaxLegacyTokens)
	}
	if _, err := parseLegacyExpression(strings.Repeat("1+", MaxLegacyTokens/2-1) + "1"); err != nil {
		t.Errorf("at the token limit: %v", err)
	}
	if _, err := parseLegacyExpression(strings.Repeat("1+", MaxLegacyTokens/2) + "1"); !errors.Is(err, ErrLegacyTooLong) {
		t.Errorf("past the token limit: %v", err)
	}
}
