package events

import (
	"encoding/json"

	"github.com/rivuletflows/rivulet/services"
)

// TypeAirtimeCreated is logged when a transfer_airtime action has transferred airtime.
const TypeAirtimeCreated = "airtime_created"

func init() { register(TypeAirtimeCreated, func() Event { return &AirtimeCreated{} }) }

// AirtimeCreated records a successful airtime transfer. Its UUID identifies the transfer
// (transfer_airtime saves it in the _new_transfer local).
//
//	{"type": "airtime_created", "external_id": "4ZJR8BT9MF", "sender": "tel:+17036975131", "recipient": "tel:+12065551212", "currency": "RWF", "amount": 500, "http_logs": [{"url": "https://airtime.example.com/transfer", "status_code": 200, "request": "POST /transfer HTTP/1.1\r\nHost: airtime.example.com\r\n\r\n", "response": "HTTP/1.1 200 OK\r\n\r\n{\"status\":\"ok\"}", "elapsed_ms": 120, "retries": 0, "sizes": {"request": 57, "response": 34}, "status": "success", "created_on": "2024-06-10T08:00:01Z"}]}
type AirtimeCreated struct {
	Base
	ExternalID string              `json:"external_id"`
	Sender     string              `json:"sender"`
	Recipient  string              `json:"recipient"`
	Currency   string              `json:"currency"`
	Amount     json.Number         `json:"amount"`
	HTTPLogs   []*services.HTTPLog `json:"http_logs"`
}

// NewAirtimeCreated creates an airtime_created event from a completed transfer.
func NewAirtimeCreated(t *services.AirtimeTransfer) *AirtimeCreated {
	logs := t.HTTPLogs
	if logs == nil {
		logs = []*services.HTTPLog{}
	}
	return &AirtimeCreated{
		Base:       NewBase(TypeAirtimeCreated),
		ExternalID: t.ExternalID,
		Sender:     t.Sender,
		Recipient:  t.Recipient,
		Currency:   t.Currency,
		Amount:     json.Number(t.Amount.String()),
		HTTPLogs:   logs,
	}
}
