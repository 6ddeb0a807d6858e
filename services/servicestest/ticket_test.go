package servicestest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/services"
	"github.com/rivuletflows/rivulet/utils"
)

func TestTestTicketer(t *testing.T) {
	clock := utils.NewSequentialClock(utils.ReplayStart, time.Second)
	uuids := utils.NewSeededV7Generator(clock, utils.ReplaySeed)
	ticketer := NewTicketer(uuids)
	weather := &assets.TopicReference{UUID: "472a7a73-96cb-4736-b567-056d987cc5b4", Name: "Weather"}
	bob := &assets.UserReference{UUID: "0c78ef47-7d56-44d8-8f57-96e0f30e8f44", Name: "Bob"}

	tests := []struct {
		req  services.TicketRequest
		json string
	}{
		{services.TicketRequest{Topic: weather, Assignee: bob, Note: "Help"}, `{"status":"open","topic":{"uuid":"472a7a73-96cb-4736-b567-056d987cc5b4","name":"Weather"},"assignee":{"uuid":"0c78ef47-7d56-44d8-8f57-96e0f30e8f44","name":"Bob"}}`},
		{services.TicketRequest{Topic: weather}, `{"status":"open","topic":{"uuid":"472a7a73-96cb-4736-b567-056d987cc5b4","name":"Weather"}}`},
	}
	seen := map[utils.UUID]bool{}
	for i, tc := range tests {
		ticket, err := ticketer.Open(context.Background(), &tc.req)
		must(t, err, "open")
		check(t, true, utils.IsUUIDValid(string(ticket.UUID)), "[%d] uuid %s", i, ticket.UUID)
		check(t, false, seen[ticket.UUID], "[%d] uuid unique", i)
		seen[ticket.UUID] = true
		data, _ := json.Marshal(ticket)
		var fields map[string]json.RawMessage
		must(t, json.Unmarshal(data, &fields), "unmarshal")
		delete(fields, "uuid")
		rest, _ := json.Marshal(fields)
		var want map[string]json.RawMessage
		must(t, json.Unmarshal([]byte(tc.json), &want), "want")
		wantJSON, _ := json.Marshal(want)
		check(t, string(wantJSON), string(rest), "[%d] json", i)
	}
	// each ticket takes one UUID, i.e. one clock read, from the session's sequence
	check(t, utils.ReplayStart.Add(2*time.Second), clock.Now(), "clock reads")
}
