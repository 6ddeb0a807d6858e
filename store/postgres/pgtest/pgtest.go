// Package pgtest gives tests a PostgreSQL schema of their own: DSN reads the server's DSN
// from RIVULET_TEST_POSTGRES, creates a fresh schema, returns a DSN whose search_path is
// that schema, and drops the schema when the test ends. Without the variable the test is
// skipped.
package pgtest

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// EnvVar names the variable holding the DSN of the PostgreSQL tests run against.
const EnvVar = "RIVULET_TEST_POSTGRES"

// DSN returns a DSN of a schema created for this test, or skips the test.
func DSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvVar)
	if base == "" {
		t.Skipf("%s is not set: no PostgreSQL to test against", EnvVar)
	}
	schema := fmt.Sprintf("rivulet_test_%d", rand.Uint64()>>1)
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("unable to open %s: %s", EnvVar, err)
	}
	ctx := t.Context()
	if _, err := db.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		db.Close()
		t.Fatalf("unable to create schema %s: %s", schema, err)
	}
	t.Cleanup(func() {
		// the test's context has ended when cleanups run; the drop still needs one
		db.ExecContext(context.WithoutCancel(ctx), `DROP SCHEMA `+schema+` CASCADE`)
		db.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s is not a URL DSN: %s", EnvVar, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
