package contactql_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/contactql"
)

type fakeContact map[string]contactql.Property

func (f fakeContact) QueryProperty(env envs.Environment, name string) (contactql.Property, bool) {
	p, ok := f[name]
	return p, ok
}

func text(vs ...string) contactql.Property {
	p := contactql.Property{Kind: contactql.KindText}
	for _, v := range vs {
		p.Values = append(p.Values, v)
	}
	return p
}

func TestEvaluate(t *testing.T) {
	env := envs.NewEnv(envs.DefaultSettings(), nil, nil, nil)
	seen := time.Date(2026, 2, 3, 11, 40, 30, 0, time.UTC)
	bob := fakeContact{
		"name":         text("Bob Smith"),
		"":             text("Bob Smith", "+12065551212"),
		"language":     text("eng"),
		"gender":       text("Male"),
		"foo_status":   text(),
		"age":          {Kind: contactql.KindNumber, Values: []any{decimal.NewFromInt(18)}},
		"tickets":      {Kind: contactql.KindNumber, Values: []any{decimal.NewFromInt(0)}},
		"last_seen_on": {Kind: contactql.KindDatetime, Values: []any{seen}},
		"state":        {Kind: contactql.KindLocation, Values: []any{"Rwanda > Kigali City"}},
		"tel":          text("+12065551212"),
	}
	tcs := []struct {
		query string
		match bool
	}{
		{`gender = Male`, true},
		{`gender = male`, true},
		{`gender = "Female"`, false},
		{`gender != female`, true},
		{`foo_status = "foo"`, false},
		{`foo_status != "zed"`, true},
		{`foo_status = ""`, true},
		{`age != ""`, true},
		{`age > 17`, true},
		{`age > 18`, false},
		{`age >= 18`, true},
		{`age <= 18`, true},
		{`age < 18`, false},
		{`age = 18.0`, true},
		{`age = abc`, false},
		{`tickets > 0`, false},
		{`name = ""`, false},
		{`name ~ smi`, true},
		{`NAME = "bob smith"`, true},
		{`language = fra`, false},
		{`last_seen_on >= 2026-01-01`, true},
		{`last_seen_on < 2026-01-01`, false},
		{`last_seen_on = 2026-02-03`, true},
		{`last_seen_on > 2026-02-03`, false},
		{`state = "kigali city"`, true},
		{`state = "Rwanda > Kigali City"`, true},
		{`tel ~ 206555`, true},
		{`unknown = 1`, false},
		{`unknown != 1`, false},
		{`gender = Male AND age > 20`, false},
		{`gender = Male OR age > 20`, true},
		{`gender = Male age > 10`, true},
		{`(gender = Female OR age > 10) and language = eng`, true},
		{`gender = Female OR (age > 10 AND language = fra)`, false},
		{`bob`, true},
		{`"Bob Smith"`, true},
		{`jim`, false},
	}
	for _, tc := range tcs {
		q, err := contactql.Parse(tc.query)
		if err != nil {
			t.Errorf("%s: unexpected error: %v", tc.query, err)
			continue
		}
		if got := q.Evaluate(env, bob); got != tc.match {
			t.Errorf("%s: want %v, got %v", tc.query, tc.match, got)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tcs := []struct{ query, err string }{
		{``, "invalid query '': query is empty"},
		{`age >`, "invalid query 'age >': value expected after '>' at position 4"},
		{`(age > 1`, "missing ')' for '(' at position 0"},
		{`name = "bob`, "unterminated string at position 7"},
		{`age ! 3`, "unexpected '!' at position 4"},
		{`age > 1 OR`, "unexpected end of query"},
		{`)`, "unexpected ')' at position 0"},
	}
	for _, tc := range tcs {
		_, err := contactql.Parse(tc.query)
		if err == nil {
			t.Errorf("%s: expected error", tc.query)
			continue
		}
		if got := err.Error(); !contains(got, tc.err) {
			t.Errorf("%s: error %q does not contain %q", tc.query, got, tc.err)
		}
	}
}

func TestString(t *testing.T) {
	q, err := contactql.Parse(`gender = "Male Person" and (age > 18 OR name = "")`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := q.Root().String(), `(gender = "Male Person" AND (age > 18 OR name = ""))`; got != want {
		t.Errorf("want %s, got %s", want, got)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
