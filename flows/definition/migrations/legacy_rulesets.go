package migrations

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Rule sets of the legacy format become nodes with a router. Each rule is a test, a
// category and a destination: rules sharing a category name and destination share one
// category and exit, the "true" rule is the default category, and a timeout rule is the
// wait's timeout. Rule sets which did something before splitting (call a webhook, enter a
// subflow, send airtime) become that action followed by a split on its outcome.

// legacyWaitHints are the hints of the rule sets which wait for a particular kind of reply.
var legacyWaitHints = map[string]map[string]any{
	"wait_photo":     {"type": "image"},
	"wait_video":     {"type": "video"},
	"wait_audio":     {"type": "audio"},
	"wait_recording": {"type": "audio"},
	"wait_gps":       {"type": "location"},
	"wait_digit":     {"type": "digits", "count": json.Number("1")},
}

// legacyRuleSetUITypes are the editor node types of the rule sets.
var legacyRuleSetUITypes = map[string]string{
	"expression":     "split_by_expression",
	"contact_field":  "split_by_contact_field",
	"flow_field":     "split_by_run_result",
	"form_field":     "split_by_run_result_delimited",
	"webhook":        "split_by_webhook",
	"resthook":       "split_by_resthook",
	"subflow":        "split_by_subflow",
	"random":         "split_by_random",
	"group":          "split_by_groups",
	"airtime":        "split_by_airtime",
	"wait_message":   "wait_for_response",
	"wait_photo":     "wait_for_response",
	"wait_video":     "wait_for_response",
	"wait_audio":     "wait_for_response",
	"wait_recording": "wait_for_response",
	"wait_gps":       "wait_for_response",
	"wait_digit":     "wait_for_response",
	"wait_digits":    "wait_for_response",
}

// legacyCaseTypes maps the legacy rule tests which take their arguments as they are.
var legacyCaseTypes = map[string]string{
	"contains":             "has_all_words",
	"contains_any":         "has_any_word",
	"contains_phrase":      "has_phrase",
	"contains_only_phrase": "has_only_phrase",
	"starts":               "has_beginning",
	"regex":                "has_pattern",
	"date":                 "has_date",
	"date_after":           "has_date_gt",
	"date_before":          "has_date_lt",
	"date_equal":           "has_date_eq",
	"number":               "has_number",
	"eq":                   "has_number_eq",
	"gt":                   "has_number_gt",
	"gte":                  "has_number_gte",
	"lt":                   "has_number_lt",
	"lte":                  "has_number_lte",
	"between":              "has_number_between",
	"district":             "has_district",
	"ward":                 "has_ward",
	"state":                "has_state",
	"phone":                "has_phone",
	"has_email":            "has_email",
	"not_empty":            "has_text",
	"in_group":             "has_group",
	"subflow":              "has_only_text",
	"webhook_status":       "has_only_text",
	"airtime_status":       "has_category",
}

// legacyLocalizedTests are the tests whose argument is a text per language.
var legacyLocalizedTests = map[string]bool{
	"contains": true, "contains_any": true, "contains_phrase": true,
	"contains_only_phrase": true, "starts": true, "regex": true,
}

// relativeDatePattern finds `@(date.today + n)`, which the editor shows as "n days from
// today".
var relativeDatePattern = regexp.MustCompile(`^@\(\s*date\.today\s*([+-])\s*(-?\d+)\s*\)$`)

// contactOperandPattern finds a single contact value, `@contact.key`.
var contactOperandPattern = regexp.MustCompile(`^@contact\.([a-zA-Z0-9_]+)$`)

// jsonText gives a legacy test argument (a string or a number) as text.
func jsonText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case float64:
		return strconv.FormatFloat(t, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(t)
	}
	return ""
}

