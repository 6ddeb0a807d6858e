package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/store"
)

// CreateSink stores a sink.
func (s *Store) CreateSink(ctx context.Context, ws int64, k *store.Sink) error {
	if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO sinks (workspace_id, uuid, data, created_on, modified_on) VALUES (?, ?, ?, ?, ?)`),
		ws, k.UUID, string(k.Data), micros(k.CreatedOn), micros(k.ModifiedOn)); err != nil {
		if s.d.IsUnique(err) {
			return fmt.Errorf("sink %s: %w", k.UUID, store.ErrConflict)
		}
		return fmt.Errorf("unable to insert sink: %w", err)
	}
	return nil
}

func scanSink(sc interface{ Scan(...any) error }) (*store.Sink, error) {
	k := &store.Sink{}
	var data string
	var created, modified int64
	if err := sc.Scan(&k.UUID, &data, &created, &modified); err != nil {
		return nil, err
	}
	k.Data, k.CreatedOn, k.ModifiedOn = json.RawMessage(data), fromMicros(created), fromMicros(modified)
	return k, nil
}

// Sink reads a sink.
func (s *Store) Sink(ctx context.Context, ws int64, u string) (*store.Sink, error) {
	k, err := scanSink(s.db.QueryRowContext(ctx, s.q(`SELECT uuid, data, created_on, modified_on FROM sinks WHERE workspace_id = ? AND uuid = ?`), ws, u))
	if err != nil {
		return nil, notFound(err, "sink")
	}
	return k, nil
}

// Sinks lists sinks, oldest first.
func (s *Store) Sinks(ctx context.Context, ws int64) ([]*store.Sink, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT uuid, data, created_on, modified_on FROM sinks WHERE workspace_id = ? ORDER BY created_on, uuid`), ws)
	if err != nil {
		return nil, fmt.Errorf("unable to list sinks: %w", err)
	}
	defer rows.Close()
	var out []*store.Sink
	for rows.Next() {
		k, err := scanSink(rows)
		if err != nil {
			return nil, fmt.Errorf("unable to list sinks: %w", err)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// UpdateSink rewrites a sink.
func (s *Store) UpdateSink(ctx context.Context, ws int64, k *store.Sink) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE sinks SET data = ?, modified_on = ? WHERE workspace_id = ? AND uuid = ?`),
		string(k.Data), micros(k.ModifiedOn), ws, k.UUID)
	if err != nil {
		return fmt.Errorf("unable to update sink: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("sink: %w", store.ErrNotFound)
	}
	return nil
}

// DeleteSink removes a sink with its deliveries.
func (s *Store) DeleteSink(ctx context.Context, ws int64, u string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(`DELETE FROM sinks WHERE workspace_id = ? AND uuid = ?`), ws, u)
		if err != nil {
			return fmt.Errorf("unable to delete sink: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("sink: %w", store.ErrNotFound)
		}
		if _, err := tx.ExecContext(ctx, s.q(`DELETE FROM deliveries WHERE workspace_id = ? AND sink_uuid = ?`), ws, u); err != nil {
			return fmt.Errorf("unable to delete deliveries of sink: %w", err)
		}
		return nil
	})
}

// insertDeliveries writes outbox entries in batches of one statement each.
func (s *Store) insertDeliveries(ctx context.Context, q queryer, ds []*store.Delivery) error {
	for _, st := range deliveryStatements(ds) {
		if _, err := s.exec(ctx, q, st.Query, st.Args...); err != nil {
			return fmt.Errorf("unable to save deliveries: %w", err)
		}
	}
	return nil
}

// deliveryStatements inserts outbox entries in batches of one statement each.
func deliveryStatements(ds []*store.Delivery) []Statement {
	const batch = 50
	var out []Statement
	for len(ds) > 0 {
		n := min(len(ds), batch)
		var b strings.Builder
		b.WriteString(`INSERT INTO deliveries (workspace_id, sink_uuid, event_uuid, request, status, attempts, next_attempt_on, last_error, created_on) VALUES `)
		args := make([]any, 0, n*9)
		for i, d := range ds[:n] {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?)")
			status := d.Status
			if status == "" {
				status = store.DeliveryPending
			}
			args = append(args, d.WorkspaceID, d.SinkUUID, d.EventUUID, string(d.Request), status, d.Attempts, micros(d.NextAttempt), d.LastError, micros(d.CreatedOn))
		}
		out = append(out, Statement{What: "deliveries", Query: b.String(), Args: args})
		ds = ds[n:]
	}
	return out
}

// AddDeliveries writes outbox entries outside a sprint.
func (s *Store) AddDeliveries(ctx context.Context, ds []*store.Delivery) error {
	if len(ds) == 0 {
		return nil
	}
	return s.tx(ctx, func(tx *sql.Tx) error { return s.insertDeliveries(ctx, tx, ds) })
}

const deliveryCols = `id, workspace_id, sink_uuid, event_uuid, request, status, attempts, next_attempt_on, last_error, created_on, failed_on`

func scanDelivery(sc interface{ Scan(...any) error }) (*store.Delivery, error) {
	d := &store.Delivery{}
	var req string
	var next, created int64
	var failed sql.NullInt64
	if err := sc.Scan(&d.ID, &d.WorkspaceID, &d.SinkUUID, &d.EventUUID, &req, &d.Status, &d.Attempts, &next, &d.LastError, &created, &failed); err != nil {
		return nil, err
	}
	d.Request, d.NextAttempt, d.CreatedOn, d.FailedOn = json.RawMessage(req), fromMicros(next), fromMicros(created), fromNullMicros(failed)
	return d, nil
}

func (s *Store) listDeliveries(ctx context.Context, q queryer, query string, args ...any) ([]*store.Delivery, error) {
	rows, err := q.QueryContext(ctx, s.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("unable to list deliveries: %w", err)
	}
	defer rows.Close()
	var out []*store.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("unable to list deliveries: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ClaimDeliveries takes due pending deliveries, moving their next attempt to the lease's
// end. A delivery another worker claimed first (its next attempt moved) is left out.
func (s *Store) ClaimDeliveries(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*store.Delivery, error) {
	var out []*store.Delivery
	err := s.tx(ctx, func(tx *sql.Tx) error {
		due, err := s.listDeliveries(ctx, tx, `SELECT `+deliveryCols+` FROM deliveries WHERE status = 'pending' AND next_attempt_on <= ? ORDER BY next_attempt_on, id LIMIT ?`, micros(now), limit)
		if err != nil {
			return err
		}
		for _, d := range due {
			res, err := tx.ExecContext(ctx, s.q(`UPDATE deliveries SET next_attempt_on = ? WHERE id = ? AND status = 'pending' AND next_attempt_on = ?`),
				micros(leaseUntil), d.ID, micros(d.NextAttempt))
			if err != nil {
				return fmt.Errorf("unable to claim delivery %d: %w", d.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				d.NextAttempt = leaseUntil.UTC().Truncate(time.Microsecond)
				out = append(out, d)
			}
		}
		return nil
	})
	return out, err
}

// DeliveryDone removes a sent delivery.
func (s *Store) DeliveryDone(ctx context.Context, id int64) error {
	if _, err := s.db.ExecContext(ctx, s.q(`DELETE FROM deliveries WHERE id = ?`), id); err != nil {
		return fmt.Errorf("unable to remove delivery %d: %w", id, err)
	}
	return nil
}

// DeliveryRetry records a failed attempt.
func (s *Store) DeliveryRetry(ctx context.Context, id int64, attempts int, next time.Time, lastError string) error {
	if _, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET attempts = ?, next_attempt_on = ?, last_error = ? WHERE id = ? AND status = 'pending'`),
		attempts, micros(next), lastError, id); err != nil {
		return fmt.Errorf("unable to update delivery %d: %w", id, err)
	}
	return nil
}

