package flows

import (
	"strings"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils"
)

// TicketStatus says whether a ticket is open.
type TicketStatus string

// The ticket statuses.
const (
	TicketStatusOpen   TicketStatus = "open"
	TicketStatusClosed TicketStatus = "closed"
)

// Ticket is a support ticket of the contact. In JSON (contact and ticket_opened events):
//
//	{"uuid": "...", "status": "open", "topic": {"uuid": "...", "name": "Weather"},
//	 "assignee": {"uuid": "...", "name": "Bob"}}
type Ticket struct {
	UUID     utils.UUID             `json:"uuid"`
	Status   TicketStatus           `json:"status"`
	Topic    *assets.TopicReference `json:"topic,omitempty"`
	Assignee *assets.UserReference  `json:"assignee,omitempty"`
}

// NewTicket opens a ticket.
func NewTicket(uuid utils.UUID, topic *assets.Topic, assignee *assets.User) *Ticket {
	t := &Ticket{UUID: uuid, Status: TicketStatusOpen}
	if topic != nil {
		t.Topic = topic.Reference()
	}
	if assignee != nil {
		t.Assignee = assignee.Reference()
	}
	return t
}

// Context is a ticket in expressions: {uuid, topic: {uuid, name}, assignee: {email, name,
// first_name} or null}. users resolves the assignee's email; it may be nil.
func (t *Ticket) Context(users *assets.Users) types.XValue {
	var topic, assignee types.XValue
	if t.Topic != nil {
		topic = types.NewXObject(map[string]types.XValue{
			"uuid": types.NewXText(string(t.Topic.UUID)),
			"name": types.NewXText(t.Topic.Name),
		})
	}
	if t.Assignee != nil {
		u := &assets.User{UUID: t.Assignee.UUID, Email: t.Assignee.Email, Name: t.Assignee.Name}
		if users != nil {
			if found := users.Get(t.Assignee.UUID); found != nil {
				u = found
			} else if found := users.FindByEmail(t.Assignee.Email); found != nil {
				u = found
			}
		}
		assignee = UserContext(u)
	}
	return types.NewXObject(map[string]types.XValue{
		"uuid":     types.NewXText(string(t.UUID)),
		"topic":    topic,
		"assignee": assignee,
	})
}

// UserContext is a user in expressions: {email, name, first_name}, rendering as the name.
func UserContext(u *assets.User) types.XValue {
	first := u.Name
	if f := strings.Fields(u.Name); len(f) > 0 {
		first = f[0]
	}
	return types.NewXObjectWithDefault(types.NewXText(u.Name), map[string]types.XValue{
		"email":      types.NewXText(u.Email),
		"name":       types.NewXText(u.Name),
		"first_name": types.NewXText(first),
	})
}

// TicketList is a contact's tickets, oldest first.
type TicketList []*Ticket

// Get returns the ticket with that UUID, or nil.
func (l TicketList) Get(uuid utils.UUID) *Ticket {
	for _, t := range l {
		if t.UUID == uuid {
			return t
		}
	}
	return nil
}

// Open returns the contact's open ticket (the last open one), or nil.
func (l TicketList) Open() *Ticket {
	for i := len(l) - 1; i >= 0; i-- {
		if l[i].Status == TicketStatusOpen {
			return l[i]
		}
	}
	return nil
}

// OpenCount counts open tickets, what the `tickets` query attribute compares.
func (l TicketList) OpenCount() int {
	n := 0
	for _, t := range l {
		if t.Status == TicketStatusOpen {
			n++
		}
	}
	return n
}

// ToXValue is @contact.tickets: an array of open ticket objects.
func (l TicketList) ToXValue(users *assets.Users) types.XValue {
	var items []types.XValue
	for _, t := range l {
		if t.Status == TicketStatusOpen {
			items = append(items, t.Context(users))
		}
	}
	return types.NewXArray(items...)
}
