package server

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/google/uuid"
	"github.com/rivuletflows/rivulet/store"
)

// FireDue resumes every waiting session whose timeout or expiration is due on the server's
// clock, as a wait_timeout or wait_expiration resume, and returns how many it fired. The
// due times live in the database, so they survive restarts and any worker may fire them;
// the contact's lock and a re-check of the session make each fire once. Each batch is
// claimed (leased for the server's ClaimLease) so that workers polling the same database
// share the due waits instead of all trying each one; a claim whose fire failed, or whose
// worker died, is due again when its lease ends.
func (s *Server) FireDue(ctx context.Context) (int, error) {
	fired := 0
	for {
		now := s.clock.Now()
		due, err := s.store.ClaimDueWaits(ctx, now, now.Add(s.lease), dueBatch)
		if err != nil {
			return fired, err
		}
		s.metrics.dueWaits.Set(float64(len(due)))
		if len(due) == 0 {
			return fired, nil
		}
		for _, d := range due {
			if s.ctx.Err() != nil {
				return fired, nil // closing: the claims left run out for another worker
			}
			ok, err := s.fire(ctx, d)
			if err != nil {
				if ctx.Err() != nil {
					return fired, ctx.Err()
				}
				s.log.Error("unable to fire wait", "session", d.SessionUUID, "contact", d.ContactUUID, "error", err)
				continue
			}
			if ok {
				fired++
			}
		}
	}
}

func (s *Server) fire(ctx context.Context, d *store.DueWait) (bool, error) {
	ws, err := s.store.Workspace(ctx, d.WorkspaceID)
	if err != nil {
		return false, err
	}
	fired := false
	_, err = s.sprint(ctx, ws, d.ContactUUID, "wait", func(c *sprintCtx) error {
		w := c.state.Waiting
		now := s.clock.Now()
		if w == nil || w.UUID != d.SessionUUID {
			return nil // resumed or ended since it was listed
		}
		timedOut := w.TimeoutOn != nil && !w.TimeoutOn.After(now) && (w.ExpiresOn == nil || w.TimeoutOn.Before(*w.ExpiresOn))
		expired := !timedOut && w.ExpiresOn != nil && !w.ExpiresOn.After(now)
		if !timedOut && !expired {
			return nil
		}
		typ, evType := "wait_expiration", "wait_expired"
		if timedOut {
			typ, evType = "wait_timeout", "wait_timed_out"
		}
		sess := c.waitingSession()
		if sess == nil {
			fired = true
			return nil
		}
		resume, _ := json.Marshal(map[string]any{"type": typ, "resumed_on": now,
			"event": map[string]any{"uuid": uuid.NewString(), "type": evType, "created_on": now}})
		if err := c.resume(sess, resume); err != nil {
			c.log.Warn("wait resume refused", "session", w.UUID, "resume", typ, "error", err)
			if timedOut {
				// keep waiting, without the timeout that can't fire
				w.TimeoutOn = nil
				w.ModifiedOn = now
				c.write.Sessions = append(c.write.Sessions, w)
				c.session = w
			} else {
				c.endWaiting(statusExpired)
			}
		}
		fired = true
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return fired, err
}
