package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/store"
)

// Sprint locks the contact, reads its state, and writes fn's changes in one transaction.
func (s *Store) Sprint(ctx context.Context, ws int64, contactUUID string, fn store.SprintFunc) error {
	key := strconv.FormatInt(ws, 10) + "/" + contactUUID
	unlock := s.locks.lock(key)
	defer unlock()

	if s.d.LockInTx != nil {
		return s.tx(ctx, func(tx *sql.Tx) error {
			if err := s.d.LockInTx(ctx, tx, key); err != nil {
				return fmt.Errorf("unable to lock contact: %w", err)
			}
			state, err := s.sprintState(ctx, tx, ws, contactUUID)
			if err != nil {
				return err
			}
			known := append([]string{}, state.Contact.URNs...) // fn may change the state's
			w, err := fn(ctx, state)
			if err != nil || w == nil {
				return err
			}
			return s.writeSprint(ctx, tx, ws, w, known)
		})
	}
	state, err := s.sprintState(ctx, s.db, ws, contactUUID)
	if err != nil {
		return err
	}
	known := append([]string{}, state.Contact.URNs...) // fn may change the state's
	w, err := fn(ctx, state)
	if err != nil || w == nil {
		return err
	}
	// the write may share a group commit with other sprints: a cancelled request must not
	// interrupt it half-way
	wctx := context.WithoutCancel(ctx)
	return s.tx(wctx, func(tx *sql.Tx) error { return s.writeSprint(wctx, tx, ws, w, known) })
}

// sprintStateQuery reads everything a sprint starts from in one statement (one round trip
// on a server database instead of three): the contact row (kind 0), its URNs (kind 1) and
// its latest waiting session (kind 2). The NULLs are typed so that PostgreSQL, which types
// a UNION pairwise, matches them with the session's times.
const sprintStateQuery = `SELECT 0, '', '', '', data, CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), created_on, modified_on FROM contacts WHERE workspace_id = ? AND uuid = ?
	UNION ALL SELECT 1, urn, '', '', '', CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), 0, 0 FROM contact_urns WHERE workspace_id = ? AND contact_uuid = ?
	UNION ALL SELECT * FROM (SELECT 2, uuid, status, flow_uuid, data, timeout_on, expires_on, created_on, modified_on FROM sessions
		WHERE workspace_id = ? AND contact_uuid = ? AND status = 'waiting' ORDER BY created_on DESC LIMIT 1) w`

