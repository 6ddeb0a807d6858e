package sqlstore

import (
	"context"
	"fmt"
	"time"

	"github.com/rivuletflows/rivulet/store"
)

// SetInboundSecret adds or replaces a source's secret.
func (s *Store) SetInboundSecret(ctx context.Context, ws int64, source, secret string, now time.Time) error {
	if _, err := s.db.ExecContext(ctx, s.q(`INSERT INTO inbound_sources (workspace_id, name, secret, created_on) VALUES (?, ?, ?, ?)
		ON CONFLICT (workspace_id, name) DO UPDATE SET secret = excluded.secret`), ws, source, secret, micros(now)); err != nil {
		return fmt.Errorf("unable to save secret of source %s: %w", source, err)
	}
	return nil
}

// InboundSecret reads a source's secret.
func (s *Store) InboundSecret(ctx context.Context, ws int64, source string) (string, error) {
	var secret string
	if err := s.db.QueryRowContext(ctx, s.q(`SELECT secret FROM inbound_sources WHERE workspace_id = ? AND name = ?`), ws, source).Scan(&secret); err != nil {
		return "", notFound(err, "inbound source")
	}
	return secret, nil
}

// DeleteInboundSecret removes a source's secret.
func (s *Store) DeleteInboundSecret(ctx context.Context, ws int64, source string) error {
	res, err := s.db.ExecContext(ctx, s.q(`DELETE FROM inbound_sources WHERE workspace_id = ? AND name = ?`), ws, source)
	if err != nil {
		return fmt.Errorf("unable to delete secret of source %s: %w", source, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("inbound source: %w", store.ErrNotFound)
	}
	return nil
}

// WorkspaceByUUID reads a workspace by UUID.
func (s *Store) WorkspaceByUUID(ctx context.Context, u string) (*store.Workspace, error) {
	w, err := scanWorkspace(s.db.QueryRowContext(ctx, s.q(`SELECT `+workspaceCols+` FROM workspaces w WHERE w.uuid = ?`), u))
	if err != nil {
		return nil, notFound(err, "workspace")
	}
	return w, nil
}
