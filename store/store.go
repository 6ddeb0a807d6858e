// Package store is what flowserver keeps: workspaces and their tokens, assets and flow
// revisions, contacts, sessions, runs, the event log, triggers and flow starts. Store is the
// one interface the server talks to; store/sqlite and store/postgres implement it and both
// pass the suite in store/storetest.
//
// Everything but workspaces is scoped by a workspace ID: a method given one workspace never
// reads or changes another's rows.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// ErrNotFound is returned when a looked-up record does not exist in the workspace.
var ErrNotFound = errors.New("not found")

// ErrDuplicate is returned by Sprint when one of the write's Keys is already stored: the
// work was done by an earlier sprint (a client's retry after a lost answer or a crashed
// worker), so nothing of this one is written.
var ErrDuplicate = errors.New("already processed")

// ErrConflict is returned when a write would break a uniqueness rule, such as a URN that
// already belongs to another contact of the workspace.
var ErrConflict = errors.New("conflict")

// Workspace holds its own assets, contacts, sessions, triggers and tokens.
type Workspace struct {
	ID            int64
	UUID          string
	Name          string
	AssetsVersion int64
	CreatedOn     time.Time
}

// Flow is the current definition of a flow of a workspace, migrated to the current spec.
type Flow struct {
	UUID        string
	Name        string
	Type        string
	SpecVersion string
	Revision    int
	Definition  json.RawMessage
	ModifiedOn  time.Time
}

// FlowRevision is one saved definition of a flow; a new one is added by each upload that
// changes the flow.
type FlowRevision struct {
	FlowUUID   string
	Revision   int
	Definition json.RawMessage
	CreatedOn  time.Time
}

// Contact is a stored contact: its JSON as the engine reads and writes it, with its URNs
// kept beside for lookups.
type Contact struct {
	UUID       string
	URNs       []string
	Data       json.RawMessage
	CreatedOn  time.Time
	ModifiedOn time.Time
}

// Session is a stored session, with the due times of its wait when it waits.
type Session struct {
	UUID        string
	ContactUUID string
	Status      string
	FlowUUID    string
	Data        json.RawMessage
	TimeoutOn   *time.Time
	ExpiresOn   *time.Time
	CreatedOn   time.Time
	ModifiedOn  time.Time
}

// Run is a stored run with its results, for analytics. Seq orders runs by their last change.
type Run struct {
	Seq         int64
	UUID        string
	SessionUUID string
	ContactUUID string
	FlowUUID    string
	Status      string
	Results     json.RawMessage
	CreatedOn   time.Time
	ModifiedOn  time.Time
	ExitedOn    *time.Time
}

// Event is one entry of the event log. ID is the cursor: it grows with each event stored.
type Event struct {
	ID          int64
	UUID        string
	ContactUUID string
	SessionUUID string
	Type        string
	Data        json.RawMessage
	CreatedOn   time.Time
}

// Trigger is a stored trigger definition (its JSON is owned by the server).
type Trigger struct {
	UUID       string
	Data       json.RawMessage
	CreatedOn  time.Time
	ModifiedOn time.Time
}

// FlowStart is a background start of a flow for many contacts, and its progress.
type FlowStart struct {
	UUID       string
	FlowUUID   string
	Status     string
	Request    json.RawMessage
	Total      int
	Started    int
	Skipped    int
	Failed     int
	CreatedOn  time.Time
	ModifiedOn time.Time
	// LeaseUntil is when the worker running the start loses it unless it saves progress
	// again: past it, another worker claims the start and carries on (nil once it ended).
	LeaseUntil *time.Time
}

// FlowStartClaim is a flow start a worker claimed to run, with its workspace.
type FlowStartClaim struct {
	WorkspaceID int64
	Start       *FlowStart
}

// FlowStartBatch is a part of a flow start's contacts, run by whichever worker claims it.
type FlowStartBatch struct {
	WorkspaceID int64
	StartUUID   string
	Index       int
	Contacts    []string
	LeaseUntil  *time.Time
}

// DueWait is a waiting session whose timeout or expiration has fallen due.
type DueWait struct {
	WorkspaceID int64
	SessionUUID string
	ContactUUID string
	TimeoutOn   *time.Time
	ExpiresOn   *time.Time
}

