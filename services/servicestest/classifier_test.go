package servicestest

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/rivuletflows/rivulet/services"
)

func TestTestClassifier(t *testing.T) {
	intents := []string{"book_flight", "book_hotel", "cancel"}
	tests := []struct {
		input string
		want  string
	}{
		{"I'd like to book a flight to Quito", `[{"name":"book_flight","confidence":1},{"name":"book_hotel","confidence":0.5}]`},
		{"HOTEL please", `[{"name":"book_hotel","confidence":0.5}]`},
		{"cancel it", `[{"name":"cancel","confidence":1}]`},
		{"nothing", `[]`},
	}
	for _, tc := range tests {
		c, err := Classifier{}.Classify(context.Background(), &services.ClassifyRequest{Intents: intents, Input: tc.input})
		must(t, err, "classify")
		got, _ := json.Marshal(c.Intents)
		check(t, tc.want, string(got), "%q", tc.input)
		check(t, 0, len(c.Entities), "%q entities", tc.input)
	}
}
