package services

import (
	"context"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/utils"
)

// Ticketer opens the tickets of open_ticket actions.
type Ticketer interface {
	// Open creates a ticket for the run's contact; the error's text is what the action's
	// error event says.
	Open(ctx context.Context, req *TicketRequest) (*Ticket, error)
}

// TicketRequest asks for a ticket on a topic, optionally assigned and with a first note.
// The action resolves the topic (the default one when the flow names none) and assignee.
type TicketRequest struct {
	Topic    *assets.TopicReference
	Assignee *assets.UserReference
	Note     string
}

// TicketStatusOpen is the status of a newly opened ticket.
const TicketStatusOpen = "open"

// Ticket is an opened ticket: the `ticket` of a ticket_opened event.
type Ticket struct {
	UUID     utils.UUID             `json:"uuid"`
	Status   string                 `json:"status"`
	Topic    *assets.TopicReference `json:"topic"`
	Assignee *assets.UserReference  `json:"assignee,omitempty"`
}