// SprintState is what a sprint starts from: the locked contact and its waiting session,
// if any (nil otherwise).
type SprintState struct {
	Contact *Contact
	Waiting *Session
	// Seen reports whether a key of an earlier sprint's write is stored, read under the
	// contact's lock, so a retried message can be answered without running it again.
	Seen func(key string) (bool, error)
}

// SprintWrite is everything one sprint changes, written in one transaction.
type SprintWrite struct {
	Contact *Contact
	// Sessions are inserted or updated (a sprint may end one session and start another).
	Sessions []*Session
	Runs     []*Run
	Events   []*Event
	// Deliveries are the outbox entries of the events, for sinks.
	Deliveries []*Delivery
	// Records say what the sprint's actions did.
	Records []*SprintRecord
	// Keys name the work this sprint does once (a client's message id, a flow start's
	// contact): stored with the rest in the same transaction, and when one is stored
	// already the sprint rolls back with ErrDuplicate. That makes a retry after a crash
	// exactly-once: either the first attempt committed everything, key included, or
	// nothing.
	Keys []string
	// KeysOn is when the keys are written, by the caller's clock (the store's own when
	// zero): how old a key is decides when PruneSprintKeys deletes it.
	KeysOn time.Time
}

// SprintFunc computes a sprint's changes from its state. Returning a nil write changes
// nothing; returning an error rolls everything back.
type SprintFunc func(ctx context.Context, state *SprintState) (*SprintWrite, error)

