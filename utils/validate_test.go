package utils_test

import (
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/utils"
)

type validateRef struct {
	UUID string `json:"uuid" validate:"required,uuid"`
	Name string `json:"name"`
}

type validateBase struct {
	ID string `json:"uuid" validate:"required,uuid"`
}

type validateThing struct {
	validateBase
	Text         string            `json:"text" validate:"required"`
	Attachments  []string          `json:"attachments,omitempty" validate:"max=10,dive,max=2048"`
	QuickReplies []string          `json:"quick_replies,omitempty" validate:"max=10,dive,max=1000"`
	Headers      map[string]string `json:"headers,omitempty" validate:"max=10,dive,keys,max=100,endkeys,max=5000"`
	Groups       []*validateRef    `json:"groups,omitempty" validate:"dive"`
	Method       string            `json:"method,omitempty" validate:"omitempty,http_method"`
	ResultName   string            `json:"result_name,omitempty" validate:"omitempty,result_name"`
	Count        int               `json:"count" validate:"min=0,max=5"`
}

func TestValidate(t *testing.T) {
	const uuid = "ad154980-7bf7-4ab8-8728-545fd6378912"
	valid := func() *validateThing {
		return &validateThing{validateBase: validateBase{ID: uuid}, Text: "hi"}
	}
	many := make([]string, 11)
	for i := range many {
		many[i] = "x"
	}
	tests := []struct {
		name   string
		modify func(*validateThing)
		errMsg string
	}{
		{"valid", func(*validateThing) {}, ""},
		{"required and list sizes", func(v *validateThing) { v.Text, v.Attachments, v.QuickReplies = "", many, many },
			"field 'text' is required, field 'attachments' must have a maximum of 10 items, field 'quick_replies' must have a maximum of 10 items"},
		{"list item length", func(v *validateThing) { v.QuickReplies = []string{strings.Repeat("x", 1001)} },
			"field 'quick_replies[0]' must be less than or equal to 1000"},
		{"embedded field", func(v *validateThing) { v.ID = "" }, "field 'uuid' is required"},
		{"nested struct", func(v *validateThing) { v.Groups = []*validateRef{{UUID: "x", Name: "1"}} },
			"field 'groups[0].uuid' must be a valid UUID"},
		{"map size", func(v *validateThing) {
			v.Headers = map[string]string{}
			for i := 0; i < 11; i++ {
				v.Headers[string(rune('a'+i))] = "v"
			}
		}, "field 'headers' must be less than or equal to 10"},
		{"map key", func(v *validateThing) { v.Headers = map[string]string{strings.Repeat("a", 101): "v"} },
			"field 'headers[" + strings.Repeat("a", 101) + "]' must be less than or equal to 100"},
		{"map value", func(v *validateThing) { v.Headers = map[string]string{"Auth": strings.Repeat("a", 5001)} },
			"field 'headers[Auth]' must be less than or equal to 5000"},
		{"custom http_method", func(v *validateThing) { v.Method = "FETCH" }, "field 'method' is not a valid HTTP method"},
		{"custom result_name", func(v *validateThing) { v.ResultName = strings.Repeat("1", 65) },
			"field 'result_name' is not a valid result name"},
		{"number range", func(v *validateThing) { v.Count = 6 }, "field 'count' must be less than or equal to 5"},
		{"number minimum", func(v *validateThing) { v.Count = -1 }, "field 'count' must be greater than or equal to 0"},
	}
	for _, tc := range tests {
		v := valid()
		tc.modify(v)
		err := utils.Validate(v)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.errMsg {
			t.Errorf("%s: got error %q, want %q", tc.name, got, tc.errMsg)
		}
	}
}

func TestRegisterValidatorTag(t *testing.T) {
	// registration rules are checked before the validator is built, so these never register
	if utils.RegisterValidatorTag(utils.ValidatorTag{Name: ""}) == nil {
		t.Error("expected error for empty tag name")
	}
	if utils.RegisterValidatorTag(utils.ValidatorTag{Name: "nocheck"}) == nil {
		t.Error("expected error for tag without check")
	}
}

func TestHelpers(t *testing.T) {
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"header X-Something", utils.IsHTTPHeaderName("X-Something"), true},
		{"header Accept:", utils.IsHTTPHeaderName("Accept:"), false},
		{"header quote", utils.IsHTTPHeaderName(`"$?`), false},
		{"header empty", utils.IsHTTPHeaderName(""), false},
		{"method PATCH", utils.IsHTTPMethod("PATCH"), true},
		{"method get", utils.IsHTTPMethod("get"), false},
		{"result name", utils.IsResultName("Response 1"), true},
		{"result name blank", utils.IsResultName("  "), false},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}
