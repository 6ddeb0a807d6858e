package server

import (
	"net/http"
)

func (s *Server) handleGetSession(w http.ResponseWriter, r *http.Request) error {
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	ss, err := s.store.Session(r.Context(), workspaceOf(r).ID, u)
	if err != nil {
		return asProblem(err, "session", "uuid", u)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"session": viewSession(ss, true)})
}

func (s *Server) handleContactSession(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	if _, err := s.store.Contact(r.Context(), ws.ID, u); err != nil {
		return asProblem(err, "contact", "uuid", u)
	}
	ss, err := s.store.ContactSession(r.Context(), ws.ID, u)
	if err != nil {
		if p := asProblem(err, "", "", nil); p != err {
			return problemf(http.StatusNotFound, "uuid", u, "contact '%s' has no session", u)
		}
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"session": viewSession(ss, true)})
}

// handleInterrupt ends the contact's waiting session, if any.
func (s *Server) handleInterrupt(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	interrupted := false
	res, err := s.sprint(r.Context(), ws, u, "interrupt", func(c *sprintCtx) error {
		interrupted = c.endWaiting(statusInterrupted) != nil
		return nil
	})
	if err != nil {
		return asProblem(err, "contact", "uuid", u)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"interrupted": interrupted, "session": res.Session})
}
