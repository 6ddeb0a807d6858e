package functions

import (
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// The JSON functions, for webhook bodies and for reading JSON kept in fields or results.

func init() {
	registerArgs("json", 1, 1, jsonOf)
	registerArgs("parse_json", 1, 1, parseJSON)
}

// jsonOf writes a value as JSON text: json("string") is "string" with its quotes,
// json(object("a", 1)) is {"a":1}.
//
//	@(json("string")) → "string"
//	@(json(10)) → 10
//	@(json(object("a", 1, "b", array(true, null)))) → {"a":1,"b":[true,null]}
//
// Signature: json(value)
//
//   - value (any): the value to write as JSON
func jsonOf(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXJSON(args[0])
	if err != nil {
		return err
	}
	return t
}

// parseJSON reads JSON text into a value whose properties and items can be looked up:
// parse_json("[1,2,3,4]")[2] is 3.
//
//	@(parse_json("[1,2,3,4]")[2]) → 3
//	@(parse_json("{\"a\": {\"b\": \"hi\"}}").a.b) → hi
//	@(parse_json("invalid")) → ERROR
//
// Signature: parse_json(text)
//
//   - text (text): JSON text, such as a webhook's response body
func parseJSON(env envs.Environment, args ...types.XValue) types.XValue {
	text, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	return types.ReadXValue([]byte(text.Native()))
}
