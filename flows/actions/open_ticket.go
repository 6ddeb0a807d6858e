package actions

import (
	"context"
	"fmt"
	"strings"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

// TypeOpenTicket is the type of OpenTicket.
const TypeOpenTicket = "open_ticket"

// ticketLocal is the local open_ticket saves the new ticket's UUID in ("" when none was opened).
const ticketLocal = "_new_ticket"

func init() {
	mustRegister(TypeInfo{Name: TypeOpenTicket, New: func() flows.Action { return &OpenTicket{baseAction: newBase(TypeOpenTicket, "")} },
		Description: "Opens a ticket for the contact, unless one is already open", Category: CategoryServices})
}

// OpenTicket opens a ticket on a topic (the default topic when none is given), optionally
// assigned to a user (by UUID, or by an email template) and with a note. Nothing is opened
// when the contact already has an open ticket. The new ticket's UUID is saved in the
// _new_ticket local.
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "open_ticket", "topic": {"uuid": "472a7a73-96cb-4736-b567-056d987cc5b4", "name": "Weather"}, "note": "Last message: @input.text"}
type OpenTicket struct {
	baseAction
	Topic    *assets.TopicReference `json:"topic"`
	Assignee *assets.UserReference  `json:"assignee,omitempty"`
	Note     string                 `json:"note,omitempty" validate:"max=10000"`
}

// Validate checks the fields.
func (a *OpenTicket) Validate() error { return validate(a) }

// AllowedFlowTypes allows flows that can call services.
func (a *OpenTicket) AllowedFlowTypes() []flows.FlowType { return onlineTypes }

// Execute opens the ticket and saves the local.
func (a *OpenTicket) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	run.SetLocal(ticketLocal, a.open(ctx, run, log))
	return nil
}

func (a *OpenTicket) open(ctx context.Context, run flows.Run, log events.Callback) string {
	session := run.Session()
	if session.BatchStart() {
		log(events.NewError("Can't open tickets during batch starts"))
		return ""
	}
	contact := run.Contact()
	if contact == nil {
		log(events.NewError("can't execute action in session without a contact"))
		return ""
	}
	if contact.Tickets().Open() != nil {
		return ""
	}
	sa := session.Assets()

	var topic *assets.Topic
	if a.Topic != nil {
		topic = sa.Topics.Get(a.Topic.UUID)
	} else if all := sa.Topics.All(); len(all) > 0 {
		topic = all[0]
	}

	var assignee *assets.User
	if a.Assignee != nil {
		if a.Assignee.UUID != "" {
			if assignee = sa.Users.Get(a.Assignee.UUID); assignee == nil {
				logMissingDependency(log, "user", "uuid", string(a.Assignee.UUID), a.Assignee.Name)
			}
		} else if a.Assignee.Email != "" {
			email, ok := evaluate(run, a.Assignee.Email, nil, log)
			email = strings.TrimSpace(email)
			if ok && email != "" {
				if assignee = sa.Users.FindByEmail(email); assignee == nil {
					log(errorEvent(fmt.Sprintf("No such user with email '%s'", email), "user:missing", map[string]string{"email": email}))
				}
			}
		}
	}

	note, _ := evaluate(run, a.Note, nil, log)
	note = strings.TrimSpace(note)

	// a missing topic is reported once the assignee and note are evaluated, in the order
	// the established engine logs them
	if a.Topic != nil && topic == nil {
		logMissingDependency(log, "topic", "uuid", string(a.Topic.UUID), a.Topic.Name)
		return ""
	}

	req := &services.TicketRequest{Note: note}
	if topic != nil {
		req.Topic = topic.Reference()
	}
	if assignee != nil {
		req.Assignee = assignee.Reference()
	}
	var ticketUUID utils.UUID
	if service := session.Services().Ticket; service != nil {
		opened, err := service.Open(ctx, req)
		if err != nil {
			logServiceError(ctx, err.Error(), log)
			return ""
		}
		ticketUUID = opened.UUID
	} else {
		ticketUUID = session.NewUUID()
	}
	mod := &ticketOpen{uuid: ticketUUID, topic: topic, assignee: assignee, note: note}
	run.ApplyModifier(mod, log)
	return string(mod.uuid)
}

// Inspect reports the topic, the assignee, the note template and the local.
func (a *OpenTicket) Inspect(ins flows.Inspector) {
	if a.Topic != nil {
		ins.Dependency(a.Topic)
	}
	if a.Assignee != nil {
		if a.Assignee.UUID != "" {
			ins.Dependency(a.Assignee)
		} else if a.Assignee.Email != "" {
			ins.Templates(a.Assignee.Email)
		}
	}
	ins.Templates(a.Note)
	ins.Local(ticketLocal)
}

// ticketOpen is the contact change of an opened ticket: the ticket is added to the
// contact's tickets, and ticket_opened then ticket_note_added (when there's a note) logged.
type ticketOpen struct {
	uuid     utils.UUID
	topic    *assets.Topic
	assignee *assets.User
	note     string
}

func (m *ticketOpen) Type() string { return "ticket_open" }

func (m *ticketOpen) Apply(env envs.Environment, sa *assets.Collection, contact *flows.Contact, log events.Callback) bool {
	ticket := flows.NewTicket(m.uuid, m.topic, m.assignee)
	contact.AddTicket(ticket)
	opened := &events.OpenedTicket{UUID: ticket.UUID, Status: string(ticket.Status), Topic: ticket.Topic, Assignee: ticket.Assignee}
	log(events.NewTicketOpened(opened))
	if m.note != "" {
		log(events.NewTicketNoteAdded(ticket.UUID, m.note))
	}
	return true
}
