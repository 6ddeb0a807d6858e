package migrations

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/rivuletflows/rivulet/utils"
)

// Longest expire_after_minutes from 14.0, per flow type.
var expireMaximums = map[string]int64{
	"messaging": 20160,
	"voice":     15,
}

// migrate14_0 cuts an expire_after_minutes above what its flow type allows down to that
// maximum (a shorter one is kept, as the established migration keeps it) and names
// "Match" every category that had no name (the spec now requires one), the default one
// included.
func migrate14_0(f Flow, cfg *Config) (Flow, error) {
	if max, ok := expireMaximums[asString(f["type"])]; ok {
		if n, ok := f["expire_after_minutes"].(json.Number); ok {
			if v, err := n.Int64(); err == nil && v > max {
				f["expire_after_minutes"] = json.Number(itoa(max))
			}
		}
	}
	for _, node := range f.nodes() {
		router := asObject(node["router"])
		if router == nil {
			continue
		}
		for _, c := range objects(router, "categories") {
			if name, ok := c["name"].(string); !ok || strings.TrimSpace(name) == "" {
				c["name"] = "Match"
			}
		}
	}
	return f, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// maxQuickReplies is how many quick replies a message may have from 14.1.
const maxQuickReplies = 10

// migrate14_1 makes webhook nodes split on the HTTP status (@webhook.status between 200
// and 299) rather than on the result category, and cuts quick replies to 10.
func migrate14_1(f Flow, cfg *Config) (Flow, error) {
	for _, node := range f.nodes() {
		actions := nodeActions(node)
		router := asObject(node["router"])
		if len(actions) == 1 && isWebhookCall(actions[0]) && router != nil && asString(router["type"]) == "switch" {
			key := snakify(asString(actions[0]["result_name"]))
			if key != "" && asString(router["operand"]) == "@results."+key+".category" {
				f.useWebhookStatusCase(router)
			}
		}
		for _, action := range actions {
			if asString(action["type"]) != "send_msg" {
				continue
			}
			if qrs, ok := action["quick_replies"].([]any); ok && len(qrs) > maxQuickReplies {
				action["quick_replies"] = qrs[:maxQuickReplies]
			}
			for _, item := range f.localizedItems(asString(action["uuid"])) {
				if qrs, ok := item["quick_replies"].([]any); ok && len(qrs) > maxQuickReplies {
					item["quick_replies"] = qrs[:maxQuickReplies]
				}
			}
		}
	}
	return f, nil
}

// useWebhookStatusCase makes a webhook router split on @webhook.status with a single case
// (keeping the UUID of the first case) sending 2xx statuses to the success category.
// Translations of the old cases' arguments no longer apply and are dropped.
func (f Flow) useWebhookStatusCase(router map[string]any) {
	cases := objects(router, "cases")
	if len(cases) == 0 {
		return
	}
	categoryUUID := asString(cases[0]["category_uuid"])
	for _, c := range objects(router, "categories") {
		if asString(c["name"]) == "Success" {
			categoryUUID = asString(c["uuid"])
			break
		}
	}
	for _, c := range cases {
		f.deleteLocalizedProperty(asString(c["uuid"]), "arguments")
	}
	router["operand"] = "@webhook.status"
	router["cases"] = []any{map[string]any{
		"uuid":          cases[0]["uuid"],
		"type":          "has_number_between",
		"arguments":     []any{"200", "299"},
		"category_uuid": categoryUUID,
	}}
}

// snakify makes the key of a result from its name, as the engine keys results:
// "Call 2" -> "call_2".
func snakify(s string) string { return utils.Snakify(s) }

// migrate14_2 renames the body of open_ticket to note, and drops translations into
// languages that are not ISO 639-3 codes (such as the old "base").
func migrate14_2(f Flow, cfg *Config) (Flow, error) {
	for _, action := range f.allActions() {
		if asString(action["type"]) != "open_ticket" {
			continue
		}
		// an empty body is left as it is, as the established migration leaves it
		if body, has := action["body"]; has && asString(body) != "" {
			delete(action, "body")
			action["note"] = body
		}
	}
	for lang := range f.localization() {
		if !isLanguageCode(lang) {
			delete(f.localization(), lang)
		}
	}
	return f, nil
}

// isLanguageCode checks the shape of an ISO 639-3 code: three lower case letters.
func isLanguageCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// localsForResults names the local each action type writes its outcome to from 14.3, in
// place of a result.
var localsForResults = map[string]string{
	"open_ticket":      "_new_ticket",
	"transfer_airtime": "_new_transfer",
}

// migrate14_3 stops open_ticket and transfer_airtime from saving results: the router of
// their node now splits on the local they set (non-empty means success) and takes over the
// result name.
//
// Only nodes with a switch router are changed, as in the established migration: an action
// on a node without one keeps its result_name.
func migrate14_3(f Flow, cfg *Config) (Flow, error) {
	for _, node := range f.nodes() {
		router := asObject(node["router"])
		if router == nil || asString(router["type"]) != "switch" {
			continue
		}
		for _, action := range nodeActions(node) {
			local, ok := localsForResults[asString(action["type"])]
			if !ok {
				continue
			}
			resultName, has := action["result_name"].(string)
			if !has {
				continue
			}
			delete(action, "result_name")
			key := snakify(resultName)
			operand := asString(router["operand"])
			if key == "" || (operand != "@results."+key && operand != "@results."+key+".category") {
				continue
			}
			router["operand"] = "@locals." + local
			if _, has := router["result_name"]; !has {
				router["result_name"] = resultName
			}
			for _, c := range objects(router, "cases") {
				if asString(c["type"]) == "has_category" {
					args := stringList(c["arguments"])
					if len(args) == 1 && args[0] == "Success" {
						c["type"] = "has_text"
						c["arguments"] = []any{}
						f.deleteLocalizedProperty(asString(c["uuid"]), "arguments")
					}
				}
			}
		}
	}
	return f, nil
}

// singleArgumentTests are the case tests that took a list of words as many arguments and
// from 14.3.1 take them as one space separated argument.
var singleArgumentTests = map[string]bool{
	"has_any_word":    true,
	"has_all_words":   true,
	"has_phrase":      true,
	"has_only_phrase": true,
}

// migrate14_3_1 joins the arguments of word and phrase tests into one, translations too.
func migrate14_3_1(f Flow, cfg *Config) (Flow, error) {
	join := func(v any) any {
		args, ok := v.([]any)
		if !ok || len(args) <= 1 {
			return v
		}
		return []any{strings.Join(stringList(args), " ")}
	}
	for _, node := range f.nodes() {
		router := asObject(node["router"])
		if router == nil {
			continue
		}
		for _, c := range objects(router, "cases") {
			if !singleArgumentTests[asString(c["type"])] {
				continue
			}
			c["arguments"] = join(c["arguments"])
			for _, item := range f.localizedItems(asString(c["uuid"])) {
				if args, has := item["arguments"]; has {
					item["arguments"] = join(args)
				}
			}
		}
	}
	return f, nil
}

// migrate14_4 drops all_urns from send_msg: messages always go to the preferred URN.
func migrate14_4(f Flow, cfg *Config) (Flow, error) {
	for _, action := range f.allActions() {
		if asString(action["type"]) == "send_msg" {
			delete(action, "all_urns")
		}
	}
	return f, nil
}

// isWebhookNode reports whether the node calls a webhook or resthook (its last action),
// which is what gives @webhook a value for its router.
func isWebhookNode(node map[string]any) bool {
	actions := nodeActions(node)
	if len(actions) == 0 {
		return false
	}
	t := asString(actions[len(actions)-1]["type"])
	return t == "call_webhook" || t == "call_resthook"
}

// migrate14_4_1 fixes webhook and resthook splits on @webhook.json.status (the status field
// of the response body, not the HTTP status) to split on @webhook.status between 200 and
// 299, and so too splits on the call's result category (@results.KEY.category), which
// editors kept writing after 14.1 rewrote them.
func migrate14_4_1(f Flow, cfg *Config) (Flow, error) {
	for _, node := range f.nodes() {
		router := asObject(node["router"])
		if router == nil || asString(router["type"]) != "switch" || !isWebhookNode(node) {
			continue
		}
		operand := asString(router["operand"])
		actions := nodeActions(node)
		key := snakify(asString(actions[len(actions)-1]["result_name"]))
		if operand == "@webhook.json.status" || (key != "" && operand == "@results."+key+".category") {
			f.useWebhookStatusCase(router)
		}
	}
	return f, nil
}

// migrate14_4_2 makes webhook status splits treat a call that got no response (no status)
// as status 0, so it takes the failure path instead of erroring.
func migrate14_4_2(f Flow, cfg *Config) (Flow, error) {
	for _, node := range f.nodes() {
		router := asObject(node["router"])
		if router == nil || asString(router["type"]) != "switch" || !isWebhookNode(node) {
			continue
		}
		if asString(router["operand"]) == "@webhook.status" {
			router["operand"] = "@(default(webhook.status, 0))"
		}
	}
	return f, nil
}

// isWebhookCall reports whether an action calls a webhook or a resthook; both save the call
// as @webhook, so both kinds of node split on its status from 14.1.
func isWebhookCall(action map[string]any) bool {
	t := asString(action["type"])
	return t == "call_webhook" || t == "call_resthook"
}