// convertTest converts a legacy rule test to a case. It returns a nil case for tests which
// are not cases of the router (the airtime failure, covered by the default category), and
// the arguments the editor shows for relative dates.
func (c *legacyConverter) convertTest(test map[string]any, caseUUID, categoryUUID string) (map[string]any, []any, error) {
	typ := asString(test["type"])
	caseType, known := legacyCaseTypes[typ]
	if !known {
		if typ == "" {
			return nil, nil, fmt.Errorf("rule test has no type")
		}
		return nil, nil, fmt.Errorf("unknown rule test type '%s'", typ)
	}
	var args []any
	var uiArgs []any
	switch {
	case legacyLocalizedTests[typ]:
		base, others := c.translated(test["test"])
		args = []any{migrateText(base)}
		for lang, s := range others {
			c.localize(lang, caseUUID, "arguments", []any{migrateText(s)})
		}
	case typ == "between":
		args = []any{migrateText(jsonText(test["min"])), migrateText(jsonText(test["max"]))}
	case typ == "eq" || typ == "gt" || typ == "gte" || typ == "lt" || typ == "lte" || typ == "district":
		args = []any{migrateText(jsonText(test["test"]))}
	case typ == "date_after" || typ == "date_before" || typ == "date_equal":
		raw := jsonText(test["test"])
		args = []any{migrateText(raw)}
		if m := relativeDatePattern.FindStringSubmatch(raw); m != nil {
			n, _ := strconv.Atoi(m[2])
			if m[1] == "-" {
				n = -n
			}
			uiArgs = []any{strconv.Itoa(n)}
		}
	case typ == "ward":
		args = []any{migrateText(asString(test["district"])), migrateText(asString(test["state"]))}
	case typ == "in_group":
		group := asObject(test["test"])
		args = []any{asString(group["uuid"]), asString(group["name"])}
	case typ == "subflow":
		args = []any{asString(test["exit_type"])}
	case typ == "webhook_status":
		switch status := asString(test["status"]); status {
		case "success":
			args = []any{"Success"}
		case "failure":
			args = []any{"Failure"}
		default:
			return nil, nil, fmt.Errorf("unknown webhook status '%s'", status)
		}
	case typ == "airtime_status":
		switch status := asString(test["exit_status"]); status {
		case "success":
			args = []any{"Success"}
		case "failed":
			return nil, nil, nil
		default:
			return nil, nil, fmt.Errorf("unknown airtime status '%s'", status)
		}
	}
	out := map[string]any{"uuid": caseUUID, "type": caseType, "category_uuid": categoryUUID}
	if len(args) > 0 {
		out["arguments"] = args
	}
	return out, uiArgs, nil
}

// legacyCategory is a category being built from one or more rules.
type legacyCategory struct {
	uuid, name, exitUUID, destination string
	isDefault                         bool
}

// legacyNode is a converted action set or rule set: the node and its editor details.
type legacyNode struct {
	node map[string]any
	ui   map[string]any
}

// convertRuleSet converts a legacy rule set to a node. Destinations for which keep is false
// (nodes that don't exist) are dropped. It goes in the order the UUIDs it makes must come
// in: categories and exits, then cases, then the actions of rule sets that call something.
func (c *legacyConverter) convertRuleSet(rs map[string]any, keep func(string) bool) (*legacyNode, error) {
	rsType := asString(rs["ruleset_type"])
	if rsType == "" {
		rsType = "wait_message"
	}
	uiType, known := legacyRuleSetUITypes[rsType]
	if !known {
		return nil, fmt.Errorf("unknown rule set type '%s'", rsType)
	}
	rules := objects(rs, "rules")
	cats := c.ruleSetCategories(rsType, rules, keep)
	cases, uiCases, err := c.ruleSetCases(rsType, rules, cats.ofRule)
	if err != nil {
		return nil, err
	}

	router, exits := ruleSetRouter(rsType, asString(rs["label"]), cats, cases)
	node := map[string]any{"uuid": asString(rs["uuid"]), "router": router, "exits": exits}
	ui := map[string]any{"type": uiType}
	uiConfig := map[string]any{}
	c.ruleSetOperand(rs, rsType, node, router, ui, uiConfig, cats)

	if len(uiCases) > 0 {
		uiConfig["cases"] = uiCases
	}
	if len(uiConfig) > 0 {
		ui["config"] = uiConfig
	}
	ui["position"] = legacyPosition(rs)
	return &legacyNode{node: node, ui: ui}, nil
}

