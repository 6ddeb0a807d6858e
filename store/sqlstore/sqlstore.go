// Package sqlstore implements store.Store over database/sql for the SQL databases flowserver
// runs on. The schema is the same on every database (times are Unix microseconds, JSON is
// text), so one set of queries serves all; a Dialect says what differs: placeholders, how a
// sprint locks its contact, and how a uniqueness violation reads.
package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/store"
	"github.com/rivuletflows/rivulet/utils"
)

// Dialect is what differs between databases.
type Dialect struct {
	// Numbered placeholders ($1, $2...) instead of ?.
	Numbered bool
	// LockInTx, when set, locks the contact inside the sprint's transaction so that every
	// process sharing the database sees one sprint at a time per contact; the contact's
	// state is then read in that transaction too. When nil, the in-process lock is the
	// only one (a database one process owns) and the state is read before the write
	// transaction, which then stays short.
	LockInTx func(ctx context.Context, tx *sql.Tx, key string) error
	// IsUnique reports whether an error is a uniqueness violation.
	IsUnique func(error) bool
	// SingleWriter runs write transactions on one goroutine and commits those waiting
	// together (see groupWriter), for a database that takes one writer at a time (SQLite):
	// waiting in process is far cheaper than the database's busy handler, which sleeps for
	// milliseconds between retries, and one commit for many sprints cheaper than one each.
	SingleWriter bool
	// Pipeline, when set, runs sprints instead of LockInTx and a transaction: it is given
	// the lock's key, the read and the writes, and sends them in as few round trips as the
	// database allows (see Pipelined).
	Pipeline func(ctx context.Context, db *sql.DB, p *Pipelined) (roundTrips int, committed bool, err error)
	// PrepareStatements keeps a prepared statement per query. For a driver that caches
	// statements per connection itself (pgx) it is left off: preparing through the pool
	// while transactions hold every connection would wait forever.
	PrepareStatements bool
}

// Store is store.Store over a database/sql handle.
type Store struct {
	db     *sql.DB
	d      Dialect
	locks  *keyLock
	writer *groupWriter // the single writer, when the dialect wants one
	stmts  sync.Map     // query -> *sql.Stmt
	// sprintSlots bounds the sprints holding a connection while their function runs to half
	// the pool: the function may read through the pool too (a workspace's sinks when their
	// cache is cold), and with every connection held by a sprint waiting on one, none would
	// ever finish. Nil when the pool is unbounded or sprints hold no connection.
	sprintSlots chan struct{}

	statements, transactions, commits, argBytes, roundTrips atomic.Int64
}

// Statement is a query (placeholders rewritten for the dialect when given to a Pipeline)
// and its arguments; What names it in errors.
type Statement struct {
	What  string
	Query string
	Args  []any
}

// Rows is what a sprint's read is scanned from: *sql.Rows, or a driver's own rows when a
// Pipeline bypasses database/sql.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// Pipelined is a sprint as a Pipeline runs it, in one transaction: lock Key, run Read and
// pass its rows to Scan, call Write (which may read through queryRow while it decides) for
// the statements to send (none: roll back), run them all and commit, unless one fails or
// one whose index is in guards changes no row, which fails the sprint with that error.
// Any error rolls the whole transaction back.
type Pipelined struct {
	Key   string
	Read  Statement
	Scan  func(Rows) error
	Write func(queryRow QueryRowFunc) (stmts []Statement, guards map[int]error, err error)
}

// QueryRowFunc runs a query in the pipeline's transaction and scans its first row into
// dest; no row is sql.ErrNoRows.
type QueryRowFunc func(st Statement, dest ...any) error

// Stats counts the work the store has asked of its database since it was opened, so that
// a load run can say what each message costs in statements and transactions (a database
// without pg_stat_statements can't say it itself).
type Stats struct {
	// Statements sent, each a round trip to a server database; transaction control
	// (BEGIN, COMMIT, savepoints) excluded.
	Statements int64
	// Transactions run, including each sprint sharing a group commit.
	Transactions int64
	// Commits made: fewer than Transactions when group commit joins them.
	Commits int64
	// RoundTrips are the requests that waited for the database's answer: each statement
	// sent alone, each BEGIN, COMMIT, lock and savepoint, each pipelined batch. On SQLite,
	// in process, they cost calls, not network turns.
	RoundTrips int64
	// ArgBytes is the size of the text arguments sent (JSON documents, UUIDs): most of
	// what goes to the database.
	ArgBytes int64
}

