package server

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// notifier wakes long-polls of a workspace when its events change. Long-polls also look
// at the database now and then, for events written by other processes.
type notifier struct {
	mu      sync.Mutex
	waiters map[int64]chan struct{}
}

func newNotifier() *notifier { return &notifier{waiters: map[int64]chan struct{}{}} }

// wait returns a channel closed at the workspace's next broadcast.
func (n *notifier) wait(ws int64) <-chan struct{} {
	n.mu.Lock()
	defer n.mu.Unlock()
	ch, ok := n.waiters[ws]
	if !ok {
		ch = make(chan struct{})
		n.waiters[ws] = ch
	}
	return ch
}

func (n *notifier) broadcast(ws int64) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if ch, ok := n.waiters[ws]; ok {
		close(ch)
		delete(n.waiters, ws)
	}
}

// pollInterval is how often a long-poll re-reads the database when not woken.
const pollInterval = 250 * time.Millisecond

// EventView is an entry of GET /events.
type EventView struct {
	ID          int64           `json:"id"`
	ContactUUID string          `json:"contact_uuid"`
	SessionUUID string          `json:"session_uuid,omitempty"`
	Event       json.RawMessage `json:"event"`
}

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	contact := r.URL.Query().Get("contact")
	if contact != "" && !isUUID(contact) {
		return invalid("contact", contact, "query parameter 'contact' has invalid value '%s': not a UUID", contact)
	}
	after, limit, err := queryPage(r)
	if err != nil {
		return err
	}
	wait, err := queryInt(r, "wait", 0, 0, maxWaitSeconds)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(time.Duration(wait) * time.Second)
	for {
		woken := s.notify.wait(ws.ID)
		evs, err := s.store.Events(r.Context(), ws.ID, contact, after, limit)
		if err != nil {
			return err
		}
		remaining := time.Until(deadline)
		if len(evs) > 0 || remaining <= 0 {
			out := make([]*EventView, len(evs))
			cursor := after
			for i, e := range evs {
				out[i] = &EventView{ID: e.ID, ContactUUID: e.ContactUUID, SessionUUID: e.SessionUUID, Event: e.Data}
				cursor = e.ID
			}
			return writeJSON(w, http.StatusOK, map[string]any{"events": out, "cursor": cursor})
		}
		t := time.NewTimer(min(remaining, pollInterval))
		select {
		case <-r.Context().Done():
			t.Stop()
			return nil
		case <-s.ctx.Done():
			t.Stop()
			return problemf(http.StatusServiceUnavailable, "", nil, "server is shutting down")
		case <-woken:
		case <-t.C:
		}
		t.Stop()
	}
}

// RunView is an entry of GET /runs.
type RunView struct {
	Seq         int64           `json:"seq"`
	UUID        string          `json:"uuid"`
	FlowUUID    string          `json:"flow_uuid"`
	ContactUUID string          `json:"contact_uuid"`
	SessionUUID string          `json:"session_uuid"`
	Status      string          `json:"status"`
	Results     json.RawMessage `json:"results"`
	CreatedOn   time.Time       `json:"created_on"`
	ModifiedOn  time.Time       `json:"modified_on"`
	ExitedOn    *time.Time      `json:"exited_on"`
}

func (s *Server) handleRuns(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	flow := r.URL.Query().Get("flow")
	if flow != "" && !isUUID(flow) {
		return invalid("flow", flow, "query parameter 'flow' has invalid value '%s': not a UUID", flow)
	}
	after, limit, err := queryPage(r)
	if err != nil {
		return err
	}
	runs, err := s.store.Runs(r.Context(), ws.ID, flow, after, limit)
	if err != nil {
		return err
	}
	out := make([]*RunView, len(runs))
	cursor := after
	for i, rn := range runs {
		out[i] = &RunView{Seq: rn.Seq, UUID: rn.UUID, FlowUUID: rn.FlowUUID, ContactUUID: rn.ContactUUID, SessionUUID: rn.SessionUUID,
			Status: rn.Status, Results: rn.Results, CreatedOn: rn.CreatedOn, ModifiedOn: rn.ModifiedOn, ExitedOn: rn.ExitedOn}
		cursor = rn.Seq
	}
	return writeJSON(w, http.StatusOK, map[string]any{"runs": out, "cursor": cursor})
}