// DeliveryDead makes a delivery a failure.
func (s *Store) DeliveryDead(ctx context.Context, id int64, attempts int, now time.Time, lastError string) error {
	if _, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET status = 'failed', attempts = ?, last_error = ?, failed_on = ? WHERE id = ? AND status = 'pending'`),
		attempts, lastError, micros(now), id); err != nil {
		return fmt.Errorf("unable to update delivery %d: %w", id, err)
	}
	return nil
}

// Failures lists a sink's failures.
func (s *Store) Failures(ctx context.Context, ws int64, sink string, after int64, limit int) ([]*store.Delivery, error) {
	return s.listDeliveries(ctx, s.db, `SELECT `+deliveryCols+` FROM deliveries WHERE workspace_id = ? AND sink_uuid = ? AND status = 'failed' AND id > ? ORDER BY id LIMIT ?`,
		ws, sink, after, limit)
}

// RetryFailure makes a failure pending again.
func (s *Store) RetryFailure(ctx context.Context, ws int64, sink string, id int64, now time.Time) error {
	res, err := s.db.ExecContext(ctx, s.q(`UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_on = ?, failed_on = NULL
		WHERE workspace_id = ? AND sink_uuid = ? AND id = ? AND status = 'failed'`), micros(now), ws, sink, id)
	if err != nil {
		return fmt.Errorf("unable to retry delivery %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("failure: %w", store.ErrNotFound)
	}
	return nil
}

// DiscardFailure removes a failure.
func (s *Store) DiscardFailure(ctx context.Context, ws int64, sink string, id int64) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM deliveries WHERE workspace_id = ? AND sink_uuid = ? AND id = ? AND status = 'failed'`), ws, sink, id)
	if err != nil {
		return fmt.Errorf("unable to discard delivery %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("failure: %w", store.ErrNotFound)
	}
	return nil
}

// CountPendingDeliveries counts pending deliveries.
func (s *Store) CountPendingDeliveries(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM deliveries WHERE status = 'pending'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("unable to count deliveries: %w", err)
	}
	return n, nil
}
