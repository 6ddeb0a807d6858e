// Package postgres opens flowserver's store in PostgreSQL through pgx (database/sql
// interface). The schema is brought up to date on open by goose, from the migrations
// embedded here.
//
// Many processes may share the database: those opening it together migrate it one at a
// time, under a session advisory lock of the schema, and a sprint takes a
// transaction-scoped advisory lock on its contact before reading it, so one sprint at a
// time runs per contact across every worker (docs/scaling.md).
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/rivuletflows/rivulet/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DefaultConns is how many connections a store opens at most unless told otherwise.
const DefaultConns = 32

// Open connects to the database of the DSN (postgres://...) and migrates it.
func Open(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	return OpenPool(ctx, dsn, DefaultConns)
}

// OpenPool is Open with at most maxConns connections: many workers on one database share
// its max_connections (100 by default), so each takes a part. It takes at least two: a
// sprint holds one while it runs and may read through another.
func OpenPool(ctx context.Context, dsn string, maxConns int) (*sqlstore.Store, error) {
	if maxConns < 2 {
		return nil, fmt.Errorf("postgres: the number of connections must be at least 2 (a sprint holds one while it may read through another), not %d", maxConns)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("unable to open postgres database: %w", err)
	}
	db.SetMaxOpenConns(maxConns)
	db.SetMaxIdleConns(maxConns)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("unable to connect to postgres: %w", err)
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("unable to read migrations: %w", err)
	}
	// workers starting together migrate one at a time: a session lock per schema (the
	// search_path's first), so that separate schemas of one database don't wait on each other
	var schema string
	if err := db.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("unable to read the current schema: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte("rivulet migrations " + schema))
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(h.Sum64())), lock.WithLockTimeout(1, 300))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("unable to prepare the migration lock: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithSessionLocker(locker))
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("unable to prepare migrations: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("unable to migrate postgres database: %w", err)
	}
	return sqlstore.New(db, sqlstore.Dialect{Numbered: true, LockInTx: lockContact, Pipeline: pipeline, IsUnique: isUnique}), nil
}

// lockContact takes an advisory lock on the key, released when the transaction ends.
func lockContact(ctx context.Context, tx *sql.Tx, key string) error {
	_, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, lockID(key))
	return err
}

// lockID is the advisory lock number of a key.
func lockID(key string) int64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return int64(h.Sum64())
}

func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