func (s *Store) sprintState(ctx context.Context, q queryer, ws int64, contactUUID string) (*store.SprintState, error) {
	rows, err := s.query(ctx, q, sprintStateQuery, ws, contactUUID, ws, contactUUID, ws, contactUUID)
	if err != nil {
		return nil, fmt.Errorf("unable to read contact: %w", err)
	}
	defer rows.Close()
	var c *store.Contact
	var urns []string
	var waiting *store.Session
	for rows.Next() {
		var kind int
		var text, status, flow, data string
		var timeout, expires sql.NullInt64
		var created, modified int64
		if err := rows.Scan(&kind, &text, &status, &flow, &data, &timeout, &expires, &created, &modified); err != nil {
			return nil, fmt.Errorf("unable to read contact: %w", err)
		}
		switch kind {
		case 0:
			c = &store.Contact{UUID: contactUUID, Data: json.RawMessage(data), CreatedOn: fromMicros(created), ModifiedOn: fromMicros(modified)}
		case 1:
			urns = append(urns, text)
		case 2:
			waiting = &store.Session{UUID: text, ContactUUID: contactUUID, Status: status, FlowUUID: flow, Data: json.RawMessage(data),
				TimeoutOn: fromNullMicros(timeout), ExpiresOn: fromNullMicros(expires), CreatedOn: fromMicros(created), ModifiedOn: fromMicros(modified)}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("unable to read contact: %w", err)
	}
	if c == nil {
		return nil, notFound(sql.ErrNoRows, "contact")
	}
	sort.Strings(urns)
	c.URNs = urns
	return &store.SprintState{Contact: c, Waiting: waiting, Seen: func(key string) (bool, error) { return s.seen(ctx, q, ws, key) }}, nil
}

func (s *Store) writeSprint(ctx context.Context, tx *sql.Tx, ws int64, w *store.SprintWrite, knownURNs []string) error {
	if err := s.insertKeys(ctx, tx, ws, w.Keys, time.Now()); err != nil {
		return err
	}
	if w.Contact != nil {
		if knownURNs == nil {
			knownURNs = []string{}
		}
		if err := s.writeContact(ctx, tx, ws, w.Contact, knownURNs, false); err != nil {
			return err
		}
	}
	for _, ss := range w.Sessions {
		if _, err := s.exec(ctx, tx, `INSERT INTO sessions (workspace_id, uuid, contact_uuid, status, flow_uuid, data, timeout_on, expires_on, due_on, created_on, modified_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, uuid) DO UPDATE SET status = excluded.status, flow_uuid = excluded.flow_uuid, data = excluded.data,
			timeout_on = excluded.timeout_on, expires_on = excluded.expires_on, due_on = excluded.due_on, modified_on = excluded.modified_on`,
			ws, ss.UUID, ss.ContactUUID, ss.Status, ss.FlowUUID, string(ss.Data), nullMicros(ss.TimeoutOn), nullMicros(ss.ExpiresOn),
			nullMicros(dueOn(ss)), micros(ss.CreatedOn), micros(ss.ModifiedOn)); err != nil {
			return fmt.Errorf("unable to save session: %w", err)
		}
	}
	for _, r := range w.Runs {
		if _, err := s.exec(ctx, tx, `INSERT INTO runs (workspace_id, uuid, session_uuid, contact_uuid, flow_uuid, status, results, created_on, modified_on, exited_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, uuid) DO UPDATE SET status = excluded.status, results = excluded.results,
			modified_on = excluded.modified_on, exited_on = excluded.exited_on`,
			ws, r.UUID, r.SessionUUID, r.ContactUUID, r.FlowUUID, r.Status, string(r.Results), micros(r.CreatedOn), micros(r.ModifiedOn), nullMicros(r.ExitedOn)); err != nil {
			return fmt.Errorf("unable to save run: %w", err)
		}
	}
	if err := s.insertEvents(ctx, tx, ws, w.Events); err != nil {
		return err
	}
	if err := s.insertDeliveries(ctx, tx, w.Deliveries); err != nil {
		return err
	}
	return s.insertRecords(ctx, tx, ws, w.Records)
}

// insertEvents appends events in batches of one statement each.
func (s *Store) insertEvents(ctx context.Context, tx *sql.Tx, ws int64, evs []*store.Event) error {
	const batch = 50
	for len(evs) > 0 {
		n := min(len(evs), batch)
		var b strings.Builder
		b.WriteString(`INSERT INTO events (workspace_id, uuid, contact_uuid, session_uuid, type, data, created_on) VALUES `)
		args := make([]any, 0, n*7)
		for i, e := range evs[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?)")
			args = append(args, ws, e.UUID, e.ContactUUID, e.SessionUUID, e.Type, string(e.Data), micros(e.CreatedOn))
		}
		if _, err := s.exec(ctx, tx, b.String(), args...); err != nil {
			return fmt.Errorf("unable to save events: %w", err)
		}
		evs = evs[n:]
	}
	return nil
}

// dueOn is when the scheduler must look at a waiting session: its earlier due time.
func dueOn(ss *store.Session) *time.Time {
	if ss.Status != "waiting" {
		return nil
	}
	due := ss.TimeoutOn
	if ss.ExpiresOn != nil && (due == nil || ss.ExpiresOn.Before(*due)) {
		due = ss.ExpiresOn
	}
	return due
}

const sessionCols = `uuid, contact_uuid, status, flow_uuid, data, timeout_on, expires_on, created_on, modified_on`

func scanSession(sc interface{ Scan(...any) error }) (*store.Session, error) {
	ss := &store.Session{}
	var data string
	var timeout, expires sql.NullInt64
	var created, modified int64
	if err := sc.Scan(&ss.UUID, &ss.ContactUUID, &ss.Status, &ss.FlowUUID, &data, &timeout, &expires, &created, &modified); err != nil {
		return nil, err
	}
	ss.Data, ss.TimeoutOn, ss.ExpiresOn = json.RawMessage(data), fromNullMicros(timeout), fromNullMicros(expires)
	ss.CreatedOn, ss.ModifiedOn = fromMicros(created), fromMicros(modified)
	return ss, nil
}

// Session reads a session.
func (s *Store) Session(ctx context.Context, ws int64, u string) (*store.Session, error) {
	ss, err := scanSession(s.queryRow(ctx, s.db, `SELECT `+sessionCols+` FROM sessions WHERE workspace_id = ? AND uuid = ?`, ws, u))
	if err != nil {
		return nil, notFound(err, "session")
	}
	return ss, nil
}

