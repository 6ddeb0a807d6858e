package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/rivuletflows/rivulet/store"
)

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
