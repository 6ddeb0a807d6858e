package functions

import (
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils/urns"
)

// URN functions: showing contact addresses to people. Both honour the environment's
// redaction policy, so a flow never reveals a redacted path.

func init() {
	registerText("format_urn", 1, 1, urnFormat)
	registerText("urn_parts", 1, 1, urnParts)
}

// parseURNArg reads and validates a URN argument.
func parseURNArg(env envs.Environment, arg types.XValue) (urns.URN, types.XError) {
	t, err := types.ToXText(env, arg)
	if err != nil {
		return urns.NilURN, err
	}
	u := urns.URN(t.Native())
	if verr := u.Validate(); verr != nil {
		return urns.NilURN, types.NewXErrorf("%s is not a valid URN: %s", t.Describe(), verr)
	}
	return u, nil
}

// urnFormat writes a URN as a person would read it: format_urn("tel:+250781234567") is
// "0781 234 567", a twitterid URN is its handle.
//
//	@(format_urn("tel:+250781234567")) → 0781 234 567
//	@(format_urn("twitter:134252511151#billy_bob")) → billy_bob
//	@(format_urn("NOT URN")) → ERROR
//
// Signature: format_urn(urn)
//
//   - urn (text): the URN, such as `tel:+250781234567`
func urnFormat(env envs.Environment, args ...types.XValue) types.XValue {
	u, err := parseURNArg(env, args[0])
	if err != nil {
		return err
	}
	if env.RedactionPolicy() == envs.RedactionPolicyURNs {
		return types.NewXText(urns.RedactedPath)
	}
	return types.NewXText(u.Format())
}

// urnParts splits a URN into scheme, path and display:
// urn_parts("twitterid:3263621177#bobby") is {display: bobby, path: 3263621177, scheme: twitterid}.
//
//	@(urn_parts("tel:+593979012345").path) → +593979012345
//	@(urn_parts("twitterid:3263621177#bobby")) → {display: bobby, path: 3263621177, scheme: twitterid}
//	@(urn_parts("NOT URN")) → ERROR
//
// Signature: urn_parts(urn)
//
//   - urn (text): the URN, such as `tel:+250781234567`
func urnParts(env envs.Environment, args ...types.XValue) types.XValue {
	u, err := parseURNArg(env, args[0])
	if err != nil {
		return err
	}
	path, display := u.Path(), u.Display()
	if env.RedactionPolicy() == envs.RedactionPolicyURNs {
		path = urns.RedactedPath
		if display != "" {
			display = urns.RedactedPath
		}
	}
	return types.NewXObject(map[string]types.XValue{
		"scheme":  types.NewXText(u.Scheme()),
		"path":    types.NewXText(path),
		"display": types.NewXText(display),
	})
}
