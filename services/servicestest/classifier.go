package servicestest

import (
	"context"
	"sort"
	"strings"
	"unicode"

	"github.com/rivuletflows/rivulet/services"
	"github.com/shopspring/decimal"
)

// Classifier is a deterministic classifier for tests: an intent's confidence is the
// share of its words (split on underscores and spaces) found among the input's words,
// ignoring case; intents with no word found are left out. It finds no entities and makes
// no HTTP calls.
type Classifier struct{}

// Classify scores the request's intents against its input.
func (Classifier) Classify(ctx context.Context, req *services.ClassifyRequest) (*services.Classification, error) {
	words := make(map[string]bool)
	for _, w := range splitWords(req.Input) {
		words[w] = true
	}
	c := &services.Classification{Intents: []services.ExtractedIntent{}, Entities: map[string][]services.ExtractedEntity{}}
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
			c.Intents = append(c.Intents, services.ExtractedIntent{Name: intent, Confidence: conf})
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
