package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/store"
)

func (s *Store) insertRecords(ctx context.Context, q queryer, ws int64, recs []*store.SprintRecord) error {
	for _, r := range recs {
		if _, err := s.exec(ctx, q, `INSERT INTO sprint_records (workspace_id, session_uuid, sprint_uuid, kind, actions, created_on) VALUES (?, ?, ?, ?, ?, ?)`,
			ws, r.SessionUUID, r.SprintUUID, r.Kind, string(r.Actions), micros(r.CreatedOn)); err != nil {
			return fmt.Errorf("unable to save sprint record: %w", err)
		}
	}
	return nil
}

// SprintRecords lists a session's sprint records.
func (s *Store) SprintRecords(ctx context.Context, ws int64, session string, after int64, limit int) ([]*store.SprintRecord, error) {
	rows, err := s.db.QueryContext(ctx, s.q(`SELECT id, session_uuid, sprint_uuid, kind, actions, created_on FROM sprint_records
		WHERE workspace_id = ? AND session_uuid = ? AND id > ? ORDER BY id LIMIT ?`), ws, session, after, limit)
	if err != nil {
		return nil, fmt.Errorf("unable to list sprint records: %w", err)
	}
	defer rows.Close()
	var out []*store.SprintRecord
	for rows.Next() {
		r := &store.SprintRecord{}
		var actions string
		var created int64
		if err := rows.Scan(&r.ID, &r.SessionUUID, &r.SprintUUID, &r.Kind, &actions, &created); err != nil {
			return nil, fmt.Errorf("unable to list sprint records: %w", err)
		}
		r.Actions, r.CreatedOn = json.RawMessage(actions), fromMicros(created)
		out = append(out, r)
	}
	return out, rows.Err()
}
