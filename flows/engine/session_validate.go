package engine

import (
	"fmt"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/utils"
)

// SessionVersion is the version of the stored session format this engine writes, in its
// "version" field. A session without one was written before the field existed and is
// read as version 1; a later version is refused, so that a newer format is migrated by
// the engine that understands it rather than misread.
const SessionVersion = 1

var sessionStatuses = map[flows.SessionStatus]bool{
	flows.SessionStatusActive: true, flows.SessionStatusWaiting: true, flows.SessionStatusCompleted: true,
	flows.SessionStatusInterrupted: true, flows.SessionStatusExpired: true, flows.SessionStatusFailed: true,
}

var runStatuses = map[flows.RunStatus]bool{
	flows.RunStatusActive: true, flows.RunStatusWaiting: true, flows.RunStatusCompleted: true,
	flows.RunStatusExpired: true, flows.RunStatusInterrupted: true, flows.RunStatusFailed: true,
}

// validateSession checks what a stored session says before anything is built from it, so
// that a session which can't be resumed is refused when read, with the field at fault,
// instead of failing later or being written back different.
func validateSession(j *sessionJSON) error {
	if j.Version < 0 || j.Version > SessionVersion {
		return fmt.Errorf("field 'version' is %d, this engine reads versions up to %d", j.Version, SessionVersion)
	}
	if !utils.IsUUIDValid(string(j.UUID)) {
		return fmt.Errorf("field 'uuid' is not a valid UUID: '%s'", j.UUID)
	}
	if !sessionStatuses[j.Status] {
		return fmt.Errorf("field 'status' has invalid value '%s'", j.Status)
	}
	if !j.Type.Allows(flows.AllFlowTypes) {
		return fmt.Errorf("field 'type' has invalid value '%s'", j.Type)
	}
	if len(j.Trigger) == 0 || string(j.Trigger) == "null" {
		return fmt.Errorf("field 'trigger' is required")
	}
	if j.Sprints < 0 {
		return fmt.Errorf("field 'sprints' has invalid value %d", j.Sprints)
	}
	seen := make(map[utils.UUID]bool, len(j.Runs))
	waiting := 0
	for i, r := range j.Runs {
		if r == nil {
			return fmt.Errorf("field 'runs[%d]' is null", i)
		}
		if !utils.IsUUIDValid(string(r.UUID)) {
			return fmt.Errorf("field 'runs[%d].uuid' is not a valid UUID: '%s'", i, r.UUID)
		}
		if seen[r.UUID] {
			return fmt.Errorf("field 'runs[%d].uuid' repeats run %s", i, r.UUID)
		}
		if r.Flow.UUID == "" {
			return fmt.Errorf("field 'runs[%d].flow.uuid' is required", i)
		}
		if !runStatuses[r.Status] {
			return fmt.Errorf("field 'runs[%d].status' has invalid value '%s'", i, r.Status)
		}
		if r.ParentUUID != "" && !seen[r.ParentUUID] {
			return fmt.Errorf("field 'runs[%d].parent_uuid' names no earlier run of the session: '%s'", i, r.ParentUUID)
		}
		for k, res := range r.Results {
			if res == nil {
				return fmt.Errorf("field 'runs[%d].results.%s' is null", i, k)
			}
		}
		if r.Status == flows.RunStatusWaiting {
			waiting++
		}
		seen[r.UUID] = true
	}
	if j.Status == flows.SessionStatusWaiting && waiting == 0 {
		return fmt.Errorf("field 'status' is waiting but no run is waiting")
	}
	return nil
}
