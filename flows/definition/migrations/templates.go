package migrations

// Which fields of a flow are templates of the expression language, so that migrations which
// rewrite expressions reach all of them and nothing else (names of categories, results and
// fields are plain text).

// actionTemplateFields lists, per action type, the fields holding templates. A field may
// hold a string, an array of strings or an object of strings (webhook headers).
var actionTemplateFields = map[string][]string{
	"add_contact_urn":       {"path"},
	"call_classifier":       {"input"},
	"call_llm":              {"input", "instructions"},
	"call_webhook":          {"url", "headers", "body"},
	"open_ticket":           {"subject", "body", "note"},
	"play_audio":            {"audio_url"},
	"say_msg":               {"text", "audio_url"},
	"send_broadcast":        {"text", "attachments", "quick_replies", "contact_query", "legacy_vars", "template_variables"},
	"send_email":            {"addresses", "subject", "body"},
	"send_msg":              {"text", "attachments", "quick_replies", "template_variables"},
	"set_contact_field":     {"value"},
	"set_contact_language":  {"language"},
	"set_contact_name":      {"name"},
	"set_contact_timezone":  {"timezone"},
	"set_run_local":         {"value"},
	"set_run_result":        {"value"},
	"start_session":         {"contact_query", "legacy_vars"},
	"add_input_labels":      nil,
	"add_contact_groups":    nil,
	"remove_contact_groups": nil,
}

// referenceListFields are fields holding lists of asset references, whose `name_match`
// is a template.
var referenceListFields = []string{"groups", "labels"}

// rewriteAllTemplates applies fn to every template in the flow: action fields, router
// operands and case arguments, and the translations of all of these.
func (f Flow) rewriteAllTemplates(fn func(string) string) {
	for _, node := range f.nodes() {
		for _, action := range nodeActions(node) {
			rewriteActionTemplates(action, fn)
		}
		if router := asObject(node["router"]); router != nil {
			if _, ok := router["operand"].(string); ok {
				router["operand"] = fn(router["operand"].(string))
			}
			for _, c := range objects(router, "cases") {
				if args, ok := c["arguments"].([]any); ok {
					c["arguments"] = rewriteValue(args, fn)
				}
			}
		}
	}

	categories := map[string]bool{}
	for _, node := range f.nodes() {
		if router := asObject(node["router"]); router != nil {
			for _, c := range objects(router, "categories") {
				categories[asString(c["uuid"])] = true
			}
		}
	}
	for _, items := range f.localization() {
		for uuid, item := range asObject(items) {
			if categories[uuid] {
				continue // category translations are names, not templates
			}
			itemObj := asObject(item)
			for prop, v := range itemObj {
				itemObj[prop] = rewriteValue(v, fn)
			}
		}
	}
}

// rewriteActionTemplates applies fn to the template fields of one action.
func rewriteActionTemplates(action map[string]any, fn func(string) string) {
	typ := asString(action["type"])
	for _, field := range actionTemplateFields[typ] {
		if v, has := action[field]; has {
			action[field] = rewriteValue(v, fn)
		}
	}
	for _, field := range referenceListFields {
		for _, ref := range objects(action, field) {
			if v, has := ref["name_match"]; has {
				ref["name_match"] = rewriteValue(v, fn)
			}
		}
	}
	// the templating of send_msg before 13.5
	if templating := asObject(action["templating"]); templating != nil {
		if v, has := templating["variables"]; has {
			templating["variables"] = rewriteValue(v, fn)
		}
		for _, comp := range objects(templating, "components") {
			if v, has := comp["params"]; has {
				comp["params"] = rewriteValue(v, fn)
			}
		}
	}
}

// rewriteValue applies fn to a string, to the strings of an array, or to the string values
// of an object, and returns the value to store.
func rewriteValue(v any, fn func(string) string) any {
	switch t := v.(type) {
	case string:
		return fn(t)
	case []any:
		for i, x := range t {
			if s, ok := x.(string); ok {
				t[i] = fn(s)
			}
		}
		return t
	case map[string]any:
		for k, x := range t {
			if s, ok := x.(string); ok {
				t[k] = fn(s)
			}
		}
		return t
	}
	return v
}
