package events

import (
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeTicketNoteAdded is logged when a note is added to one of the contact's tickets.
const TypeTicketNoteAdded = "ticket_note_added"

func init() { register(TypeTicketNoteAdded, func() Event { return &TicketNoteAdded{} }) }

// TicketNoteAdded records a note added to a ticket.
//
//	{"type": "ticket_note_added", "ticket_uuid": "01969b47-307b-76f8-b774-0a98171a0712", "note": "Last message: Hi everybody"}
type TicketNoteAdded struct {
	Base
	TicketUUID utils.UUID `json:"ticket_uuid"`
	Note       string     `json:"note"`
}

// NewTicketNoteAdded creates a ticket_note_added event.
func NewTicketNoteAdded(ticketUUID utils.UUID, note string) *TicketNoteAdded {
	return &TicketNoteAdded{Base: NewBase(TypeTicketNoteAdded), TicketUUID: ticketUUID, Note: note}
}

func (e *TicketNoteAdded) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"ticket_uuid":`)
	w.String(string(e.TicketUUID))
	w.Raw(`,"note":`)
	w.String(e.Note)
	w.Byte('}')
}
