package contactql_test

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/contactql"
)

// FuzzParse reads fuzzed queries (smart group definitions are written by workspace users):
// nothing panics, a query that reads writes back to text that reads the same, and
// evaluating it against a contact with every kind of property terminates.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		`age > 18 AND gender = "Male"`,
		`(name ~ bob OR tel ~ 2065) language != ""`,
		`last_seen_on >= 2026-01-01`,
		`fields.state = "Kigali" OR group = "Testers"`,
		`"quoted \" text" ((a)) OR b`,
		`((((((x))))))`, `name = ""`, `)(`, `a =`, `= a`,
	} {
		f.Add(s)
	}
	env := envs.NewEnv(envs.DefaultSettings(), nil, nil, nil)
	bob := fakeContact{
		"name":         text("Bob Smith"),
		"":             text("Bob Smith", "+12065551212"),
		"age":          {Kind: contactql.KindNumber, Values: []any{decimal.NewFromInt(18)}},
		"last_seen_on": {Kind: contactql.KindDatetime, Values: []any{time.Date(2026, 2, 3, 11, 40, 30, 0, time.UTC)}},
		"state":        {Kind: contactql.KindLocation, Values: []any{"Rwanda > Kigali City"}},
		"gender":       text("Male"),
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := contactql.Parse(s)
		if err != nil {
			return
		}
		q.Evaluate(env, bob)
		if !utf8.ValidString(s) {
			return // invalid bytes read as U+FFFD, so the writing is other text
		}
		written := q.Root().String()
		if len(written) > contactql.MaxQueryLength {
			return // the writing spells out implicit ANDs, so it can outgrow the length limit
		}
		again, err := contactql.Parse(written)
		if err != nil {
			t.Fatalf("%.200q reads but its writing %.200q doesn't: %.200v", s, written, err)
		}
		if again.Root().String() != written {
			t.Fatalf("%.200q writes %.200q, which writes %.200q", s, written, again.Root().String())
		}
	})
}
