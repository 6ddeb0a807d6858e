package server

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/rivuletflows/rivulet/store"
)

// maxCachedURNs bounds the URN cache; when full it starts over, which costs each URN one
// lookup again.
const maxCachedURNs = 100_000

// urnCache remembers which contact owns a URN, so that a message goes straight to its
// sprint without a lookup first (one statement, and one round trip on PostgreSQL, fewer per
// message). An entry may be stale (the URN moved, the contact was deleted, another worker
// changed it): the sprint reads the contact's URNs under its lock anyway, and when the URN
// is no longer among them the server forgets the entry, looks the URN up and runs the
// sprint again, so a stale entry costs a retry and never sends a message to the wrong
// contact.
type urnCache struct {
	mu sync.Mutex
	m  map[urnKey]string
}

type urnKey struct {
	ws  int64
	urn string
}

func newURNCache() *urnCache { return &urnCache{m: map[urnKey]string{}} }

func (c *urnCache) get(ws int64, urn string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	u, ok := c.m[urnKey{ws, urn}]
	return u, ok
}

func (c *urnCache) put(ws int64, urn, contact string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedURNs {
		clear(c.m)
	}
	c.m[urnKey{ws, urn}] = contact
}

func (c *urnCache) forget(ws int64, urn string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, urnKey{ws, urn})
}

// errStaleURN fails a sprint started from a cached URN that its contact no longer has.
var errStaleURN = errors.New("the URN's cached contact no longer has it")

// sprintByURN runs a sprint for the contact owning the URN (created when there is none),
// trusting the URN cache and checking it under the contact's lock. It returns the contact
// the sprint ran for.
func (s *Server) sprintByURN(ctx context.Context, ws *store.Workspace, wa *workspaceAssets, urn, kind string, fn func(c *sprintCtx) error) (*SprintResult, string, error) {
	if contactUUID, ok := s.urns.get(ws.ID, urn); ok {
		ran := false
		res, err := s.sprint(ctx, ws, contactUUID, kind, func(c *sprintCtx) error {
			if !slices.Contains(c.state.Contact.URNs, urn) {
				return errStaleURN
			}
			ran = true
			return fn(c)
		})
		// a contact gone before the sprint began is a stale entry too; once fn ran, its
		// error is the answer
		if ran || !(errors.Is(err, errStaleURN) || errors.Is(err, store.ErrNotFound)) {
			return res, contactUUID, err
		}
		s.urns.forget(ws.ID, urn)
	}
	contactUUID, err := s.contactFor(ctx, ws, wa, urn)
	if err != nil {
		return nil, "", err
	}
	s.urns.put(ws.ID, urn, contactUUID)
	res, err := s.sprint(ctx, ws, contactUUID, kind, fn)
	return res, contactUUID, err
}
