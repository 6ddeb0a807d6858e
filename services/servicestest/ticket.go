package servicestest

import (
	"context"

	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

// Ticketer opens tickets in memory, numbering them with the generator it is given so
// that their UUIDs take their place in the session's sequence, as in the recordings.
type Ticketer struct {
	uuids utils.UUIDGenerator
}

// NewTicketer returns a ticketer drawing ticket UUIDs from uuids.
func NewTicketer(uuids utils.UUIDGenerator) *Ticketer { return &Ticketer{uuids: uuids} }

// Open returns a new open ticket.
func (t *Ticketer) Open(ctx context.Context, req *services.TicketRequest) (*services.Ticket, error) {
	return &services.Ticket{UUID: t.uuids.Next(), Status: services.TicketStatusOpen, Topic: req.Topic, Assignee: req.Assignee}, nil
}
