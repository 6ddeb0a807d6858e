package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/rivuletflows/rivulet/store"
)

// CreateContact stores a new contact and claims its URNs.
func (s *Store) CreateContact(ctx context.Context, ws int64, c *store.Contact) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := s.exec(ctx, tx, `INSERT INTO contacts (workspace_id, uuid, data, created_on, modified_on) VALUES (?, ?, ?, ?, ?)`,
			ws, c.UUID, string(c.Data), micros(c.CreatedOn), micros(c.ModifiedOn)); err != nil {
			if s.d.IsUnique(err) {
				return fmt.Errorf("contact %s: %w", c.UUID, store.ErrConflict)
			}
			return fmt.Errorf("unable to insert contact: %w", err)
		}
		for _, u := range c.URNs {
			if _, err := s.exec(ctx, tx, `INSERT INTO contact_urns (workspace_id, urn, contact_uuid) VALUES (?, ?, ?)`, ws, u, c.UUID); err != nil {
				if s.d.IsUnique(err) {
					return fmt.Errorf("urn '%s' belongs to another contact: %w", u, store.ErrConflict)
				}
				return fmt.Errorf("unable to insert urn: %w", err)
			}
		}
		return nil
	})
}

// UpdateContact rewrites a contact; a URN taken by another contact is an ErrConflict.
func (s *Store) UpdateContact(ctx context.Context, ws int64, c *store.Contact) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.writeContact(ctx, tx, ws, c, nil, true); err != nil {
			return err
		}
		return nil
	})
}

// writeContact updates a contact row and replaces its URNs when they changed (known, when
// not nil, are the URNs the contact has in the database). strict refuses URNs owned by
// another contact; otherwise they are left to their owner.
func (s *Store) writeContact(ctx context.Context, tx *sql.Tx, ws int64, c *store.Contact, known []string, strict bool) error {
	res, err := s.exec(ctx, tx, `UPDATE contacts SET data = ?, modified_on = ? WHERE workspace_id = ? AND uuid = ?`,
		string(c.Data), micros(c.ModifiedOn), ws, c.UUID)
	if err != nil {
		return fmt.Errorf("unable to update contact: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("contact: %w", store.ErrNotFound)
	}
	current := known
	if current == nil {
		var err error
		if current, err = s.contactURNs(ctx, tx, ws, c.UUID); err != nil {
			return err
		}
	}
	if equalStrings(current, c.URNs) {
		return nil
	}
	if _, err := s.exec(ctx, tx, `DELETE FROM contact_urns WHERE workspace_id = ? AND contact_uuid = ?`, ws, c.UUID); err != nil {
		return fmt.Errorf("unable to update urns: %w", err)
	}
	for _, u := range c.URNs {
		var owner string
		err := s.queryRow(ctx, tx, `SELECT contact_uuid FROM contact_urns WHERE workspace_id = ? AND urn = ?`, ws, u).Scan(&owner)
		if err == nil {
			if strict {
				return fmt.Errorf("urn '%s' belongs to another contact: %w", u, store.ErrConflict)
			}
			continue
		}
		if err != sql.ErrNoRows {
			return fmt.Errorf("unable to update urns: %w", err)
		}
		if _, err := s.exec(ctx, tx, `INSERT INTO contact_urns (workspace_id, urn, contact_uuid) VALUES (?, ?, ?)`, ws, u, c.UUID); err != nil {
			return fmt.Errorf("unable to update urns: %w", err)
		}
	}
	return nil
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	seen := map[string]bool{}
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			return false
		}
	}
	return true
}

// contactURNs reads a contact's URNs, sorted. The sort is done here: asked to ORDER BY urn,
// SQLite walks the workspace's whole (workspace_id, urn) key to skip sorting two rows, which
// made every sprint read every URN of the workspace.
func (s *Store) contactURNs(ctx context.Context, q queryer, ws int64, contact string) ([]string, error) {
	rows, err := s.query(ctx, q, `SELECT urn FROM contact_urns WHERE workspace_id = ? AND contact_uuid = ?`, ws, contact)
	if err != nil {
		return nil, fmt.Errorf("unable to read urns: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, fmt.Errorf("unable to read urns: %w", err)
		}
		out = append(out, u)
	}
	sort.Strings(out)
	return out, rows.Err()
}

// DeleteContact removes a contact, its URNs, sessions and runs.
func (s *Store) DeleteContact(ctx context.Context, ws int64, u string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		res, err := s.exec(ctx, tx, `DELETE FROM contacts WHERE workspace_id = ? AND uuid = ?`, ws, u)
		if err != nil {
			return fmt.Errorf("unable to delete contact: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("contact: %w", store.ErrNotFound)
		}
		for _, table := range []string{"contact_urns", "sessions", "runs"} {
			if _, err := s.exec(ctx, tx, `DELETE FROM `+table+` WHERE workspace_id = ? AND contact_uuid = ?`, ws, u); err != nil {
				return fmt.Errorf("unable to delete contact's %s: %w", table, err)
			}
		}
		return nil
	})
}

func (s *Store) readContact(ctx context.Context, q queryer, ws int64, u string) (*store.Contact, error) {
	c := &store.Contact{UUID: u}
	var data string
	var created, modified int64
	err := s.queryRow(ctx, q, `SELECT data, created_on, modified_on FROM contacts WHERE workspace_id = ? AND uuid = ?`, ws, u).Scan(&data, &created, &modified)
	if err != nil {
		return nil, notFound(err, "contact")
	}
	c.Data, c.CreatedOn, c.ModifiedOn = json.RawMessage(data), fromMicros(created), fromMicros(modified)
	if c.URNs, err = s.contactURNs(ctx, q, ws, u); err != nil {
		return nil, err
	}
	return c, nil
}

// Contact reads a contact.
func (s *Store) Contact(ctx context.Context, ws int64, u string) (*store.Contact, error) {
	return s.readContact(ctx, s.db, ws, u)
}

// ContactByURN finds a URN's contact.
func (s *Store) ContactByURN(ctx context.Context, ws int64, urn string) (*store.Contact, error) {
	u, err := s.ContactUUIDByURN(ctx, ws, urn)
	if err != nil {
		return nil, err
	}
	return s.readContact(ctx, s.db, ws, u)
}

// ContactUUIDByURN finds a URN's contact's UUID.
func (s *Store) ContactUUIDByURN(ctx context.Context, ws int64, urn string) (string, error) {
	var u string
	if err := s.queryRow(ctx, s.db, `SELECT contact_uuid FROM contact_urns WHERE workspace_id = ? AND urn = ?`, ws, urn).Scan(&u); err != nil {
		return "", notFound(err, "contact")
	}
	return u, nil
}

// Contacts lists contacts by UUID.
func (s *Store) Contacts(ctx context.Context, ws int64, after string, limit int) ([]*store.Contact, error) {
	rows, err := s.query(ctx, s.db, `SELECT uuid FROM contacts WHERE workspace_id = ? AND uuid > ? ORDER BY uuid LIMIT ?`, ws, after, limit)
	if err != nil {
		return nil, fmt.Errorf("unable to list contacts: %w", err)
	}
	var ids []string
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			rows.Close()
			return nil, fmt.Errorf("unable to list contacts: %w", err)
		}
		ids = append(ids, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*store.Contact, 0, len(ids))
	for _, u := range ids {
		c, err := s.readContact(ctx, s.db, ws, u)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
