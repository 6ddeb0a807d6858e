package migrations

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// referenceUUIDs are the first UUIDs of the seeded generator the reference cases were
// recorded with; steps that add objects take theirs from it in the same order.
var referenceUUIDs = []utils.UUID{
	"1b2083ab-a0cb-48da-924e-9de1a11831b3",
	"5a5ccef6-8daa-4cb8-8e52-6b486361710f",
}

// listGenerator hands out a fixed list of UUIDs, then numbered ones.
type listGenerator struct {
	uuids []utils.UUID
	n     int
}

func (g *listGenerator) Next() utils.UUID {
	g.n++
	if g.n <= len(g.uuids) {
		return g.uuids[g.n-1]
	}
	return utils.UUID(fmt.Sprintf("00000000-0000-4000-8000-%012d", g.n))
}

func testConfig(uuids ...utils.UUID) *Config {
	if len(uuids) == 0 {
		uuids = referenceUUIDs
	}
	return &Config{UUIDs: &listGenerator{uuids: uuids}}
}

func stepFor(t *testing.T, v Version) Step {
	for _, s := range Steps() {
		if s.Version == v {
			return s
		}
	}
	t.Fatalf("no migration step to %s", v)
	return Step{}
}

// normalize reads JSON into plain Go values so two documents compare structurally.
func normalize(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("invalid JSON %s: %v", data, err)
	}
	return v
}

func assertJSONEqual(t *testing.T, expected, actual []byte, msg string) {
	t.Helper()
	if !reflect.DeepEqual(normalize(t, expected), normalize(t, actual)) {
		t.Errorf("%s:\nexpected: %s\ngot:      %s", msg, compact(expected), compact(actual))
	}
}

func compact(data []byte) string {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	var v any
	if json.Unmarshal(data, &v) != nil {
		return string(data)
	}
	_ = enc.Encode(v)
	return strings.TrimSpace(b.String())
}

func must(t *testing.T, err error, context string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", context, err)
	}
}

type migrationCase struct {
	Description string          `json:"description"`
	Original    json.RawMessage `json:"original"`
	Migrated    json.RawMessage `json:"migrated"`
}

func TestReferenceMigrations(t *testing.T) {
	for _, file := range testutil.ReadCaseFiles[migrationCase](t, testutil.ConformancePath(t, "reference", "migrations")) {
		version, err := ParseVersion(file.Name)
		must(t, err, file.Path)
		step := stepFor(t, version)

		for _, tc := range file.Cases {
			name := version.String() + "/" + tc.Description
			t.Run(name, func(t *testing.T) {
				// the one step on its own
				f, err := ReadFlow(tc.Original)
				must(t, err, "read")
				f, err = step.Apply(f, testConfig())
				must(t, err, "step")
				out, err := json.Marshal(f)
				must(t, err, "marshal")
				assertJSONEqual(t, tc.Migrated, out, "step "+name)

				// the whole chain, stopping at the file's version
				out, err = MigrateToVersionWith(tc.Original, &version, testConfig())
				must(t, err, "migrate")
				assertJSONEqual(t, tc.Migrated, out, "chain "+name)

				// and a migrated flow is left as it is
				again, err := MigrateToVersion(tc.Migrated, &version)
				must(t, err, "migrate migrated")
				if string(again) != string(tc.Migrated) {
					t.Errorf("flow already at %s was changed", version)
				}
			})
		}
	}
}
