package services

import (
	"context"
	"encoding/json"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/assets"
)

// Classifier finds the intents and entities of a text for call_classifier actions. (The
// recorded engine no longer calls classifiers: its action logs the warning "NLU
// classifiers are no longer supported". The interface stays for embedders that still
// run NLU services.)
type Classifier interface {
	// Classify reads the input; the error's text is what the action's error event says.
	Classify(ctx context.Context, req *ClassifyRequest) (*Classification, error)
}

// ClassifyRequest asks a classifier asset to read a text.
type ClassifyRequest struct {
	Classifier *assets.ClassifierReference
	// Type is the asset's provider type, e.g. wit or luis.
	Type string
	// Intents are the intents the asset knows.
	Intents []string
	Input   string
}

// ExtractedIntent is an intent found in the input, with the classifier's confidence.
type ExtractedIntent struct {
	Name       string          `json:"name"`
	Confidence decimal.Decimal `json:"confidence"`
}

// MarshalJSON writes the confidence as a number: {"name": "book_flight", "confidence": 0.5}.
func (i ExtractedIntent) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Name       string      `json:"name"`
		Confidence json.Number `json:"confidence"`
	}{i.Name, json.Number(i.Confidence.String())})
}

// ExtractedEntity is an entity value found in the input.
type ExtractedEntity struct {
	Value      string          `json:"value"`
	Confidence decimal.Decimal `json:"confidence"`
}

// MarshalJSON writes the confidence as a number: {"value": "Quito", "confidence": 1}.
func (e ExtractedEntity) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Value      string      `json:"value"`
		Confidence json.Number `json:"confidence"`
	}{e.Value, json.Number(e.Confidence.String())})
}

// Classification is a classifier's reading of a text, most likely intent first, with the
// HTTP exchanges it made to get it.
type Classification struct {
	Intents  []ExtractedIntent            `json:"intents"`
	Entities map[string][]ExtractedEntity `json:"entities"`
	HTTPLogs []*HTTPLog                   `json:"-"`
}
