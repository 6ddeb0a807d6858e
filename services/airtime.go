package services

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/utils"
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

// Facts of the stand-in airtime provider of the recordings.
const (
	// TestAirtimeCurrency is the only currency the test provider transfers.
	TestAirtimeCurrency = "RWF"
	// testAirtimeURL is the provider endpoint of the one exchange each transfer logs.
	testAirtimeURL = "http://send.airtime.com"
	// testAirtimeUserAgent is what that exchange's trace says it sent.
	testAirtimeUserAgent = "Go-http-client/1.1"
	// externalIDChars are the characters of generated external ids.
	externalIDChars  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	externalIDLength = 10
)

// testAirtimeLogTime is when the logged exchange of every test transfer took place.
func testAirtimeLogTime() time.Time { return time.Date(2019, 10, 16, 13, 59, 30, 123456789, time.UTC) }

// TestAirtime is the stand-in airtime provider of the recordings. It transfers only in
// RWF, refuses recipients whose number contains 666, logs one exchange with its provider
// (always at 2019-10-16T13:59:30.123456789Z, taking no time) and gives each transfer an
// external id of 10 characters from A-Z and 0-9 drawn from its random source.
type TestAirtime struct {
	random utils.Random
}

// NewTestAirtime returns the stand-in provider drawing ids from random.
func NewTestAirtime(random utils.Random) *TestAirtime { return &TestAirtime{random: random} }

// Transfer makes a pretend transfer.
func (a *TestAirtime) Transfer(ctx context.Context, req *AirtimeRequest) (*AirtimeTransfer, error) {
	number := req.Recipient
	if i := strings.IndexByte(number, ':'); i >= 0 {
		number = number[i+1:]
	}
	if i := strings.IndexAny(number, "?#"); i >= 0 {
		number = number[:i]
	}
	if strings.Contains(number, "666") {
		return nil, fmt.Errorf("invalid recipient number")
	}
	amount, ok := req.Amounts[TestAirtimeCurrency]
	if !ok {
		return nil, fmt.Errorf("no amount configured for transfers in %s", TestAirtimeCurrency)
	}
	log, err := a.providerExchange(ctx)
	if err != nil {
		return nil, err
	}
	id := make([]byte, externalIDLength)
	for i := range id {
		id[i] = externalIDChars[a.random.IntN(len(externalIDChars))]
	}
	return &AirtimeTransfer{
		ExternalID: string(id),
		Sender:     req.Sender,
		Recipient:  req.Recipient,
		Currency:   TestAirtimeCurrency,
		Amount:     amount,
		HTTPLogs:   []*HTTPLog{log},
	}, nil
}

// providerExchange runs the provider call through the webhook code path against a mocked
// provider, so its log is written like any other.
func (a *TestAirtime) providerExchange(ctx context.Context) (*HTTPLog, error) {
	mocks := &MockTransport{}
	ok := &MockResponse{Status: 200, Body: json.RawMessage(`"{\"status\":\"ok\"}"`)}
	if err := ok.prepare(); err != nil {
		return nil, err
	}
	mocks.add(testAirtimeURL, []*MockResponse{ok})
	provider := NewHTTPWebhook(WebhookConfig{
		Transport: mocks,
		UserAgent: testAirtimeUserAgent,
		Clock:     utils.FixedClock{T: testAirtimeLogTime()},
	})
	call, err := provider.Call(ctx, &Request{Method: "GET", URL: testAirtimeURL})
	if err != nil {
		return nil, fmt.Errorf("unable to reach airtime provider: %w", err)
	}
	return NewHTTPLog(call), nil
}