// legacyCategories are the categories of a rule set, in the order of its rules: rules
// going to the same place under the same name share one.
type legacyCategories struct {
	all            []*legacyCategory
	ofRule         []*legacyCategory
	defaultCat     *legacyCategory
	timeoutCat     *legacyCategory
	timeoutSeconds int64
}

// ruleSetCategories makes the categories of a rule set's rules and picks its default and
// timeout categories.
func (c *legacyConverter) ruleSetCategories(rsType string, rules []map[string]any, keep func(string) bool) *legacyCategories {
	cats := &legacyCategories{ofRule: make([]*legacyCategory, len(rules))}
	for i, rule := range rules {
		test := asObject(rule["test"])
		testType := asString(test["type"])
		name, others := c.translated(rule["category"])
		dest := asString(rule["destination"])
		if keep != nil && dest != "" && !keep(dest) {
			dest = ""
		}
		isDefault := testType == "true" || testType == "timeout" ||
			(rsType == "airtime" && testType == "airtime_status" && asString(test["exit_status"]) == "failed")
		cat := cats.shared(name, dest, isDefault)
		if cat == nil {
			cat = &legacyCategory{uuid: c.cfg.newUUID(), name: name, exitUUID: asString(rule["uuid"]), destination: dest, isDefault: isDefault}
			if cat.exitUUID == "" {
				cat.exitUUID = c.cfg.newUUID()
			}
			cats.all = append(cats.all, cat)
			for lang, s := range others {
				c.localize(lang, cat.uuid, "name", []any{s})
			}
		}
		cats.ofRule[i] = cat
		switch {
		case testType == "true":
			cats.defaultCat = cat
		case testType == "timeout":
			cats.timeoutCat = cat
			minutes, _ := strconv.ParseInt(jsonText(test["minutes"]), 10, 64)
			cats.timeoutSeconds = minutes * 60
		case rsType == "airtime" && isDefault:
			cats.defaultCat = cat
		case (rsType == "webhook" || rsType == "resthook") && testType == "webhook_status" && asString(test["status"]) == "failure":
			cats.defaultCat = cat
		}
	}
	return cats
}

// shared is the category an earlier rule made for the same name and destination, nil for
// default rules, which always get their own.
func (cats *legacyCategories) shared(name, dest string, isDefault bool) *legacyCategory {
	if isDefault {
		return nil
	}
	for _, existing := range cats.all {
		if !existing.isDefault && existing.name == name && existing.destination == dest {
			return existing
		}
	}
	return nil
}

// ruleSetCases converts the tests of a rule set's rules to router cases, in the order of
// the rules, with the editor's view of their arguments keyed by case UUID.
func (c *legacyConverter) ruleSetCases(rsType string, rules []map[string]any, ruleCategories []*legacyCategory) ([]any, map[string]any, error) {
	cases := []any{}
	uiCases := map[string]any{}
	for i, rule := range rules {
		test := asObject(rule["test"])
		testType := asString(test["type"])
		if testType == "true" || testType == "timeout" || rsType == "random" {
			continue
		}
		caseUUID := c.cfg.newUUID()
		kase, uiArgs, err := c.convertTest(test, caseUUID, ruleCategories[i].uuid)
		if err != nil {
			return nil, nil, fmt.Errorf("rule[%d] (%s): %w", i, asString(rule["uuid"]), err)
		}
		if kase == nil {
			continue
		}
		cases = append(cases, kase)
		if uiArgs != nil {
			uiCases[caseUUID] = map[string]any{"arguments": uiArgs}
		}
	}
	return cases, uiCases, nil
}

