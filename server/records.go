package server

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/store"
)

// ActionRunView is one action of a sprint as GET /sessions/{uuid}/sprints shows it.
type ActionRunView struct {
	FlowUUID   string  `json:"flow_uuid"`
	NodeUUID   string  `json:"node_uuid"`
	ActionUUID string  `json:"action_uuid"`
	Type       string  `json:"type"`
	Outcome    string  `json:"outcome"`
	DurationMS float64 `json:"duration_ms"`
	Error      string  `json:"error,omitempty"`
}

// addRecord adds what the sprint's actions did to the write.
func (c *sprintCtx) addRecord(sessionUUID string, sp *engine.Sprint) {
	acts := make([]*ActionRunView, len(sp.Actions))
	for i, a := range sp.Actions {
		acts[i] = &ActionRunView{FlowUUID: string(a.FlowUUID), NodeUUID: string(a.NodeUUID), ActionUUID: string(a.ActionUUID), Type: a.Type,
			Outcome: a.Outcome, DurationMS: float64(a.Duration.Microseconds()) / 1000, Error: a.Error}
	}
	data, _ := json.Marshal(acts)
	c.write.Records = append(c.write.Records, &store.SprintRecord{SessionUUID: sessionUUID, SprintUUID: string(sp.UUID), Kind: c.kind,
		Actions: data, CreatedOn: c.s.clock.Now()})
}

// SprintRecordView is an entry of GET /sessions/{uuid}/sprints.
type SprintRecordView struct {
	ID         int64           `json:"id"`
	SprintUUID string          `json:"sprint_uuid"`
	Kind       string          `json:"kind"`
	CreatedOn  time.Time       `json:"created_on"`
	Actions    json.RawMessage `json:"actions"`
}

func (s *Server) handleSessionSprints(w http.ResponseWriter, r *http.Request) error {
	ws := workspaceOf(r)
	u, err := pathUUID(r)
	if err != nil {
		return err
	}
	if _, err := s.store.Session(r.Context(), ws.ID, u); err != nil {
		return asProblem(err, "session", "uuid", u)
	}
	after, limit, err := queryPage(r)
	if err != nil {
		return err
	}
	recs, err := s.store.SprintRecords(r.Context(), ws.ID, u, after, limit)
	if err != nil {
		return err
	}
	out := make([]*SprintRecordView, len(recs))
	cursor := after
	for i, rec := range recs {
		out[i] = &SprintRecordView{ID: rec.ID, SprintUUID: rec.SprintUUID, Kind: rec.Kind, CreatedOn: rec.CreatedOn, Actions: rec.Actions}
		cursor = rec.ID
	}
	return writeJSON(w, http.StatusOK, map[string]any{"sprints": out, "cursor": cursor})
}
