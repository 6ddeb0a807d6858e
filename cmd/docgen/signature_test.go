package main

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseCall(t *testing.T) {
	tests := []struct {
		text     string
		want     []param
		min, max int
	}{
		{"now()", nil, 0, 0},
		{"upper(text)", []param{{Name: "text"}}, 1, 1},
		{"trim(text [, chars])", []param{{Name: "text"}, {Name: "chars", Optional: true}}, 1, 2},
		{"word_slice(text, start [, end [, delimiters]])", []param{{Name: "text"}, {Name: "start"},
			{Name: "end", Optional: true}, {Name: "delimiters", Optional: true}}, 2, 4},
		{"word_slice(text, start [, end] [, delimiters])", []param{{Name: "text"}, {Name: "start"},
			{Name: "end", Optional: true}, {Name: "delimiters", Optional: true}}, 2, 4},
		{"max(numbers...)", []param{{Name: "numbers", Repeats: true}}, 1, -1},
		{"foreach(array, function [, args...])", []param{{Name: "array"}, {Name: "function"},
			{Name: "args", Optional: true, Repeats: true}}, 2, -1},
		{"array([values...])", []param{{Name: "values", Optional: true, Repeats: true}}, 0, -1},
	}
	for _, tc := range tests {
		sig, err := parseCall(tc.text)
		if err != nil {
			t.Errorf("parseCall(%q): %s", tc.text, err)
			continue
		}
		if !reflect.DeepEqual(sig.Params, tc.want) {
			t.Errorf("parseCall(%q) params\n got %+v\nwant %+v", tc.text, sig.Params, tc.want)
		}
		if min, max := sig.Counts(); min != tc.min || max != tc.max {
			t.Errorf("parseCall(%q) counts %d..%d, want %d..%d", tc.text, min, max, tc.min, tc.max)
		}
	}

	bad := map[string]string{
		"trim":                       "is not of the form",
		"Trim(text)":                 "is not of the form",
		"trim(text [, chars)":        "unbalanced brackets",
		"trim(text, chars])":         "unbalanced brackets",
		"slice([array], start)":      "required parameter start follows optional array",
		"max(numbers..., more)":      "numbers... must be the last parameter",
		"trim(text, text)":           "appears twice",
		"trim(the text)":             "is not a lower case name",
		"trim(text [chars])":         "misplaced bracket",
		"if(test, a b, c)":           "is not a lower case name",
		"field(text, index, delim[)": "misplaced bracket",
	}
	for text, want := range bad {
		if _, err := parseCall(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseCall(%q): got error %v, want one saying %q", text, err, want)
		}
	}
}

func TestReadSignature(t *testing.T) {
	doc := "textTrim removes whitespace.\n\n\t@(trim(\" a \")) → a\n\nSignature: trim(text [, chars])\n\n" +
		"  - text (text): the text to trim\n" +
		"  - chars (text, default whitespace): the characters to remove, any of them, a description\n" +
		"    long enough to go on (to a second line)\n"
	sig, rest, err := readSignature(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []param{
		{Name: "text", Type: "text", Description: "the text to trim", described: true},
		{Name: "chars", Type: "text", Default: "whitespace", Optional: true, described: true,
			Description: "the characters to remove, any of them, a description long enough to go on (to a second line)"},
	}
	if sig.Text != "trim(text [, chars])" || !reflect.DeepEqual(sig.Params, want) {
		t.Errorf("readSignature gave %s %+v, want %+v", sig.Text, sig.Params, want)
	}
	if wantRest := "textTrim removes whitespace.\n\n\t@(trim(\" a \")) → a\n"; rest != wantRest {
		t.Errorf("readSignature left %q, want %q", rest, wantRest)
	}

	// the signature may come before more prose, which stays
	sig, rest, err = readSignature("x does.\n\nSignature: x(a)\n\n  - a (any or text): the a\n\nMore.\n")
	if err != nil || sig.Params[0].Type != "any or text" || rest != "x does.\n\nMore.\n" {
		t.Errorf("readSignature: %v %+v %q", err, sig, rest)
	}

	if sig, rest, err := readSignature("x does.\n"); sig != nil || err != nil || rest != "x does.\n" {
		t.Errorf("readSignature of a doc without one: %v %v %q", sig, err, rest)
	}

	bad := map[string]string{
		"Signature: x(a)\n":                                           "parameter a has no line",
		"Signature: x(a)\n\n  - b (text): b\n":                        "describes no parameter",
		"Signature: x(a)\n\n  - a (text): a\n  - a (text): a\n":       "described twice",
		"Signature: x(a)\n\n  - a (txt): a\n":                         `has type "txt"`,
		"Signature: x(a)\n\n  - a text: a\n":                          "describes no parameter",
		"Signature: x(a)\n\n  - a (text) a\n":                         "is not `- a (type): what it is`",
		"Signature: x(a)\n\n  - a (text): \n":                         "is not `- a (type): what it is`",
		"Signature: x([a])\n\n  - a (text): a\n":                      "optional parameter a must say its default",
		"Signature: x([a])\n\n  - a (text, usually b): a\n":           "write `, default WHAT`",
		"Signature: x(a)\n\n  - a (text, default b): a\n":             "required parameter a has a default",
		"Signature: x(a)\n\n  - a (text): a\n\nSignature: x(a)\n":     "two \"Signature:\" lines",
		"Signature: x(a [, b])\n\n  - a (text): a\n  - b (text): b\n": "optional parameter b must say its default",
	}
	for doc, want := range bad {
		if _, _, err := readSignature(doc); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("readSignature(%q): got error %v, want one saying %q", doc, err, want)
		}
	}
}

