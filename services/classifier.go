package services

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"unicode"

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

// TestClassifier is a deterministic classifier for tests: an intent's confidence is the
// share of its words (split on underscores and spaces) found among the input's words,
// ignoring case; intents with no word found are left out. It finds no entities and makes
// no HTTP calls.
type TestClassifier struct{}

// Classify scores the request's intents against its input.
func (TestClassifier) Classify(ctx context.Context, req *ClassifyRequest) (*Classification, error) {
	words := make(map[string]bool)
	for _, w := range splitWords(req.Input) {
		words[w] = true
	}
	c := &Classification{Intents: []ExtractedIntent{}, Entities: map[string][]ExtractedEntity{}}
	for _, intent := range req.Intents {
		parts := splitWords(intent)
		found := 0
		for _, p := range parts {
			if words[p] {
				found++
			}
		}
		if found > 0 {
			conf := decimal.NewFromInt(int64(found)).DivRound(decimal.NewFromInt(int64(len(parts))), 2)
			c.Intents = append(c.Intents, ExtractedIntent{Name: intent, Confidence: conf})
		}
	}
	sort.SliceStable(c.Intents, func(i, j int) bool {
		return c.Intents[i].Confidence.GreaterThan(c.Intents[j].Confidence)
	})
	return c, nil
}

func splitWords(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}