// Stats returns the counts so far.
func (s *Store) Stats() Stats {
	// a commit is counted after its transaction, so reading the commits first never shows
	// more of them than transactions, whatever commits in between
	commits := s.commits.Load()
	return Stats{Statements: s.statements.Load(), Transactions: s.transactions.Load(), Commits: commits, RoundTrips: s.roundTrips.Load(), ArgBytes: s.argBytes.Load()}
}

var _ store.Store = (*Store)(nil)

// New wraps an opened and migrated database.
func New(db *sql.DB, d Dialect) *Store {
	s := &Store{db: db, d: d, locks: newKeyLock()}
	if d.SingleWriter {
		s.writer = newGroupWriter(s)
	}
	if n := db.Stats().MaxOpenConnections; n > 0 && (d.Pipeline != nil || d.LockInTx != nil) {
		s.sprintSlots = make(chan struct{}, max(1, n/2))
	}
	return s
}

// DB returns the underlying handle.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the statements and the database.
func (s *Store) Close() error {
	if s.writer != nil {
		s.writer.close()
	}
	s.stmts.Range(func(_, v any) bool {
		v.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// q rewrites ? placeholders for the dialect.
func (s *Store) q(query string) string {
	if !s.d.Numbered {
		return query
	}
	// every sprint rewrites the same few statements: keep the rewritten text
	return numberedQueries.Get(query, numberPlaceholders)
}

// numberedQueries holds rewritten statements; the texts vary only with the number of rows
// a statement writes (events, URNs), so a few hundred cover a workload.
var numberedQueries = utils.NewCache[string](1000)

// numberPlaceholders rewrites ? placeholders as $1, $2, ...
func numberPlaceholders(query string) string {
	var b strings.Builder
	n := 0
	for _, r := range query {
		if r == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// queryer is what both *sql.DB and *sql.Tx offer.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func nullMicros(t *time.Time) sql.NullInt64 {
	if t == nil {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

func fromNullMicros(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return fmt.Errorf("unable to read %s: %w", what, err)
}

func (s *Store) tx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if s.writer != nil {
		return s.writer.run(ctx, fn)
	}
	return s.runTx(ctx, fn)
}

// runTx runs fn in a transaction of its own.
func (s *Store) runTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	// counted once done, so that a count taken between two moments holds whole
	// transactions; a commit is counted after its transaction (see Stats)
	done := false
	defer func() {
		if !done {
			s.transactions.Add(1)
		}
	}()
	s.roundTrips.Add(2)
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("unable to begin transaction: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("unable to commit: %w", err)
	}
	done = true
	s.transactions.Add(1)
	s.commits.Add(1)
	return nil
}

// CreateWorkspace adds a workspace with its first token.
func (s *Store) CreateWorkspace(ctx context.Context, name, tokenHash string, now time.Time) (*store.Workspace, error) {
	w := &store.Workspace{UUID: uuid.NewString(), Name: name, CreatedOn: now.UTC().Truncate(time.Microsecond)}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		err := s.queryRow(ctx, tx, `INSERT INTO workspaces (uuid, name, assets_version, created_on) VALUES (?, ?, 0, ?) RETURNING id`,
			w.UUID, w.Name, micros(now)).Scan(&w.ID)
		if err != nil {
			return fmt.Errorf("unable to insert workspace: %w", err)
		}
		return s.addToken(ctx, tx, w.ID, tokenHash, now)
	})
	if err != nil {
		return nil, err
	}
	return w, nil
}

func (s *Store) addToken(ctx context.Context, q queryer, ws int64, hash string, now time.Time) error {
	if _, err := s.exec(ctx, q, `INSERT INTO tokens (hash, workspace_id, created_on) VALUES (?, ?, ?)`, hash, ws, micros(now)); err != nil {
		if s.d.IsUnique(err) {
			return fmt.Errorf("token: %w", store.ErrConflict)
		}
		return fmt.Errorf("unable to insert token: %w", err)
	}
	return nil
}

// AddToken adds a token to a workspace.
func (s *Store) AddToken(ctx context.Context, ws int64, hash string, now time.Time) error {
	if _, err := s.Workspace(ctx, ws); err != nil {
		return err
	}
	return s.addToken(ctx, s.db, ws, hash, now)
}

const workspaceCols = `w.id, w.uuid, w.name, w.assets_version, w.created_on`

func scanWorkspace(row *sql.Row) (*store.Workspace, error) {
	w := &store.Workspace{}
	var created int64
	if err := row.Scan(&w.ID, &w.UUID, &w.Name, &w.AssetsVersion, &created); err != nil {
		return nil, err
	}
	w.CreatedOn = fromMicros(created)
	return w, nil
}

// WorkspaceByToken finds a token's workspace.
func (s *Store) WorkspaceByToken(ctx context.Context, hash string) (*store.Workspace, error) {
	w, err := scanWorkspace(s.queryRow(ctx, s.db, `SELECT `+workspaceCols+` FROM tokens t JOIN workspaces w ON w.id = t.workspace_id WHERE t.hash = ?`, hash))
	if err != nil {
		return nil, notFound(err, "token")
	}
	return w, nil
}

// Workspace reads a workspace.
func (s *Store) Workspace(ctx context.Context, id int64) (*store.Workspace, error) {
	w, err := scanWorkspace(s.queryRow(ctx, s.db, `SELECT `+workspaceCols+` FROM workspaces w WHERE w.id = ?`, id))
	if err != nil {
		return nil, notFound(err, "workspace")
	}
	return w, nil
}

// SaveAssets replaces the assets and flows, adding revisions of changed flows.
func (s *Store) SaveAssets(ctx context.Context, ws int64, doc json.RawMessage, flows []*store.Flow, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `UPDATE workspaces SET assets = ?, assets_version = assets_version + 1 WHERE id = ?`, string(doc), ws)
		if err != nil {
			return fmt.Errorf("unable to save assets: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("workspace: %w", store.ErrNotFound)
		}
		current := map[string]*store.Flow{}
		rows, err := s.query(ctx, tx, `SELECT uuid, revision, definition FROM flows WHERE workspace_id = ?`, ws)
		if err != nil {
			return fmt.Errorf("unable to read flows: %w", err)
		}
		for rows.Next() {
			f := &store.Flow{}
			var def string
			if err := rows.Scan(&f.UUID, &f.Revision, &def); err != nil {
				rows.Close()
				return fmt.Errorf("unable to read flows: %w", err)
			}
			f.Definition = json.RawMessage(def)
			current[f.UUID] = f
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("unable to read flows: %w", err)
		}
		for _, f := range flows {
			old := current[f.UUID]
			delete(current, f.UUID)
			f.ModifiedOn = now.UTC().Truncate(time.Microsecond)
			if old != nil && string(old.Definition) == string(f.Definition) {
				f.Revision = old.Revision
				if _, err := s.exec(ctx, tx, `UPDATE flows SET name = ?, type = ?, spec_version = ? WHERE workspace_id = ? AND uuid = ?`,
					f.Name, f.Type, f.SpecVersion, ws, f.UUID); err != nil {
					return fmt.Errorf("unable to save flow %s: %w", f.UUID, err)
				}
				continue
			}
			var last sql.NullInt64
			if err := s.queryRow(ctx, tx, `SELECT MAX(revision) FROM flow_revisions WHERE workspace_id = ? AND flow_uuid = ?`, ws, f.UUID).Scan(&last); err != nil {
				return fmt.Errorf("unable to read revisions of flow %s: %w", f.UUID, err)
			}
			f.Revision = int(last.Int64) + 1
			if _, err := s.exec(ctx, tx, `INSERT INTO flow_revisions (workspace_id, flow_uuid, revision, definition, created_on) VALUES (?, ?, ?, ?, ?)`,
				ws, f.UUID, f.Revision, string(f.Definition), micros(now)); err != nil {
				return fmt.Errorf("unable to save revision of flow %s: %w", f.UUID, err)
			}
			if _, err := s.exec(ctx, tx, `INSERT INTO flows (workspace_id, uuid, name, type, spec_version, revision, definition, modified_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (workspace_id, uuid) DO UPDATE SET name = excluded.name, type = excluded.type, spec_version = excluded.spec_version,
				revision = excluded.revision, definition = excluded.definition, modified_on = excluded.modified_on`,
				ws, f.UUID, f.Name, f.Type, f.SpecVersion, f.Revision, string(f.Definition), micros(now)); err != nil {
				return fmt.Errorf("unable to save flow %s: %w", f.UUID, err)
			}
		}
		// flows left out of the upload are no longer current (their revisions stay)
		for u := range current {
			if _, err := s.exec(ctx, tx, `DELETE FROM flows WHERE workspace_id = ? AND uuid = ?`, ws, u); err != nil {
				return fmt.Errorf("unable to remove flow %s: %w", u, err)
			}
		}
		return nil
	})
}

