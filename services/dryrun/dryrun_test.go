package dryrun_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/services/dryrun"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/services/servicestest"
)

// forbidden is a loopback server that fails the test when anything reaches it.
func forbidden(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("a dry run reached the network: %s %s", r.Method, r.URL)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestWebhookStandInAndMocks(t *testing.T) {
	srv := forbidden(t)
	mocks, err := servicestest.NewMockTransport([]byte(`{"` + srv.URL + `/mocked": [{"status": 404, "body": "gone"}, {"status": 0, "body": ""}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rec := dryrun.New(dryrun.Config{Mocks: mocks, Policy: netguard.AllowingPrivate(true)})
	svc := rec.Services()
	ctx := context.Background()

	call, err := svc.Webhook.Call(ctx, &services.Request{Method: "POST", URL: srv.URL + "/order", Headers: map[string]string{"X-Key": "k1"}, Body: `{"n": 1}`})
	if err != nil {
		t.Fatal(err)
	}
	if call.StatusCode != dryrun.StandInStatus || call.Status != services.CallStatusSuccess || string(call.JSON()) != dryrun.StandInBody {
		t.Errorf("stand-in answer: %d %s %s", call.StatusCode, call.Status, call.ResponseBody)
	}
	if call, _ = svc.Webhook.Call(ctx, &services.Request{Method: "GET", URL: srv.URL + "/mocked"}); call.StatusCode != 404 {
		t.Errorf("mocked answer: %d", call.StatusCode)
	}
	if call, _ = svc.Webhook.Call(ctx, &services.Request{Method: "GET", URL: srv.URL + "/mocked"}); call.Status != services.CallStatusConnectionError {
		t.Errorf("mocked connection failure: %s", call.Status)
	}
	// the mocks are used up: the stand-in answers again
	if call, _ = svc.Webhook.Call(ctx, &services.Request{Method: "GET", URL: srv.URL + "/mocked"}); call.StatusCode != 200 {
		t.Errorf("stand-in after mocks: %d", call.StatusCode)
	}

	calls := rec.Calls()
	if len(calls) != 4 {
		t.Fatalf("want 4 calls, got %d", len(calls))
	}
	c := calls[0]
	if c.Service != dryrun.ServiceWebhook || c.Method != "POST" || c.URL != srv.URL+"/order" || c.Body != `{"n": 1}` {
		t.Errorf("first call: %+v", c)
	}
	if c.Headers["X-Key"] != "k1" || c.Headers["User-Agent"] != "rivulet" {
		t.Errorf("headers as sent: %v", c.Headers)
	}
	if c.Answer.By != dryrun.AnsweredByStandIn || c.Answer.Status != 200 {
		t.Errorf("first answer: %+v", c.Answer)
	}
	if a := calls[1].Answer; a.By != dryrun.AnsweredByMock || a.Status != 404 || a.Body != "gone" {
		t.Errorf("mocked answer recorded: %+v", a)
	}
	if a := calls[2].Answer; a.By != dryrun.AnsweredByMock || a.Error == "" {
		t.Errorf("mocked failure recorded: %+v", a)
	}
	if a := calls[3].Answer; a.By != dryrun.AnsweredByStandIn {
		t.Errorf("stand-in recorded: %+v", a)
	}
	if got := rec.Since(3); len(got) != 1 || got[0] != calls[3] {
		t.Errorf("Since(3): %v", got)
	}
	if got := rec.Since(4); got != nil {
		t.Errorf("Since(4): %v", got)
	}
}

func TestWebhookRefusedAsForReal(t *testing.T) {
	srv := forbidden(t)
	rec := dryrun.New(dryrun.Config{}) // the safe policy: loopback refused
	call, err := rec.Services().Webhook.Call(context.Background(), &services.Request{Method: "GET", URL: srv.URL + "/x"})
	if err != nil {
		t.Fatal(err)
	}
	if call.Status != services.CallStatusConnectionError || call.Err == nil {
		t.Errorf("loopback is refused in a dry run too: %s %v", call.Status, call.Err)
	}
	calls := rec.Calls()
	if len(calls) != 1 || calls[0].Answer.By != dryrun.AnsweredByRefusal || !strings.Contains(calls[0].Answer.Error, "refused") {
		t.Fatalf("refusal recorded: %+v", calls[0].Answer)
	}
	if _, err := rec.Services().Webhook.Call(context.Background(), &services.Request{Method: "GET", URL: "https://graph.facebook.com/me"}); err == nil {
		t.Error("a denied host is an error as for real")
	}
	if got := rec.Calls(); len(got) != 2 || got[1].Answer.By != dryrun.AnsweredByRefusal {
		t.Errorf("denied host recorded as refused: %+v", got)
	}
}

func TestOtherServices(t *testing.T) {
	rec := dryrun.New(dryrun.Config{})
	svc := rec.Services()
	ctx := context.Background()
	if err := svc.Email.Send(ctx, []string{"ops@example.com"}, "Order", "It shipped"); err != nil {
		t.Fatal(err)
	}
	tr, err := svc.Airtime.Transfer(ctx, &services.AirtimeRequest{Recipient: "tel:+250788000001",
		Amounts: map[string]decimal.Decimal{"USD": decimal.RequireFromString("0.5"), "RWF": decimal.RequireFromString("500")}})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Currency != "RWF" || tr.Amount.String() != "500" || tr.ExternalID != dryrun.StandInExternalID {
		t.Errorf("transfer: %+v", tr)
	}
	if _, err := svc.Airtime.Transfer(ctx, &services.AirtimeRequest{Recipient: "tel:+250788000001"}); err == nil {
		t.Error("a transfer offering no amount fails")
	}
	llm := &assets.LLMReference{UUID: "14115c03-b4c5-49e2-b9ac-390c43e9d7ce", Name: "GPT"}
	resp, err := svc.LLM.Respond(ctx, &services.LLMRequest{LLM: llm, Instructions: "Summarize", Input: "a long text", MaxTokens: 100})
	if err != nil || resp.Output != dryrun.StandInLLMOutput {
		t.Errorf("llm: %v %v", resp, err)
	}
	cl, err := svc.Classifier.Classify(ctx, &services.ClassifyRequest{Input: "book a flight"})
	if err != nil || len(cl.Intents) != 0 {
		t.Errorf("classifier: %v %v", cl, err)
	}
	topic := &assets.TopicReference{UUID: "472a7a73-96cb-4736-b567-056d987cc5b4", Name: "Weather"}
	tk, err := svc.Ticket.Open(ctx, &services.TicketRequest{Topic: topic, Note: "help"})
	if err != nil || tk.UUID == "" || tk.Status != services.TicketStatusOpen {
		t.Errorf("ticket: %v %v", tk, err)
	}

	data, err := json.Marshal(rec.Calls())
	if err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	var services []string
	for _, c := range got {
		services = append(services, c["service"].(string))
	}
	if want := "email airtime airtime llm classifier ticket"; strings.Join(services, " ") != want {
		t.Fatalf("services: want %s, got %v", want, services)
	}
	if got[0]["subject"] != "Order" || got[0]["body"] != "It shipped" || got[0]["to"].([]any)[0] != "ops@example.com" {
		t.Errorf("email: %v", got[0])
	}
	if amounts := got[1]["amounts"].(map[string]any); amounts["RWF"] != float64(500) || amounts["USD"] != 0.5 {
		t.Errorf("amounts are numbers: %v", amounts)
	}
	if got[2]["answer"].(map[string]any)["error"] == nil {
		t.Errorf("failed transfer: %v", got[2])
	}
	if got[3]["instructions"] != "Summarize" || got[3]["input"] != "a long text" || got[3]["max_tokens"] != float64(100) {
		t.Errorf("llm: %v", got[3])
	}
	if got[5]["note"] != "help" || got[5]["topic"].(map[string]any)["name"] != "Weather" {
		t.Errorf("ticket: %v", got[5])
	}
}

func TestOnlyConfigured(t *testing.T) {
	rec := dryrun.New(dryrun.Config{Only: &services.Services{Webhook: dryrun.New(dryrun.Config{}).Services().Webhook}})
	svc := rec.Services()
	if svc.Webhook == nil {
		t.Error("a configured service is stood in for")
	}
	if svc.Email != nil || svc.Airtime != nil || svc.LLM != nil || svc.Classifier != nil || svc.Ticket != nil {
		t.Errorf("services not configured stay nil: %+v", svc)
	}
}
