package engine

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows"
)

func (s *Session) contactContext() types.XValue {
	if s.contact == nil {
		return nil
	}
	return s.contact.Context(s.env)
}

func (s *Session) fieldsContext() types.XValue {
	if s.contact == nil {
		return nil
	}
	return s.contact.FieldsContext(s.env)
}

func (s *Session) urnsContext() types.XValue {
	if s.contact == nil {
		return nil
	}
	return s.contact.URNsContext(s.env)
}

// triggerTicketContext is the ticket a ticket trigger carries.
func (s *Session) triggerTicketContext() types.XValue {
	var t flows.Ticket
	if err := json.Unmarshal(s.trigger.Ticket, &t); err != nil {
		return nil
	}
	return t.Context(s.assets.Users)
}

// ticketContext is @ticket: the ticket of a ticket trigger, else the contact's open ticket.
func (s *Session) ticketContext() types.XValue {
	if len(s.trigger.Ticket) > 0 && string(s.trigger.Ticket) != "null" {
		return s.triggerTicketContext()
	}
	if s.contact == nil {
		return nil
	}
	if t := s.contact.Tickets().Open(); t != nil {
		return t.Context(s.assets.Users)
	}
	return nil
}

// triggerParentContext is @parent for a session started by another flow: the run summary
// the trigger carries.
func (s *Session) triggerParentContext() types.XValue {
	if len(s.trigger.RunSummary) == 0 {
		return nil
	}
	var sum struct {
		UUID    string          `json:"uuid"`
		Flow    json.RawMessage `json:"flow"`
		Contact json.RawMessage `json:"contact"`
		Status  string          `json:"status"`
		Results map[string]*flows.Result
	}
	if err := json.Unmarshal(s.trigger.RunSummary, &sum); err != nil {
		return nil
	}
	props := map[string]types.XValue{
		types.DefaultPropertyKey: types.NewXText(sum.UUID),
		"uuid":                   types.NewXText(sum.UUID),
		"flow":                   types.ReadXValue(sum.Flow),
		"status":                 types.NewXText(sum.Status),
		"results":                types.XObjectEmpty,
	}
	if len(sum.Results) > 0 {
		res := map[string]types.XValue{}
		for k, r := range sum.Results {
			res[k] = resultContext(r)
		}
		props["results"] = types.NewXObject(res)
	}
	if len(sum.Contact) > 0 {
		if c, err := flows.ReadContact(s.assets.Collection, sum.Contact, nil); err == nil {
			props["contact"] = c.Context(s.env)
			props["fields"] = c.FieldsContext(s.env)
			props["urns"] = c.URNsContext(s.env)
		}
	}
	props["run"] = types.NewXObject(map[string]types.XValue{"status": props["status"], "uuid": props["uuid"]})
	return types.NewXObject(props)
}