// TestRenderSignature checks what a function's and a case test's entries show of their
// signatures: the call form, a row per parameter saying whether it is required or its
// default, and for a case test the router case.
func TestRenderSignature(t *testing.T) {
	entryOf := func(name, doc string, caseTest bool) *entry {
		sig, rest, err := readSignature(doc)
		if err != nil {
			t.Fatal(err)
		}
		e := newEntry(name, "", rest, "x.go")
		e.Signature, e.CaseTest = sig, caseTest
		return e
	}
	fn := entryOf("foreach", "Maps.\n\nSignature: foreach(array, function [, args...])\n\n"+
		"  - array (array): the items\n  - function (function): called with each, e.g. `(x) => x | 1`\n  - args (any): extra\n", false)
	trim := entryOf("trim", "Trims.\n\nSignature: trim(text [, chars])\n\n  - text (text): the text\n  - chars (text, default whitespace): the characters\n", false)
	now := entryOf("now", "Is now.\n\nSignature: now()\n", false)
	got := string(render(&page{Title: "Functions", Intro: "x", Entries: []*entry{fn, trim, now}}))
	for _, want := range []string{
		"Maps.\n\n```\nforeach(array, function [, args...])\n```\n\n| parameter | type | required | what it is |\n| --- | --- | --- | --- |\n",
		"| `array` | array | yes | the items |\n",
		"| `function` | function | yes | called with each, e.g. `(x) => x \\| 1` |\n",
		"| `args` | any | no, any number | extra |\n",
		"| `chars` | text | no, default whitespace | the characters |\n",
		"```\nnow()\n```\n\nTakes no arguments.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("functions page lacks %q:\n%s", want, got)
		}
	}

	between := entryOf("has_number_between", "Matches.\n\nSignature: has_number_between(text, min, max)\n\n"+
		"  - text (text): the text tested\n  - min (number): the least\n  - max (number): the most\n", true)
	category := entryOf("has_category", "Matches.\n\nSignature: has_category(result [, categories...])\n\n"+
		"  - result (object): the result\n  - categories (text): the categories\n", true)
	hasText := entryOf("has_text", "Matches.\n\nSignature: has_text(text)\n\n  - text (text): the text tested\n", true)
	got = string(render(&page{Title: "Case tests", Intro: "x", Entries: []*entry{between, category, hasText}}))
	for _, want := range []string{
		"| `text` | text | the operand | the text tested |\n| `min` | number | yes | the least |\n",
		"In a router case: `{\"type\": \"has_number_between\", \"arguments\": [min, max]}`, each argument a text template.\n",
		"`{\"type\": \"has_category\", \"arguments\": [categories, ...]}`",
		"In a router case: `{\"type\": \"has_text\"}`, with no arguments.\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("case tests page lacks %q:\n%s", want, got)
		}
	}
}
