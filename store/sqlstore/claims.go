package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rivuletflows/rivulet/store"
)

// Work that many workers poll for (due waits, flow starts) is claimed by a lease: a worker
// reads candidates, then moves each one's lease time forward with an UPDATE that only
// matches if the row still holds the value read. Of two workers racing for a row, the
// second's UPDATE waits for the first's row lock, re-reads the row, no longer matches and
// claims nothing. A worker that dies keeps nothing: its lease runs out and the row is due
// again. The same statement works on SQLite and PostgreSQL.

// ClaimDueWaits lists waiting sessions due at or before now and leases each to the caller
// until leaseUntil by moving its due_on there; the sprint that fires the wait rewrites
// due_on from the session's timeout and expiration, which the lease leaves alone.
func (s *Store) ClaimDueWaits(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*store.DueWait, error) {
	var out []*store.DueWait
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := s.query(ctx, tx, `SELECT workspace_id, uuid, contact_uuid, timeout_on, expires_on, due_on FROM sessions
			WHERE status = 'waiting' AND due_on IS NOT NULL AND due_on <= ? ORDER BY due_on LIMIT ?`, micros(now), limit)
		if err != nil {
			return fmt.Errorf("unable to list due waits: %w", err)
		}
		var due []*store.DueWait
		var dueOns []int64
		for rows.Next() {
			d := &store.DueWait{}
			var timeout, expires sql.NullInt64
			var dueOn int64
			if err := rows.Scan(&d.WorkspaceID, &d.SessionUUID, &d.ContactUUID, &timeout, &expires, &dueOn); err != nil {
				rows.Close()
				return fmt.Errorf("unable to list due waits: %w", err)
			}
			d.TimeoutOn, d.ExpiresOn = fromNullMicros(timeout), fromNullMicros(expires)
			due = append(due, d)
			dueOns = append(dueOns, dueOn)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("unable to list due waits: %w", err)
		}
		for i, d := range due {
			res, err := s.exec(ctx, tx, `UPDATE sessions SET due_on = ? WHERE workspace_id = ? AND uuid = ? AND status = 'waiting' AND due_on = ?`,
				micros(leaseUntil), d.WorkspaceID, d.SessionUUID, dueOns[i])
			if err != nil {
				return fmt.Errorf("unable to claim due wait of session %s: %w", d.SessionUUID, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				out = append(out, d)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ClaimFlowStarts leases the pending flow starts whose lease ended.
func (s *Store) ClaimFlowStarts(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*store.FlowStartClaim, error) {
	var out []*store.FlowStartClaim
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := s.query(ctx, tx, `SELECT workspace_id, lease_until, `+flowStartCols+` FROM flow_starts
			WHERE status = 'pending' AND (lease_until IS NULL OR lease_until <= ?) ORDER BY created_on LIMIT ?`, micros(now), limit)
		if err != nil {
			return fmt.Errorf("unable to list flow starts to claim: %w", err)
		}
		var cands []*store.FlowStartClaim
		var leases []sql.NullInt64
		for rows.Next() {
			c := &store.FlowStartClaim{}
			var lease sql.NullInt64
			fs, err := scanFlowStart(rows, &c.WorkspaceID, &lease)
			if err != nil {
				rows.Close()
				return fmt.Errorf("unable to list flow starts to claim: %w", err)
			}
			c.Start = fs
			cands = append(cands, c)
			leases = append(leases, lease)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("unable to list flow starts to claim: %w", err)
		}
		for i, c := range cands {
			query := `UPDATE flow_starts SET lease_until = ? WHERE workspace_id = ? AND uuid = ? AND status = 'pending' AND lease_until = ?`
			args := []any{micros(leaseUntil), c.WorkspaceID, c.Start.UUID, leases[i].Int64}
			if !leases[i].Valid {
				query = `UPDATE flow_starts SET lease_until = ? WHERE workspace_id = ? AND uuid = ? AND status = 'pending' AND lease_until IS NULL`
				args = args[:3]
			}
			res, err := s.exec(ctx, tx, query, args...)
			if err != nil {
				return fmt.Errorf("unable to claim flow start %s: %w", c.Start.UUID, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				lu := leaseUntil.UTC().Truncate(time.Microsecond)
				c.Start.LeaseUntil = &lu
				out = append(out, c)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

const flowStartCols = `uuid, flow_uuid, status, request, total, started, skipped, failed, created_on, modified_on, lease_until`

// scanFlowStart reads flowStartCols after the destinations given first.
func scanFlowStart(sc interface{ Scan(...any) error }, first ...any) (*store.FlowStart, error) {
	fs := &store.FlowStart{}
	var req string
	var created, modified int64
	var lease sql.NullInt64
	dest := append(first, &fs.UUID, &fs.FlowUUID, &fs.Status, &req, &fs.Total, &fs.Started, &fs.Skipped, &fs.Failed, &created, &modified, &lease)
	if err := sc.Scan(dest...); err != nil {
		return nil, err
	}
	fs.Request, fs.CreatedOn, fs.ModifiedOn, fs.LeaseUntil = json.RawMessage(req), fromMicros(created), fromMicros(modified), fromNullMicros(lease)
	return fs, nil
}

// seen reports whether a sprint key is stored.
// seenQuery finds a stored sprint key.
const seenQuery = `SELECT 1 FROM sprint_keys WHERE workspace_id = ? AND once_key = ?`

func (s *Store) seen(ctx context.Context, q queryer, ws int64, key string) (bool, error) {
	var n int
	err := s.queryRow(ctx, q, seenQuery, ws, key).Scan(&n)
	if err == sql.ErrNoRows {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("unable to read sprint key %s: %w", key, err)
	}
	return true, nil
}

// PruneSprintKeys deletes up to limit sprint keys older than before, the oldest first
// (through the sprint_keys_created index).
func (s *Store) PruneSprintKeys(ctx context.Context, before time.Time, limit int) (int, error) {
	if limit <= 0 {
		return 0, fmt.Errorf("the number of sprint keys to prune must be above zero, not %d", limit)
	}
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `DELETE FROM sprint_keys WHERE (workspace_id, once_key) IN
			(SELECT workspace_id, once_key FROM sprint_keys WHERE created_on < ? ORDER BY created_on LIMIT ?)`, micros(before), limit)
		if err != nil {
			return fmt.Errorf("unable to prune sprint keys: %w", err)
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// StartFlowStartBatches saves the start as started and adds its batches.
func (s *Store) StartFlowStartBatches(ctx context.Context, ws int64, fs *store.FlowStart, batches [][]string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `UPDATE flow_starts SET status = 'started', total = ?, started = 0, skipped = 0, failed = 0, lease_until = NULL, modified_on = ? WHERE workspace_id = ? AND uuid = ? AND status = 'pending'`,
			fs.Total, micros(fs.ModifiedOn), ws, fs.UUID)
		if err != nil {
			return fmt.Errorf("unable to start flow start %s: %w", fs.UUID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("pending flow start %s: %w", fs.UUID, store.ErrNotFound)
		}
		for i, b := range batches {
			contacts, _ := json.Marshal(b)
			if _, err := s.exec(ctx, tx, `INSERT INTO flow_start_batches (workspace_id, start_uuid, idx, contacts, status) VALUES (?, ?, ?, ?, 'pending')`,
				ws, fs.UUID, i, string(contacts)); err != nil {
				return fmt.Errorf("unable to save batch %d of flow start %s: %w", i, fs.UUID, err)
			}
		}
		if len(batches) == 0 {
			if _, err := s.exec(ctx, tx, `UPDATE flow_starts SET status = 'completed' WHERE workspace_id = ? AND uuid = ?`, ws, fs.UUID); err != nil {
				return fmt.Errorf("unable to complete flow start %s: %w", fs.UUID, err)
			}
		}
		return nil
	})
}

// ClaimFlowStartBatches leases pending batches nobody holds.
func (s *Store) ClaimFlowStartBatches(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*store.FlowStartBatch, error) {
	var out []*store.FlowStartBatch
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := s.query(ctx, tx, `SELECT b.workspace_id, b.start_uuid, b.idx, b.contacts, b.lease_until FROM flow_start_batches b
			JOIN flow_starts f ON f.workspace_id = b.workspace_id AND f.uuid = b.start_uuid
			WHERE b.status = 'pending' AND (b.lease_until IS NULL OR b.lease_until <= ?) ORDER BY f.created_on, b.idx LIMIT ?`, micros(now), limit)
		if err != nil {
			return fmt.Errorf("unable to list flow start batches: %w", err)
		}
		var cands []*store.FlowStartBatch
		var leases []sql.NullInt64
		for rows.Next() {
			b := &store.FlowStartBatch{}
			var contacts string
			var lease sql.NullInt64
			if err := rows.Scan(&b.WorkspaceID, &b.StartUUID, &b.Index, &contacts, &lease); err != nil {
				rows.Close()
				return fmt.Errorf("unable to list flow start batches: %w", err)
			}
			if err := json.Unmarshal([]byte(contacts), &b.Contacts); err != nil {
				rows.Close()
				return fmt.Errorf("batch %d of flow start %s doesn't read: %w", b.Index, b.StartUUID, err)
			}
			cands = append(cands, b)
			leases = append(leases, lease)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("unable to list flow start batches: %w", err)
		}
		for i, b := range cands {
			query := `UPDATE flow_start_batches SET lease_until = ? WHERE workspace_id = ? AND start_uuid = ? AND idx = ? AND status = 'pending' AND lease_until = ?`
			args := []any{micros(leaseUntil), b.WorkspaceID, b.StartUUID, b.Index, leases[i].Int64}
			if !leases[i].Valid {
				query = `UPDATE flow_start_batches SET lease_until = ? WHERE workspace_id = ? AND start_uuid = ? AND idx = ? AND status = 'pending' AND lease_until IS NULL`
				args = args[:4]
			}
			res, err := s.exec(ctx, tx, query, args...)
			if err != nil {
				return fmt.Errorf("unable to claim batch %d of flow start %s: %w", b.Index, b.StartUUID, err)
			}
			if n, _ := res.RowsAffected(); n == 1 {
				lu := leaseUntil.UTC().Truncate(time.Microsecond)
				b.LeaseUntil = &lu
				out = append(out, b)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// FinishFlowStartBatch marks the batch done, counts it, and completes the start after its
// last batch.
func (s *Store) FinishFlowStartBatch(ctx context.Context, b *store.FlowStartBatch, started, skipped, failed int, now time.Time) (bool, bool, error) {
	var done, completed bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		done, completed = false, false
		res, err := s.exec(ctx, tx, `UPDATE flow_start_batches SET status = 'done', lease_until = NULL WHERE workspace_id = ? AND start_uuid = ? AND idx = ? AND status = 'pending'`,
			b.WorkspaceID, b.StartUUID, b.Index)
		if err != nil {
			return fmt.Errorf("unable to finish batch %d of flow start %s: %w", b.Index, b.StartUUID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another worker finished it
		}
		done = true
		if _, err := s.exec(ctx, tx, `UPDATE flow_starts SET started = started + ?, skipped = skipped + ?, failed = failed + ?, modified_on = ? WHERE workspace_id = ? AND uuid = ?`,
			started, skipped, failed, micros(now), b.WorkspaceID, b.StartUUID); err != nil {
			return fmt.Errorf("unable to count batch %d of flow start %s: %w", b.Index, b.StartUUID, err)
		}
		var pending int
		if err := s.queryRow(ctx, tx, `SELECT COUNT(*) FROM flow_start_batches WHERE workspace_id = ? AND start_uuid = ? AND status = 'pending'`,
			b.WorkspaceID, b.StartUUID).Scan(&pending); err != nil {
			return fmt.Errorf("unable to count batches of flow start %s: %w", b.StartUUID, err)
		}
		if pending > 0 {
			return nil
		}
		completed = true
		if _, err := s.exec(ctx, tx, `UPDATE flow_starts SET status = 'completed' WHERE workspace_id = ? AND uuid = ?`, b.WorkspaceID, b.StartUUID); err != nil {
			return fmt.Errorf("unable to complete flow start %s: %w", b.StartUUID, err)
		}
		return nil
	})
	return done, completed, err
}

// ReleaseFlowStartBatch lets a batch go.
func (s *Store) ReleaseFlowStartBatch(ctx context.Context, b *store.FlowStartBatch, now time.Time) error {
	if _, err := s.exec(ctx, s.db, `UPDATE flow_start_batches SET lease_until = ? WHERE workspace_id = ? AND start_uuid = ? AND idx = ? AND status = 'pending'`,
		micros(now), b.WorkspaceID, b.StartUUID, b.Index); err != nil {
		return fmt.Errorf("unable to release batch %d of flow start %s: %w", b.Index, b.StartUUID, err)
	}
	return nil
}
