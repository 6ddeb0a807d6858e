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
	if s.sprintSlots != nil {
		select {
		case s.sprintSlots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-s.sprintSlots }()
	}

	if s.d.Pipeline != nil {
		return s.pipelinedSprint(ctx, ws, key, contactUUID, fn)
	}
	if s.d.LockInTx != nil {
		return s.tx(ctx, func(tx *sql.Tx) error {
			s.roundTrips.Add(1)
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

// pipelinedSprint runs a sprint through the dialect's Pipeline: the lock and the read go in
// one round trip, the writes and the commit in a second.
func (s *Store) pipelinedSprint(ctx context.Context, ws int64, key, contactUUID string, fn store.SprintFunc) error {
	committed := false
	defer func() {
		if !committed {
			s.transactions.Add(1)
		}
	}()
	s.statements.Add(1)
	var state *store.SprintState
	p := &Pipelined{
		Key:  key,
		Read: Statement{What: "contact", Query: s.q(sprintStateQuery), Args: []any{ws, contactUUID, ws, contactUUID, ws, contactUUID}},
		Scan: func(rows Rows) error {
			var err error
			state, err = scanSprintState(rows, contactUUID)
			return err
		},
		Write: func(queryRow QueryRowFunc) ([]Statement, map[int]error, error) {
			state.Seen = func(key string) (bool, error) {
				s.count(nil)
				var n int
				err := queryRow(Statement{What: "sprint key", Query: s.q(seenQuery), Args: []any{ws, key}}, &n)
				if err == sql.ErrNoRows {
					return false, nil
				}
				if err != nil {
					return false, fmt.Errorf("unable to read sprint key %s: %w", key, err)
				}
				return true, nil
			}
			known := append([]string{}, state.Contact.URNs...) // fn may change the state's
			w, err := fn(ctx, state)
			if err != nil || w == nil {
				return nil, nil, err
			}
			stmts, guards := s.sprintStatements(ws, w, known, time.Now())
			for i, st := range stmts {
				s.count(st.Args)
				stmts[i].Query = s.q(st.Query)
			}
			return stmts, guards, nil
		},
	}
	trips, committed, err := s.d.Pipeline(ctx, s.db, p)
	s.roundTrips.Add(int64(trips))
	if committed {
		s.transactions.Add(1) // before its commit (see Stats)
		s.commits.Add(1)
	}
	return err
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
	st, err := scanSprintState(rows, contactUUID)
	if err != nil {
		return nil, err
	}
	st.Seen = func(key string) (bool, error) { return s.seen(ctx, q, ws, key) }
	return st, nil
}

// scanSprintState reads the rows of sprintStateQuery.
func scanSprintState(rows Rows, contactUUID string) (*store.SprintState, error) {
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
	return &store.SprintState{Contact: c, Waiting: waiting}, nil
}

// writeSprint runs a sprint's statements one after the other in the transaction.
func (s *Store) writeSprint(ctx context.Context, tx *sql.Tx, ws int64, w *store.SprintWrite, knownURNs []string) error {
	stmts, guards := s.sprintStatements(ws, w, knownURNs, time.Now())
	for i, st := range stmts {
		res, err := s.exec(ctx, tx, st.Query, st.Args...)
		if err != nil {
			return fmt.Errorf("unable to save %s: %w", st.What, err)
		}
		if gerr := guards[i]; gerr != nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return gerr
			}
		}
	}
	return nil
}

// sprintStatements lists the statements that write a sprint, none of which depends on the
// result of another, so that they may all be sent at once. guards maps the index of each
// statement that must change a row to the sprint's error when it changes none: the sprint's
// keys first (one stored already: ErrDuplicate, before anything else is written), then the
// contact's update (the contact is gone: ErrNotFound). URNs the contact gained that another
// contact owns are left to their owner.
func (s *Store) sprintStatements(ws int64, w *store.SprintWrite, knownURNs []string, now time.Time) (stmts []Statement, guards map[int]error) {
	guards = map[int]error{}
	keysOn := now
	if !w.KeysOn.IsZero() {
		keysOn = w.KeysOn
	}
	for _, k := range w.Keys {
		guards[len(stmts)] = fmt.Errorf("sprint key %s: %w", k, store.ErrDuplicate)
		stmts = append(stmts, Statement{What: "sprint key " + k, Query: `INSERT INTO sprint_keys (workspace_id, once_key, created_on) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
			Args: []any{ws, k, micros(keysOn)}})
	}
	if c := w.Contact; c != nil {
		guards[len(stmts)] = fmt.Errorf("contact: %w", store.ErrNotFound)
		stmts = append(stmts, Statement{What: "contact", Query: `UPDATE contacts SET data = ?, modified_on = ? WHERE workspace_id = ? AND uuid = ?`,
			Args: []any{string(c.Data), micros(c.ModifiedOn), ws, c.UUID}})
		if !equalStrings(knownURNs, c.URNs) {
			stmts = append(stmts, Statement{What: "urns", Query: `DELETE FROM contact_urns WHERE workspace_id = ? AND contact_uuid = ?`, Args: []any{ws, c.UUID}})
			for _, u := range c.URNs {
				stmts = append(stmts, Statement{What: "urns", Query: `INSERT INTO contact_urns (workspace_id, urn, contact_uuid) VALUES (?, ?, ?) ON CONFLICT (workspace_id, urn) DO NOTHING`,
					Args: []any{ws, u, c.UUID}})
			}
		}
	}
	for _, ss := range w.Sessions {
		stmts = append(stmts, Statement{What: "session", Query: `INSERT INTO sessions (workspace_id, uuid, contact_uuid, status, flow_uuid, data, timeout_on, expires_on, due_on, created_on, modified_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, uuid) DO UPDATE SET status = excluded.status, flow_uuid = excluded.flow_uuid, data = excluded.data,
			timeout_on = excluded.timeout_on, expires_on = excluded.expires_on, due_on = excluded.due_on, modified_on = excluded.modified_on`,
			Args: []any{ws, ss.UUID, ss.ContactUUID, ss.Status, ss.FlowUUID, string(ss.Data), nullMicros(ss.TimeoutOn), nullMicros(ss.ExpiresOn),
				nullMicros(dueOn(ss)), micros(ss.CreatedOn), micros(ss.ModifiedOn)}})
	}
	for _, r := range w.Runs {
		stmts = append(stmts, Statement{What: "run", Query: `INSERT INTO runs (workspace_id, uuid, session_uuid, contact_uuid, flow_uuid, status, results, created_on, modified_on, exited_on)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (workspace_id, uuid) DO UPDATE SET status = excluded.status, results = excluded.results,
			modified_on = excluded.modified_on, exited_on = excluded.exited_on`,
			Args: []any{ws, r.UUID, r.SessionUUID, r.ContactUUID, r.FlowUUID, r.Status, string(r.Results), micros(r.CreatedOn), micros(r.ModifiedOn), nullMicros(r.ExitedOn)}})
	}
	stmts = append(stmts, eventStatements(ws, w.Events)...)
	stmts = append(stmts, deliveryStatements(w.Deliveries)...)
	for _, r := range w.Records {
		stmts = append(stmts, Statement{What: "sprint record", Query: `INSERT INTO sprint_records (workspace_id, session_uuid, sprint_uuid, kind, actions, created_on) VALUES (?, ?, ?, ?, ?, ?)`,
			Args: []any{ws, r.SessionUUID, r.SprintUUID, r.Kind, string(r.Actions), micros(r.CreatedOn)}})
	}
	return stmts, guards
}

// eventStatements appends events in batches of one statement each.
func eventStatements(ws int64, evs []*store.Event) []Statement {
	const batch = 50
	var out []Statement
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
		out = append(out, Statement{What: "events", Query: b.String(), Args: args})
		evs = evs[n:]
	}
	return out
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
