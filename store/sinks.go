package store

import (
	"context"
	"encoding/json"
	"time"
)

// Sink is a stored sink definition (its JSON is owned by the server).
type Sink struct {
	UUID       string
	Data       json.RawMessage
	CreatedOn  time.Time
	ModifiedOn time.Time
}

// Delivery statuses.
const (
	DeliveryPending = "pending"
	DeliveryFailed  = "failed"
)

// Delivery is one outbox entry: an event to send to one destination of a sink. It is
// written in the same transaction as the sprint that logged the event, so a crash between
// the sprint and the send loses nothing; it is removed once sent, and kept as a failure
// (a dead letter) once its attempts run out.
type Delivery struct {
	ID          int64
	WorkspaceID int64
	SinkUUID    string
	EventUUID   string
	// Request is the rendered request (destination, headers, body) as the server wrote it.
	Request     json.RawMessage
	Status      string
	Attempts    int
	NextAttempt time.Time
	LastError   string
	CreatedOn   time.Time
	FailedOn    *time.Time
}

// SinkStore keeps sinks and their outbox.
type SinkStore interface {
	// CreateSink, Sink, Sinks, UpdateSink and DeleteSink manage sinks; deleting a sink
	// removes its pending deliveries and failures too.
	CreateSink(ctx context.Context, ws int64, s *Sink) error
	Sink(ctx context.Context, ws int64, uuid string) (*Sink, error)
	Sinks(ctx context.Context, ws int64) ([]*Sink, error)
	UpdateSink(ctx context.Context, ws int64, s *Sink) error
	DeleteSink(ctx context.Context, ws int64, uuid string) error

	// AddDeliveries writes outbox entries outside a sprint (for inbound events).
	AddDeliveries(ctx context.Context, ds []*Delivery) error
	// ClaimDeliveries returns, across workspaces, pending deliveries due at or before
	// now, oldest first, and moves their next attempt to leaseUntil so that no other
	// worker takes them meanwhile.
	ClaimDeliveries(ctx context.Context, now, leaseUntil time.Time, limit int) ([]*Delivery, error)
	// DeliveryDone removes a sent delivery.
	DeliveryDone(ctx context.Context, id int64) error
	// DeliveryRetry records a failed attempt with the time of the next one.
	DeliveryRetry(ctx context.Context, id int64, attempts int, next time.Time, lastError string) error
	// DeliveryDead records the last failed attempt: the delivery becomes a failure.
	DeliveryDead(ctx context.Context, id int64, attempts int, now time.Time, lastError string) error
	// Failures lists a sink's failed deliveries after the cursor (an ID), oldest first.
	Failures(ctx context.Context, ws int64, sinkUUID string, after int64, limit int) ([]*Delivery, error)
	// RetryFailure makes a failure pending again, due now, with its attempts reset.
	RetryFailure(ctx context.Context, ws int64, sinkUUID string, id int64, now time.Time) error
	// DiscardFailure removes a failure.
	DiscardFailure(ctx context.Context, ws int64, sinkUUID string, id int64) error
	// CountPendingDeliveries counts pending deliveries across workspaces (for metrics).
	CountPendingDeliveries(ctx context.Context) (int, error)

	// SetInboundSecret sets (adding or replacing) the secret an inbound source signs with.
	SetInboundSecret(ctx context.Context, ws int64, source, secret string, now time.Time) error
	// InboundSecret reads the secret of an inbound source.
	InboundSecret(ctx context.Context, ws int64, source string) (string, error)
	// DeleteInboundSecret removes the secret of an inbound source.
	DeleteInboundSecret(ctx context.Context, ws int64, source string) error
	// WorkspaceByUUID reads a workspace by UUID.
	WorkspaceByUUID(ctx context.Context, uuid string) (*Workspace, error)

	// SprintRecords lists a session's sprint records after the cursor (an ID), oldest first.
	SprintRecords(ctx context.Context, ws int64, sessionUUID string, after int64, limit int) ([]*SprintRecord, error)
}
