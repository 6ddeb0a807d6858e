package servicestest

import (
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
	"github.com/shopspring/decimal"
)

func TestTestAirtime(t *testing.T) {
	amounts := map[string]decimal.Decimal{"RWF": decimal.NewFromInt(500), "USD": decimal.RequireFromString("0.5")}
	tests := []struct {
		recipient string
		amounts   map[string]decimal.Decimal
		err       string
	}{
		{recipient: "tel:+12065551212", amounts: amounts},
		{recipient: "tel:+17036000666", amounts: amounts, err: "invalid recipient number"},
		{recipient: "tel:+12065551212", amounts: map[string]decimal.Decimal{"USD": decimal.NewFromInt(3)}, err: "no amount configured for transfers in RWF"},
		{recipient: "tel:+12065551212?channel=666", amounts: amounts},
	}
	for _, tc := range tests {
		a := NewAirtime(utils.NewSeededRandom(utils.ReplaySeed))
		transfer, err := a.Transfer(context.Background(), &services.AirtimeRequest{Sender: "tel:+17036975131", Recipient: tc.recipient, Amounts: tc.amounts})
		if tc.err != "" {
			if err == nil || err.Error() != tc.err {
				t.Errorf("%s: want error %q, got %v", tc.recipient, tc.err, err)
			}
			continue
		}
		must(t, err, "%s", tc.recipient)
		check(t, true, regexp.MustCompile(`^[A-Z0-9]{10}$`).MatchString(transfer.ExternalID), "%s: external id %s", tc.recipient, transfer.ExternalID)
		check(t, "RWF", transfer.Currency, "currency")
		check(t, "500", transfer.Amount.String(), "amount")
		check(t, tc.recipient, transfer.Recipient, "recipient")
		check(t, "tel:+17036975131", transfer.Sender, "sender")
		check(t, 1, len(transfer.HTTPLogs), "logs")
	}
}

// TestTestAirtimeRecorded checks a transfer against the recorded airtime_created event.
func TestTestAirtimeRecorded(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	var test struct {
		Outputs []struct {
			Events []json.RawMessage `json:"events"`
		} `json:"outputs"`
	}
	testutil.ReadJSON(t, filepath.Join(dir, "runner", "airtime.test_successful_transfer.json"), &test)
	var want *services.AirtimeTransfer
	for _, o := range test.Outputs {
		for _, raw := range o.Events {
			var typed struct {
				Type string `json:"type"`
			}
			must(t, json.Unmarshal(raw, &typed), "event")
			if typed.Type == "airtime_created" {
				want = &services.AirtimeTransfer{}
				must(t, json.Unmarshal(raw, want), "airtime_created")
			}
		}
	}
	if want == nil {
		t.Fatal("no airtime_created event recorded")
	}
	got, err := NewAirtime(utils.NewSeededRandom(utils.ReplaySeed)).Transfer(context.Background(), &services.AirtimeRequest{
		Sender: want.Sender, Recipient: want.Recipient, Amounts: map[string]decimal.Decimal{"RWF": want.Amount, "USD": decimal.NewFromInt(1)},
	})
	must(t, err, "transfer")
	check(t, want.ExternalID, got.ExternalID, "external_id")
	check(t, want.Currency, got.Currency, "currency")
	check(t, want.Amount.String(), got.Amount.String(), "amount")
	check(t, 1, len(got.HTTPLogs), "http_logs")
	wantLog, gotLog := *want.HTTPLogs[0], *got.HTTPLogs[0]
	wantLog.Sizes, gotLog.Sizes = services.HTTPSizes{}, services.HTTPSizes{} // sizes are not compared
	check(t, wantLog.HTTPTrace, gotLog.HTTPTrace, "http log")
	check(t, true, wantLog.CreatedOn.Equal(gotLog.CreatedOn), "http log created_on %s", gotLog.CreatedOn)

	// the event's JSON has the amount as a number
	data, err := json.Marshal(got)
	must(t, err, "marshal")
	var fields map[string]json.RawMessage
	must(t, json.Unmarshal(data, &fields), "unmarshal")
	check(t, want.Amount.String(), string(fields["amount"]), "amount JSON")
	check(t, `"`+want.ExternalID+`"`, string(fields["external_id"]), "external_id JSON")
	check(t, time.Date(2019, 10, 16, 13, 59, 30, 123456789, time.UTC), gotLog.CreatedOn, "log time")
}
