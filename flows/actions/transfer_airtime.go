package actions

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/services"
	"github.com/shopspring/decimal"
)

// TypeTransferAirtime is the type of TransferAirtime.
const TypeTransferAirtime = "transfer_airtime"

// transferLocal is the local transfer_airtime saves the transfer's UUID in ("" on failure).
const transferLocal = "_new_transfer"

// Bounds of airtime amounts.
var (
	maxAirtimeAmount = decimal.New(1, 15)
	// amounts beyond this can't be numbers at all
	maxDecimalMagnitude = decimal.New(1, 100)
)

func init() {
	mustRegister(TypeInfo{Name: TypeTransferAirtime, New: func() flows.Action { return &TransferAirtime{baseAction: newBase(TypeTransferAirtime, "")} },
		Description: "Sends airtime to the contact's phone number", Category: CategoryServices})
}

// AirtimeAmounts are the amounts a transfer_airtime action offers, by currency; the
// airtime service picks the one in the currency of the recipient's operator.
type AirtimeAmounts map[string]decimal.Decimal

// UnmarshalJSON reads the amounts, refusing numbers that aren't in a sane range.
func (a *AirtimeAmounts) UnmarshalJSON(data []byte) error {
	var raw map[string]json.Number
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	amounts := make(AirtimeAmounts, len(raw))
	for currency, n := range raw {
		d, err := decimal.NewFromString(string(n))
		if err != nil || d.Abs().GreaterThan(maxDecimalMagnitude) {
			return errors.New("number value is out of permitted range")
		}
		amounts[currency] = d
	}
	*a = amounts
	return nil
}

// MarshalJSON writes the amounts as JSON numbers.
func (a AirtimeAmounts) MarshalJSON() ([]byte, error) {
	raw := make(map[string]json.Number, len(a))
	for currency, d := range a {
		raw[currency] = json.Number(d.String())
	}
	return json.Marshal(raw)
}

// TransferAirtime sends airtime to the contact's first phone number through the airtime
// service, saving the transfer's UUID in the _new_transfer local ("" when it failed).
//
//	{"uuid": "8eebd020-1af5-431c-b943-aa670fc74da9", "type": "transfer_airtime", "amounts": {"RWF": 500, "USD": 0.5}}
type TransferAirtime struct {
	baseAction
	Amounts AirtimeAmounts `json:"amounts" validate:"required"`
}

// Validate checks the fields and that each amount is positive and not too large.
func (a *TransferAirtime) Validate() error {
	if err := validate(a); err != nil {
		return err
	}
	currencies := make([]string, 0, len(a.Amounts))
	for c := range a.Amounts {
		currencies = append(currencies, c)
	}
	sort.Strings(currencies)
	for _, c := range currencies {
		if amount := a.Amounts[c]; amount.IsNegative() || amount.GreaterThan(maxAirtimeAmount) {
			return fmt.Errorf("amount for '%s' is out of range", c)
		}
	}
	return nil
}

// AllowedFlowTypes allows flows that can call services.
func (a *TransferAirtime) AllowedFlowTypes() []flows.FlowType { return onlineTypes }

// Execute makes the transfer, logging airtime_created, and saves the local.
func (a *TransferAirtime) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	run.SetLocal(transferLocal, a.transfer(ctx, run, log))
	return nil
}

func (a *TransferAirtime) transfer(ctx context.Context, run flows.Run, log events.Callback) string {
	contact := run.Contact()
	if contact == nil {
		log(events.NewError("can't execute action in session without a contact"))
		return ""
	}
	tels := contact.URNs().WithScheme("tel")
	if len(tels) == 0 {
		log(events.NewError("can't transfer airtime to contact without a phone number"))
		return ""
	}
	recipient := tels[0]
	sender := ""
	if ch := contact.ChannelForURN(recipient, "send"); ch != nil && ch.Address != "" {
		sender = "tel:" + ch.Address
	}
	service := run.Session().Services().Airtime
	if service == nil {
		log(events.NewError("no airtime service configured"))
		return ""
	}
	transfer, err := service.Transfer(ctx, &services.AirtimeRequest{Sender: sender, Recipient: string(recipient.URN()), Amounts: a.Amounts})
	if err != nil {
		logServiceError(ctx, err.Error(), log)
		return ""
	}
	event := events.NewAirtimeCreated(transfer)
	log(event)
	return string(event.UUID())
}

// Inspect reports the local.
func (a *TransferAirtime) Inspect(ins flows.Inspector) { ins.Local(transferLocal) }