// Store is the persistence flowserver runs on.
type Store interface {
	// Close releases the store's connections.
	Close() error
	// SinkStore keeps sinks and the outbox of their deliveries.
	SinkStore

	// CreateWorkspace adds a workspace with its first API token's hash.
	CreateWorkspace(ctx context.Context, name, tokenHash string, now time.Time) (*Workspace, error)
	// AddToken adds another API token's hash to a workspace.
	AddToken(ctx context.Context, workspaceID int64, tokenHash string, now time.Time) error
	// WorkspaceByToken finds the workspace a token hash belongs to.
	WorkspaceByToken(ctx context.Context, tokenHash string) (*Workspace, error)
	// Workspace reads a workspace by ID.
	Workspace(ctx context.Context, id int64) (*Workspace, error)

	// SaveAssets replaces the workspace's assets document and flows in one transaction,
	// adding a revision for each flow whose definition changed, and bumps AssetsVersion.
	SaveAssets(ctx context.Context, ws int64, doc json.RawMessage, flows []*Flow, now time.Time) error
	// Assets returns the workspace's assets document (nil when none was uploaded).
	Assets(ctx context.Context, ws int64) (json.RawMessage, error)
	// Flows lists the current flows, by name.
	Flows(ctx context.Context, ws int64) ([]*Flow, error)
	// Flow reads the current definition of a flow.
	Flow(ctx context.Context, ws int64, uuid string) (*Flow, error)
	// FlowRevisions lists a flow's revisions, newest first.
	FlowRevisions(ctx context.Context, ws int64, uuid string) ([]*FlowRevision, error)

	// CreateContact stores a new contact; ErrConflict when one of its URNs is taken.
	CreateContact(ctx context.Context, ws int64, c *Contact) error
	// UpdateContact rewrites a contact outside a sprint (under its lock).
	UpdateContact(ctx context.Context, ws int64, c *Contact) error
	// DeleteContact removes a contact with its sessions and runs (events stay in the log).
	DeleteContact(ctx context.Context, ws int64, uuid string) error
	// Contact reads a contact.
	Contact(ctx context.Context, ws int64, uuid string) (*Contact, error)
	// ContactByURN finds the contact owning a URN.
	ContactByURN(ctx context.Context, ws int64, urn string) (*Contact, error)
	// ContactUUIDByURN finds the UUID of the contact owning a URN, reading nothing else.
	ContactUUIDByURN(ctx context.Context, ws int64, urn string) (string, error)
	// Contacts lists contacts ordered by UUID after the given UUID.
	Contacts(ctx context.Context, ws int64, after string, limit int) ([]*Contact, error)

	// Sprint locks the contact (one sprint at a time per contact, in arrival order, across
	// every process sharing the database), reads its state, calls fn, and writes what fn
	// returns in one transaction.
	Sprint(ctx context.Context, ws int64, contactUUID string, fn SprintFunc) error

	// Session reads a session.
	Session(ctx context.Context, ws int64, uuid string) (*Session, error)
	// ContactSession reads the contact's latest session.
	ContactSession(ctx context.Context, ws int64, contactUUID string) (*Session, error)
	// DueWaits lists, across workspaces, waiting sessions whose timeout or expiration is at
	// or before now, the earliest first.
	DueWaits(ctx context.Context, now time.Time, limit int) ([]*DueWait, error)
	// ClaimDueWaits lists like DueWaits and leases each listed session to the caller until
	// leaseUntil, so that of many workers polling the same database one fires each due
	// wait; a worker dying with a lease only delays the fire until the lease ends.
	ClaimDueWaits(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*DueWait, error)
	// CountWaiting counts waiting sessions across workspaces (a queue depth for metrics).
	CountWaiting(ctx context.Context) (int, error)
	// PruneSprintKeys deletes, across workspaces, at most limit sprint keys (the keys of
	// work done once: a message's external_id, a flow start's contact) written before
	// before, and says how many it deleted: a key is kept for the window in which a retry
	// is refused as a duplicate, not forever.
	PruneSprintKeys(ctx context.Context, before time.Time, limit int) (int, error)

	// Events lists events after the cursor, oldest first, optionally of one contact.
	Events(ctx context.Context, ws int64, contactUUID string, after int64, limit int) ([]*Event, error)
	// Runs lists runs changed after the cursor, optionally of one flow.
	Runs(ctx context.Context, ws int64, flowUUID string, after int64, limit int) ([]*Run, error)

	// CreateTrigger, Trigger, Triggers, UpdateTrigger and DeleteTrigger manage triggers.
	CreateTrigger(ctx context.Context, ws int64, t *Trigger) error
	Trigger(ctx context.Context, ws int64, uuid string) (*Trigger, error)
	Triggers(ctx context.Context, ws int64) ([]*Trigger, error)
	UpdateTrigger(ctx context.Context, ws int64, t *Trigger) error
	DeleteTrigger(ctx context.Context, ws int64, uuid string) error

	// CreateFlowStart, FlowStart and UpdateFlowStart manage background flow starts
	// (UpdateFlowStart saves LeaseUntil too, renewing or ending the lease).
	CreateFlowStart(ctx context.Context, ws int64, fs *FlowStart) error
	FlowStart(ctx context.Context, ws int64, uuid string) (*FlowStart, error)
	UpdateFlowStart(ctx context.Context, ws int64, fs *FlowStart) error
	// ClaimFlowStarts leases to the caller, until leaseUntil, the pending flow starts (whose
	// contacts are not listed yet) whose lease ended at or before now (their worker died or
	// let go), across workspaces: each is claimed by one worker.
	ClaimFlowStarts(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*FlowStartClaim, error)
	// StartFlowStartBatches saves a pending start as started, with its total, no counts
	// (its batches add theirs) and no lease, and its contacts split into batches, in one
	// transaction: from then on the start is run batch by batch by any worker.
	StartFlowStartBatches(ctx context.Context, ws int64, fs *FlowStart, batches [][]string) error
	// ClaimFlowStartBatches leases to the caller, until leaseUntil, pending batches whose
	// lease ended at or before now (or that none held yet), across workspaces, the oldest
	// start's first.
	ClaimFlowStartBatches(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*FlowStartBatch, error)
	// FinishFlowStartBatch marks a batch done and adds its counts to its start, completing
	// the start when it was the last, in one transaction. A batch another worker finished
	// first changes nothing and reports done false.
	FinishFlowStartBatch(ctx context.Context, b *FlowStartBatch, started, skipped, failed int, now time.Time) (done, completed bool, err error)
	// ReleaseFlowStartBatch ends the caller's lease of a batch it stopped running, for
	// another worker to take at once.
	ReleaseFlowStartBatch(ctx context.Context, b *FlowStartBatch, now time.Time) error
}