// Assets returns the assets document.
func (s *Store) Assets(ctx context.Context, ws int64) (json.RawMessage, error) {
	var doc sql.NullString
	if err := s.queryRow(ctx, s.db, `SELECT assets FROM workspaces WHERE id = ?`, ws).Scan(&doc); err != nil {
		return nil, notFound(err, "workspace")
	}
	if !doc.Valid {
		return nil, nil
	}
	return json.RawMessage(doc.String), nil
}

const flowCols = `uuid, name, type, spec_version, revision, definition, modified_on`

func scanFlow(sc interface{ Scan(...any) error }) (*store.Flow, error) {
	f := &store.Flow{}
	var def string
	var mod int64
	if err := sc.Scan(&f.UUID, &f.Name, &f.Type, &f.SpecVersion, &f.Revision, &def, &mod); err != nil {
		return nil, err
	}
	f.Definition, f.ModifiedOn = json.RawMessage(def), fromMicros(mod)
	return f, nil
}

// Flows lists the current flows.
func (s *Store) Flows(ctx context.Context, ws int64) ([]*store.Flow, error) {
	rows, err := s.query(ctx, s.db, `SELECT `+flowCols+` FROM flows WHERE workspace_id = ? ORDER BY name, uuid`, ws)
	if err != nil {
		return nil, fmt.Errorf("unable to list flows: %w", err)
	}
	defer rows.Close()
	var out []*store.Flow
	for rows.Next() {
		f, err := scanFlow(rows)
		if err != nil {
			return nil, fmt.Errorf("unable to list flows: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// Flow reads a current flow.
func (s *Store) Flow(ctx context.Context, ws int64, u string) (*store.Flow, error) {
	f, err := scanFlow(s.queryRow(ctx, s.db, `SELECT `+flowCols+` FROM flows WHERE workspace_id = ? AND uuid = ?`, ws, u))
	if err != nil {
		return nil, notFound(err, "flow")
	}
	return f, nil
}

// FlowRevisions lists a flow's revisions, newest first.
func (s *Store) FlowRevisions(ctx context.Context, ws int64, u string) ([]*store.FlowRevision, error) {
	rows, err := s.query(ctx, s.db, `SELECT flow_uuid, revision, definition, created_on FROM flow_revisions WHERE workspace_id = ? AND flow_uuid = ? ORDER BY revision DESC`, ws, u)
	if err != nil {
		return nil, fmt.Errorf("unable to list revisions: %w", err)
	}
	defer rows.Close()
	var out []*store.FlowRevision
	for rows.Next() {
		r := &store.FlowRevision{}
		var def string
		var created int64
		if err := rows.Scan(&r.FlowUUID, &r.Revision, &def, &created); err != nil {
			return nil, fmt.Errorf("unable to list revisions: %w", err)
		}
		r.Definition, r.CreatedOn = json.RawMessage(def), fromMicros(created)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("flow: %w", store.ErrNotFound)
	}
	return out, nil
}

// stmt returns the prepared statement of a query, preparing it once: parsing SQL was a
// quarter of a sprint's CPU before statements were kept.
func (s *Store) stmt(ctx context.Context, q queryer, query string) (*sql.Stmt, bool) {
	if !s.d.PrepareStatements {
		return nil, false
	}
	v, ok := s.stmts.Load(query)
	if !ok {
		st, err := s.db.PrepareContext(ctx, s.q(query))
		if err != nil {
			return nil, false
		}
		if v, ok = s.stmts.LoadOrStore(query, st); ok {
			st.Close()
		}
	}
	st := v.(*sql.Stmt)
	if tx, ok := q.(*sql.Tx); ok {
		return tx.StmtContext(ctx, st), true
	}
	return st, true
}

// count adds a statement and its arguments' size to the stats.
func (s *Store) count(args []any) {
	s.statements.Add(1)
	n := 0
	for _, a := range args {
		if v, ok := a.(string); ok {
			n += len(v)
		}
	}
	s.argBytes.Add(int64(n))
}

func (s *Store) exec(ctx context.Context, q queryer, query string, args ...any) (sql.Result, error) {
	s.count(args)
	s.roundTrips.Add(1)
	if st, ok := s.stmt(ctx, q, query); ok {
		return st.ExecContext(ctx, args...)
	}
	return q.ExecContext(ctx, s.q(query), args...)
}

func (s *Store) query(ctx context.Context, q queryer, query string, args ...any) (*sql.Rows, error) {
	s.count(args)
	s.roundTrips.Add(1)
	if st, ok := s.stmt(ctx, q, query); ok {
		return st.QueryContext(ctx, args...)
	}
	return q.QueryContext(ctx, s.q(query), args...)
}

func (s *Store) queryRow(ctx context.Context, q queryer, query string, args ...any) *sql.Row {
	s.count(args)
	s.roundTrips.Add(1)
	if st, ok := s.stmt(ctx, q, query); ok {
		return st.QueryRowContext(ctx, args...)
	}
	return q.QueryRowContext(ctx, s.q(query), args...)
}
