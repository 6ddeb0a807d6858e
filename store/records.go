package store

import (
	"encoding/json"
	"time"
)

// SprintRecord is what one sprint of a session did: its actions with their outcomes and
// durations, as the server wrote them (JSON). ID orders records of a session.
type SprintRecord struct {
	ID          int64
	SessionUUID string
	SprintUUID  string
	Kind        string
	Actions     json.RawMessage
	CreatedOn   time.Time
}
