package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/store"
)

// CreateTrigger stores a trigger.
func (s *Store) CreateTrigger(ctx context.Context, ws int64, t *store.Trigger) error {
	if _, err := s.exec(ctx, s.db, `INSERT INTO triggers (workspace_id, uuid, data, created_on, modified_on) VALUES (?, ?, ?, ?, ?)`,
		ws, t.UUID, string(t.Data), micros(t.CreatedOn), micros(t.ModifiedOn)); err != nil {
		if s.d.IsUnique(err) {
			return fmt.Errorf("trigger %s: %w", t.UUID, store.ErrConflict)
		}
		return fmt.Errorf("unable to insert trigger: %w", err)
	}
	return nil
}

func scanTrigger(sc interface{ Scan(...any) error }) (*store.Trigger, error) {
	t := &store.Trigger{}
	var data string
	var created, modified int64
	if err := sc.Scan(&t.UUID, &data, &created, &modified); err != nil {
		return nil, err
	}
	t.Data, t.CreatedOn, t.ModifiedOn = json.RawMessage(data), fromMicros(created), fromMicros(modified)
	return t, nil
}

// Trigger reads a trigger.
func (s *Store) Trigger(ctx context.Context, ws int64, u string) (*store.Trigger, error) {
	t, err := scanTrigger(s.queryRow(ctx, s.db, `SELECT uuid, data, created_on, modified_on FROM triggers WHERE workspace_id = ? AND uuid = ?`, ws, u))
	if err != nil {
		return nil, notFound(err, "trigger")
	}
	return t, nil
}

// Triggers lists triggers, oldest first.
func (s *Store) Triggers(ctx context.Context, ws int64) ([]*store.Trigger, error) {
	rows, err := s.query(ctx, s.db, `SELECT uuid, data, created_on, modified_on FROM triggers WHERE workspace_id = ? ORDER BY created_on, uuid`, ws)
	if err != nil {
		return nil, fmt.Errorf("unable to list triggers: %w", err)
	}
	defer rows.Close()
	var out []*store.Trigger
	for rows.Next() {
		t, err := scanTrigger(rows)
		if err != nil {
			return nil, fmt.Errorf("unable to list triggers: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// UpdateTrigger rewrites a trigger.
func (s *Store) UpdateTrigger(ctx context.Context, ws int64, t *store.Trigger) error {
	res, err := s.exec(ctx, s.db, `UPDATE triggers SET data = ?, modified_on = ? WHERE workspace_id = ? AND uuid = ?`, string(t.Data), micros(t.ModifiedOn), ws, t.UUID)
	if err != nil {
		return fmt.Errorf("unable to update trigger: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("trigger: %w", store.ErrNotFound)
	}
	return nil
}

// DeleteTrigger removes a trigger.
func (s *Store) DeleteTrigger(ctx context.Context, ws int64, u string) error {
	res, err := s.exec(ctx, s.db, `DELETE FROM triggers WHERE workspace_id = ? AND uuid = ?`, ws, u)
	if err != nil {
		return fmt.Errorf("unable to delete trigger: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("trigger: %w", store.ErrNotFound)
	}
	return nil
}

// CreateFlowStart stores a flow start.
func (s *Store) CreateFlowStart(ctx context.Context, ws int64, fs *store.FlowStart) error {
	if _, err := s.exec(ctx, s.db, `INSERT INTO flow_starts (workspace_id, uuid, flow_uuid, status, request, total, started, skipped, failed, created_on, modified_on, lease_until)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		ws, fs.UUID, fs.FlowUUID, fs.Status, string(fs.Request), fs.Total, fs.Started, fs.Skipped, fs.Failed, micros(fs.CreatedOn), micros(fs.ModifiedOn), nullMicros(fs.LeaseUntil)); err != nil {
		return fmt.Errorf("unable to insert flow start: %w", err)
	}
	return nil
}

// FlowStart reads a flow start.
func (s *Store) FlowStart(ctx context.Context, ws int64, u string) (*store.FlowStart, error) {
	fs, err := scanFlowStart(s.queryRow(ctx, s.db, `SELECT `+flowStartCols+` FROM flow_starts WHERE workspace_id = ? AND uuid = ?`, ws, u))
	if err != nil {
		return nil, notFound(err, "flow start")
	}
	return fs, nil
}

// UpdateFlowStart saves a flow start's status, progress and lease.
func (s *Store) UpdateFlowStart(ctx context.Context, ws int64, fs *store.FlowStart) error {
	res, err := s.exec(ctx, s.db, `UPDATE flow_starts SET status = ?, total = ?, started = ?, skipped = ?, failed = ?, modified_on = ?, lease_until = ? WHERE workspace_id = ? AND uuid = ?`,
		fs.Status, fs.Total, fs.Started, fs.Skipped, fs.Failed, micros(fs.ModifiedOn), nullMicros(fs.LeaseUntil), ws, fs.UUID)
	if err != nil {
		return fmt.Errorf("unable to update flow start: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("flow start: %w", store.ErrNotFound)
	}
	return nil
}