// ContactSession reads the contact's latest session.
func (s *Store) ContactSession(ctx context.Context, ws int64, contact string) (*store.Session, error) {
	ss, err := scanSession(s.queryRow(ctx, s.db, `SELECT `+sessionCols+` FROM sessions WHERE workspace_id = ? AND contact_uuid = ? ORDER BY created_on DESC, modified_on DESC LIMIT 1`, ws, contact))
	if err != nil {
		return nil, notFound(err, "session")
	}
	return ss, nil
}

// DueWaits lists waiting sessions due at or before now.
func (s *Store) DueWaits(ctx context.Context, now time.Time, limit int) ([]*store.DueWait, error) {
	rows, err := s.query(ctx, s.db, `SELECT workspace_id, uuid, contact_uuid, timeout_on, expires_on FROM sessions
		WHERE status = 'waiting' AND due_on IS NOT NULL AND due_on <= ? ORDER BY due_on LIMIT ?`, micros(now), limit)
	if err != nil {
		return nil, fmt.Errorf("unable to list due waits: %w", err)
	}
	defer rows.Close()
	var out []*store.DueWait
	for rows.Next() {
		d := &store.DueWait{}
		var timeout, expires sql.NullInt64
		if err := rows.Scan(&d.WorkspaceID, &d.SessionUUID, &d.ContactUUID, &timeout, &expires); err != nil {
			return nil, fmt.Errorf("unable to list due waits: %w", err)
		}
		d.TimeoutOn, d.ExpiresOn = fromNullMicros(timeout), fromNullMicros(expires)
		out = append(out, d)
	}
	return out, rows.Err()
}

// CountWaiting counts waiting sessions.
func (s *Store) CountWaiting(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM sessions WHERE status = 'waiting'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("unable to count waiting sessions: %w", err)
	}
	return n, nil
}

// Events lists events after the cursor.
func (s *Store) Events(ctx context.Context, ws int64, contact string, after int64, limit int) ([]*store.Event, error) {
	query := `SELECT id, uuid, contact_uuid, session_uuid, type, data, created_on FROM events WHERE workspace_id = ? AND id > ?`
	args := []any{ws, after}
	if contact != "" {
		query += ` AND contact_uuid = ?`
		args = append(args, contact)
	}
	query += ` ORDER BY id LIMIT ?`
	args = append(args, limit)
	rows, err := s.query(ctx, s.db, query, args...)
	if err != nil {
		return nil, fmt.Errorf("unable to list events: %w", err)
	}
	defer rows.Close()
	var out []*store.Event
	for rows.Next() {
		e := &store.Event{}
		var data string
		var created int64
		if err := rows.Scan(&e.ID, &e.UUID, &e.ContactUUID, &e.SessionUUID, &e.Type, &data, &created); err != nil {
			return nil, fmt.Errorf("unable to list events: %w", err)
		}
		e.Data, e.CreatedOn = json.RawMessage(data), fromMicros(created)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Runs lists runs after the cursor.
func (s *Store) Runs(ctx context.Context, ws int64, flow string, after int64, limit int) ([]*store.Run, error) {
	query := `SELECT seq, uuid, session_uuid, contact_uuid, flow_uuid, status, results, created_on, modified_on, exited_on FROM runs WHERE workspace_id = ? AND seq > ?`
	args := []any{ws, after}
	if flow != "" {
		query += ` AND flow_uuid = ?`
		args = append(args, flow)
	}
	query += ` ORDER BY seq LIMIT ?`
	args = append(args, limit)
	rows, err := s.query(ctx, s.db, query, args...)
	if err != nil {
		return nil, fmt.Errorf("unable to list runs: %w", err)
	}
	defer rows.Close()
	var out []*store.Run
	for rows.Next() {
		r := &store.Run{}
		var results string
		var created, modified int64
		var exited sql.NullInt64
		if err := rows.Scan(&r.Seq, &r.UUID, &r.SessionUUID, &r.ContactUUID, &r.FlowUUID, &r.Status, &results, &created, &modified, &exited); err != nil {
			return nil, fmt.Errorf("unable to list runs: %w", err)
		}
		r.Results, r.CreatedOn, r.ModifiedOn, r.ExitedOn = json.RawMessage(results), fromMicros(created), fromMicros(modified), fromNullMicros(exited)
		out = append(out, r)
	}
	return out, rows.Err()
}
