package services

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/shopspring/decimal"
)

// Airtime performs the transfers of transfer_airtime actions.
type Airtime interface {
	// Transfer sends airtime to the recipient in the currency the provider uses for that
	// number, picking the amount for that currency from the request. The error's text is
	// what the action's error event says.
	Transfer(ctx context.Context, req *AirtimeRequest) (*AirtimeTransfer, error)
}

// AirtimeRequest asks for a transfer. Sender and Recipient are URNs; Sender is empty when
// the run has no channel.
type AirtimeRequest struct {
	Sender    string
	Recipient string
	// Amounts are the amounts the flow offers, by ISO 4217 currency code.
	Amounts map[string]decimal.Decimal
}

// AirtimeTransfer is a completed transfer: the fields of an airtime_created event after
// its uuid, type and created_on.
type AirtimeTransfer struct {
	ExternalID string
	Sender     string
	Recipient  string
	Currency   string
	Amount     decimal.Decimal
	HTTPLogs   []*HTTPLog
}

// airtimeTransferJSON is the JSON form of a transfer, with the amount as a bare number.
type airtimeTransferJSON struct {
	ExternalID string      `json:"external_id"`
	Sender     string      `json:"sender"`
	Recipient  string      `json:"recipient"`
	Currency   string      `json:"currency"`
	Amount     json.Number `json:"amount"`
	HTTPLogs   []*HTTPLog  `json:"http_logs"`
}

// MarshalJSON writes the transfer as events show it: {"external_id": ..., "amount": 500, ...}.
func (t *AirtimeTransfer) MarshalJSON() ([]byte, error) {
	logs := t.HTTPLogs
	if logs == nil {
		logs = []*HTTPLog{}
	}
	return json.Marshal(&airtimeTransferJSON{
		ExternalID: t.ExternalID, Sender: t.Sender, Recipient: t.Recipient,
		Currency: t.Currency, Amount: json.Number(t.Amount.String()), HTTPLogs: logs,
	})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (t *AirtimeTransfer) UnmarshalJSON(data []byte) error {
	var j airtimeTransferJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	amount, err := decimal.NewFromString(string(j.Amount))
	if err != nil {
		return fmt.Errorf("field 'amount' is not a number: '%s'", j.Amount)
	}
	*t = AirtimeTransfer{ExternalID: j.ExternalID, Sender: j.Sender, Recipient: j.Recipient,
		Currency: j.Currency, Amount: amount, HTTPLogs: j.HTTPLogs}
	return nil
}
