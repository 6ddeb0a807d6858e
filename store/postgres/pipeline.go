package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/rivuletflows/rivulet/store/sqlstore"
)

// pipeline runs a sprint on one connection in two round trips instead of one per statement:
// BEGIN, the contact's advisory lock and the read go in one pgx batch (the server runs them
// in order, so the read's snapshot is taken once the lock is held), the writes and COMMIT
// in a second. Nothing commits when a write fails: the server skips the rest of a batch
// after an error, and a COMMIT of a failed transaction rolls it back (its tag says
// ROLLBACK). Some writes must change a row (the contact's update, the insert of a sprint
// key); in a batch that can only be checked by the server, so each such guard statement
// divides by the rows it changed and fails with division_by_zero when there are none.
func pipeline(ctx context.Context, db *sql.DB, p *sqlstore.Pipelined) (trips int, committed bool, err error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return 0, false, fmt.Errorf("unable to get a connection: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("postgres: the driver's connection is a %T, not pgx's", dc)
		}
		var err error
		trips, committed, err = runPipelined(ctx, sc.Conn(), p)
		return err
	})
	return trips, committed, err
}

func runPipelined(ctx context.Context, c *pgx.Conn, p *sqlstore.Pipelined) (trips int, committed bool, err error) {
	rollback := func(cause error) error {
		trips++
		if _, err := c.Exec(context.WithoutCancel(ctx), "ROLLBACK"); err != nil {
			// the connection's state is unknown: database/sql must not reuse it
			return errors.Join(cause, driver.ErrBadConn)
		}
		return cause
	}

	b := &pgx.Batch{}
	b.Queue("BEGIN")
	b.Queue("SELECT pg_advisory_xact_lock($1)", lockID(p.Key))
	b.Queue(p.Read.Query, p.Read.Args...)
	trips++
	br := c.SendBatch(ctx, b)
	_, err = br.Exec()
	if err != nil {
		br.Close()
		return trips, false, fmt.Errorf("unable to begin transaction: %w", errors.Join(err, driver.ErrBadConn))
	}
	if _, err = br.Exec(); err != nil {
		br.Close()
		return trips, false, rollback(fmt.Errorf("unable to lock contact: %w", err))
	}
	rows, err := br.Query()
	if err == nil {
		err = p.Scan(rows)
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
	}
	if cerr := br.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("unable to read contact: %w", cerr)
	}
	if err != nil {
		return trips, false, rollback(err)
	}

	queryRow := func(st sqlstore.Statement, dest ...any) error {
		err := c.QueryRow(ctx, st.Query, st.Args...).Scan(dest...)
		if errors.Is(err, pgx.ErrNoRows) {
			return sql.ErrNoRows
		}
		return err
	}
	stmts, guards, err := p.Write(queryRow)
	if err != nil || len(stmts) == 0 {
		return trips, false, rollback(err)
	}
	// the writes and the commit must not be cut half-way by the request going away
	wctx := context.WithoutCancel(ctx)
	b = &pgx.Batch{}
	for i, st := range stmts {
		q := st.Query
		if guards[i] != nil {
			q = `WITH g AS (` + q + ` RETURNING 1) SELECT 1 / (SELECT COUNT(*) FROM g)`
		}
		b.Queue(q, st.Args...)
	}
	b.Queue("COMMIT")
	trips++
	br = c.SendBatch(wctx, b)
	for i, st := range stmts {
		if _, err := br.Exec(); err != nil {
			br.Close()
			var pe *pgconn.PgError
			if guards[i] != nil && errors.As(err, &pe) && pe.Code == "22012" {
				return trips, false, rollback(guards[i])
			}
			return trips, false, rollback(fmt.Errorf("unable to save %s: %w", st.What, err))
		}
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return trips, false, rollback(fmt.Errorf("unable to commit: %w", err))
	}
	if tag.String() != "COMMIT" {
		return trips, false, fmt.Errorf("unable to commit: the server answered %s", tag)
	}
	return trips, true, nil
}
