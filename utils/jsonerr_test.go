package utils_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/rivuletflows/rivulet/utils"
	"github.com/stretchr/testify/assert"
)

func TestDescribeJSONError(t *testing.T) {
	type inner struct {
		Count int `json:"count"`
	}
	type doc struct {
		Resumes []json.RawMessage `json:"resumes"`
		Name    string            `json:"name"`
		Inner   inner             `json:"inner"`
		Flag    bool              `json:"flag"`
	}
	tcs := []struct{ json, want string }{
		{`{"resumes": {}}`, "field 'resumes' must be an array, not an object"},
		{`{"name": 5}`, "field 'name' must be a string, not a number"},
		{`{"inner": {"count": "x"}}`, "field 'inner.count' must be a whole number, not a string"},
		{`{"flag": []}`, "field 'flag' must be a boolean, not an array"},
		{`[1]`, "must be an object, not an array"},
		{`{"name": "x",}`, "invalid JSON at byte 14: invalid character '}' looking for beginning of object key string"},
		{`{"name": `, "invalid JSON at byte 9: unexpected end of JSON input"},
	}
	for _, tc := range tcs {
		var d doc
		err := utils.DescribeJSONError(json.Unmarshal([]byte(tc.json), &d))
		if assert.Error(t, err, tc.json) {
			assert.Equal(t, tc.want, err.Error(), tc.json)
			assert.NotContains(t, err.Error(), "Go ")
			assert.NotContains(t, err.Error(), "json.")
		}
	}
	assert.NoError(t, utils.DescribeJSONError(nil))
	other := errors.New("boom")
	assert.Equal(t, other, utils.DescribeJSONError(other))
}
