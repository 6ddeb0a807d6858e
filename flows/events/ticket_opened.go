package events

import (
	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/jsonw"
)

// TypeTicketOpened is logged when a ticket is opened for the contact.
const TypeTicketOpened = "ticket_opened"

func init() { register(TypeTicketOpened, func() Event { return &TicketOpened{} }) }

// OpenedTicket is the ticket as ticket_opened carries it.
type OpenedTicket struct {
	UUID     utils.UUID             `json:"uuid"`
	Status   string                 `json:"status"`
	Topic    *assets.TopicReference `json:"topic,omitempty"`
	Assignee *assets.UserReference  `json:"assignee,omitempty"`
}

// TicketOpened asks the caller to open a ticket; its note, if any, follows as ticket_note_added.
//
//	{"type": "ticket_opened", "ticket": {"uuid": "01969b47-307b-76f8-b774-0a98171a0712", "status": "open", "topic": {"uuid": "472a7a73-96cb-4736-b567-056d987cc5b4", "name": "Weather"}}}
type TicketOpened struct {
	Base
	Ticket *OpenedTicket `json:"ticket"`
}

// NewTicketOpened creates a ticket_opened event.
func NewTicketOpened(ticket *OpenedTicket) *TicketOpened {
	return &TicketOpened{Base: NewBase(TypeTicketOpened), Ticket: ticket}
}

func (e *TicketOpened) writeJSON(w *jsonw.Writer) {
	e.writeBase(w)
	w.Raw(`,"ticket":`)
	if t := e.Ticket; t == nil {
		w.Raw("null")
	} else {
		w.Raw(`{"uuid":`)
		w.String(string(t.UUID))
		w.Raw(`,"status":`)
		w.String(t.Status)
		if t.Topic != nil {
			w.Raw(`,"topic":`)
			writeUUIDName(w, string(t.Topic.UUID), t.Topic.Name)
		}
		if t.Assignee != nil {
			w.Raw(`,"assignee":`)
			writeOptional(w, [3]string{"uuid", "email", "name"}, [3]string{string(t.Assignee.UUID), t.Assignee.Email, t.Assignee.Name})
		}
		w.Byte('}')
	}
	w.Byte('}')
}