// ruleSetRouter is the router of a rule set (random, or a switch on its cases) and the
// node's exits, one per category.
func ruleSetRouter(rsType, label string, cats *legacyCategories, cases []any) (map[string]any, []any) {
	categoriesJSON := make([]any, len(cats.all))
	exits := make([]any, len(cats.all))
	for i, cat := range cats.all {
		categoriesJSON[i] = map[string]any{"uuid": cat.uuid, "name": cat.name, "exit_uuid": cat.exitUUID}
		exit := map[string]any{"uuid": cat.exitUUID}
		if cat.destination != "" {
			exit["destination_uuid"] = cat.destination
		}
		exits[i] = exit
	}

	router := map[string]any{"type": "switch", "categories": categoriesJSON}
	if rsType == "random" {
		router["type"] = "random"
	} else {
		router["cases"] = cases
		router["default_category_uuid"] = ""
		if cats.defaultCat != nil {
			router["default_category_uuid"] = cats.defaultCat.uuid
		}
	}
	if label != "" {
		router["result_name"] = label
	}
	return router, exits
}

// ruleSetOperand sets what the router of a rule set switches on, by rule set type: the
// input of a wait, an expression or field, or the result of an action the node runs first
// (webhook, resthook, airtime, subflow).
func (c *legacyConverter) ruleSetOperand(rs map[string]any, rsType string, node, router, ui, uiConfig map[string]any, cats *legacyCategories) {
	label := asString(rs["label"])
	resultKey := snakify(label)
	config := asObject(rs["config"])
	operand := asString(rs["operand"])

	switch rsType {
	case "wait_message", "wait_photo", "wait_video", "wait_audio", "wait_recording", "wait_gps", "wait_digit", "wait_digits":
		router["operand"] = "@input"
		if rsType == "wait_digits" || rsType == "wait_digit" {
			router["operand"] = "@input.text"
		}
		router["wait"] = legacyWait(rs, rsType, cats)
	case "expression":
		router["operand"] = migrateLegacyTemplate(operand, legacyTemplateOptions{DefaultToSelf: true})
	case "contact_field":
		router["operand"] = migrateContactFieldOperand(operand)
		if uiOperand := legacyContactFieldOperand(operand); uiOperand != nil {
			uiConfig["operand"] = uiOperand
		} else {
			ui["type"] = "split_by_expression"
		}
	case "flow_field":
		router["operand"] = migrateText(operand)
		uiConfig["operand"] = map[string]any{"id": legacyResultKey(operand)}
	case "form_field":
		router["operand"] = legacyFormFieldOperand(operand, config, uiConfig)
	case "group":
		router["operand"] = "@contact.groups"
	case "random":
	case "webhook":
		action := map[string]any{"type": "call_webhook", "uuid": c.cfg.newUUID()}
		legacyWebhookInto(action, asString(config["webhook"]), asString(config["webhook_action"]), config["webhook_headers"])
		c.splitOnAction(node, router, action, label, "@results."+resultKey+".category")
	case "resthook":
		action := map[string]any{"type": "call_resthook", "uuid": c.cfg.newUUID(), "resthook": asString(config["resthook"])}
		c.splitOnAction(node, router, action, label, "@results."+resultKey+".category")
	case "airtime":
		amounts := map[string]any{}
		for _, country := range config {
			if o := asObject(country); o != nil {
				amounts[asString(o["currency_code"])] = o["amount"]
			}
		}
		action := map[string]any{"type": "transfer_airtime", "uuid": c.cfg.newUUID(), "amounts": amounts}
		c.splitOnAction(node, router, action, label, "@results."+resultKey)
	case "subflow":
		action := map[string]any{"type": "enter_flow", "uuid": c.cfg.newUUID(), "flow": legacyFlowRef(config["flow"])}
		node["actions"] = []any{action}
		router["operand"] = "@child.status"
	}
}

