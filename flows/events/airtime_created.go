package events

import (
	"github.com/rivuletflows/rivulet/utils/urns"
	"github.com/shopspring/decimal"
)

// TypeAirtimeCreated is logged when a transfer_airtime action has transferred airtime.
const TypeAirtimeCreated = "airtime_created"

// AirtimeCreated records a successful airtime transfer. Its UUID identifies the transfer
// (transfer_airtime saves it in the _new_transfer local).
//
//	{"type": "airtime_created", "external_id": "4ZJR8BT9MF", "sender": "tel:+17036975131", "recipient": "tel:+12065551212", "currency": "RWF", "amount": 500, "http_logs": [...]}
type AirtimeCreated struct {
	Base
	ExternalID string          `json:"external_id"`
	Sender     urns.URN        `json:"sender"`
	Recipient  urns.URN        `json:"recipient"`
	Currency   string          `json:"currency"`
	Amount     decimal.Decimal `json:"amount"`
	HTTPLogs   []*HTTPLog      `json:"http_logs"`
}

// NewAirtimeCreated creates an airtime_created event.
func NewAirtimeCreated(externalID string, sender, recipient urns.URN, currency string, amount decimal.Decimal, logs []*HTTPLog) *AirtimeCreated {
	return &AirtimeCreated{Base: NewBase(TypeAirtimeCreated), ExternalID: externalID, Sender: sender, Recipient: recipient, Currency: currency, Amount: amount, HTTPLogs: logs}
}
