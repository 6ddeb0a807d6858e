package servicestest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/webhooks"
	"github.com/rivuletflows/rivulet/utils"
)

// Facts of the stand-in airtime provider of the recordings.
const (
	// AirtimeCurrency is the only currency the test provider transfers.
	AirtimeCurrency = "RWF"
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

// Airtime is the stand-in airtime provider of the recordings. It transfers only in
// RWF, refuses recipients whose number contains 666, logs one exchange with its provider
// (always at 2019-10-16T13:59:30.123456789Z, taking no time) and gives each transfer an
// external id of 10 characters from A-Z and 0-9 drawn from its random source.
type Airtime struct {
	random utils.Random
}

// NewAirtime returns the stand-in provider drawing ids from random.
func NewAirtime(random utils.Random) *Airtime { return &Airtime{random: random} }

// Transfer makes a pretend transfer.
func (a *Airtime) Transfer(ctx context.Context, req *services.AirtimeRequest) (*services.AirtimeTransfer, error) {
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
	amount, ok := req.Amounts[AirtimeCurrency]
	if !ok {
		return nil, fmt.Errorf("no amount configured for transfers in %s", AirtimeCurrency)
	}
	log, err := a.providerExchange(ctx)
	if err != nil {
		return nil, err
	}
	id := make([]byte, externalIDLength)
	for i := range id {
		id[i] = externalIDChars[a.random.IntN(len(externalIDChars))]
	}
	return &services.AirtimeTransfer{
		ExternalID: string(id),
		Sender:     req.Sender,
		Recipient:  req.Recipient,
		Currency:   AirtimeCurrency,
		Amount:     amount,
		HTTPLogs:   []*services.HTTPLog{log},
	}, nil
}

// providerExchange runs the provider call through the webhook code path against a mocked
// provider, so its log is written like any other.
func (a *Airtime) providerExchange(ctx context.Context) (*services.HTTPLog, error) {
	mocks := &MockTransport{}
	ok := &MockResponse{Status: 200, Body: json.RawMessage(`"{\"status\":\"ok\"}"`)}
	if err := ok.prepare(); err != nil {
		return nil, err
	}
	mocks.add(testAirtimeURL, []*MockResponse{ok})
	provider := webhooks.New(webhooks.Config{
		Transport: mocks,
		UserAgent: testAirtimeUserAgent,
		Clock:     utils.FixedClock{T: testAirtimeLogTime()},
	})
	call, err := provider.Call(ctx, &services.Request{Method: "GET", URL: testAirtimeURL})
	if err != nil {
		return nil, fmt.Errorf("unable to reach airtime provider: %w", err)
	}
	return services.NewHTTPLog(call), nil
}