// legacyWait is the message wait of a wait_* rule set: its hint, and its timeout when a
// rule is a timeout.
func legacyWait(rs map[string]any, rsType string, cats *legacyCategories) map[string]any {
	wait := map[string]any{"type": "msg"}
	if hint := legacyWaitHints[rsType]; hint != nil {
		h := map[string]any{}
		for k, v := range hint {
			h[k] = v
		}
		wait["hint"] = h
	}
	if rsType == "wait_digits" {
		hint := map[string]any{"type": "digits"}
		if key := asString(rs["finished_key"]); key != "" {
			hint["terminated_by"] = key
		}
		wait["hint"] = hint
	}
	if cats.timeoutCat != nil {
		wait["timeout"] = map[string]any{"seconds": json.Number(strconv.FormatInt(cats.timeoutSeconds, 10)), "category_uuid": cats.timeoutCat.uuid}
	}
	return wait
}

// legacyFormFieldOperand splits a form_field rule set's operand with field(), recording
// the delimiter and index for the editor.
func legacyFormFieldOperand(operand string, config, uiConfig map[string]any) string {
	inner := strings.TrimPrefix(migrateText(operand), "@")
	if strings.HasPrefix(inner, "(") && strings.HasSuffix(inner, ")") {
		inner = inner[1 : len(inner)-1]
	}
	delimiter := asString(config["field_delimiter"])
	if delimiter == "" {
		delimiter = " "
	}
	index := jsonText(config["field_index"])
	if index == "" {
		index = "0"
	}
	uiConfig["delimiter"] = delimiter
	uiConfig["index"] = json.Number(index)
	uiConfig["operand"] = map[string]any{"id": legacyResultKey(operand)}
	return fmt.Sprintf("@(field(%s, %s, %s))", inner, index, quoteString(delimiter))
}

// splitOnAction makes a node run an action which saves a result, and split on it.
func (c *legacyConverter) splitOnAction(node, router, action map[string]any, label, operand string) {
	action["result_name"] = label
	node["actions"] = []any{action}
	delete(router, "result_name")
	router["operand"] = operand
}

// legacyContactFieldOperand gives the editor's description of the contact value a
// contact_field rule set splits on, or nil when it isn't a single value.
func legacyContactFieldOperand(operand string) map[string]any {
	m := contactOperandPattern.FindStringSubmatch(strings.TrimSpace(operand))
	if m == nil {
		return nil
	}
	key := strings.ToLower(m[1])
	switch {
	case key == "groups":
		return nil
	case legacyContactPropertyNames[key] != "":
		return map[string]any{"id": key, "name": legacyContactPropertyNames[key], "type": "property"}
	case legacyURNSchemes[key]:
		return map[string]any{"id": key, "type": "scheme"}
	}
	return map[string]any{"id": key, "type": "field"}
}

// legacyResultKey gives the result key of a "@flow.key" operand.
func legacyResultKey(operand string) string {
	segs := strings.Split(strings.TrimPrefix(strings.TrimSpace(operand), "@"), ".")
	if len(segs) >= 2 && strings.EqualFold(segs[0], "flow") {
		return strings.ToLower(segs[1])
	}
	return ""
}

// legacyPosition gives the editor position of an action set or rule set.
func legacyPosition(o map[string]any) map[string]any {
	return map[string]any{"left": legacyCoordinate(o["x"]), "top": legacyCoordinate(o["y"])}
}

func legacyCoordinate(v any) json.Number {
	f, err := strconv.ParseFloat(jsonText(v), 64)
	if err != nil {
		return json.Number("0")
	}
	return json.Number(strconv.FormatInt(int64(f), 10))
}

// contactURNOperand matches the operand of a contact_field rule set on a URN scheme,
// @contact.telegram.
var contactURNOperand = regexp.MustCompile(`^@contact\.([a-z]+)$`)

// migrateContactFieldOperand migrates a contact_field rule set's operand. One on a URN
// scheme splits on the URN's path, or "" when the contact has none (where the same
// reference in a text is the formatted URN), as the established migration writes it.
func migrateContactFieldOperand(operand string) string {
	if m := contactURNOperand.FindStringSubmatch(strings.ToLower(strings.TrimSpace(operand))); m != nil && legacyURNSchemes[m[1]] {
		return fmt.Sprintf("@(default(urn_parts(urns.%s).path, \"\"))", m[1])
	}
	return migrateText(operand)
}
