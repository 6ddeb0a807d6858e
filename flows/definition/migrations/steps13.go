package migrations

import (
	"strings"
)

// migrate13_1 gives the templating of each send_msg a UUID, so that its variables can be
// translated like any other localizable item.
func migrate13_1(f Flow, cfg *Config) (Flow, error) {
	for _, action := range f.allActions() {
		if asString(action["type"]) != "send_msg" {
			continue
		}
		if templating := asObject(action["templating"]); templating != nil {
			if _, has := templating["uuid"]; !has {
				templating["uuid"] = cfg.newUUID()
			}
		}
	}
	return f, nil
}

// migrate13_2 replaces the pseudo-language "base" as the flow language by "und"
// (undetermined); a translation into "und" would then shadow the flow's own texts, so it
// goes.
func migrate13_2(f Flow, cfg *Config) (Flow, error) {
	if asString(f["language"]) == "base" {
		f["language"] = "und"
		if loc := f.localization(); loc != nil {
			delete(loc, "und")
		}
	}
	return f, nil
}

// migrate13_3 follows the change of the webhook context: the parsed body moved from
// `webhook` to `webhook.json`, so every reference to webhook gains a `.json`.
func migrate13_3(f Flow, cfg *Config) (Flow, error) {
	f.rewriteAllTemplates(func(tpl string) string {
		return rewriteTemplate(tpl, func(path []string) []string {
			if !strings.EqualFold(path[0], "webhook") {
				return path
			}
			out := make([]string, 0, len(path)+1)
			out = append(out, path[0], "json")
			return append(out, path[1:]...)
		})
	})
	return f, nil
}

// migrate13_4 turns the templating variables of send_msg into a list of components, the
// variables becoming the params of a "body" component with its own UUID (translations move
// from the templating's UUID to the component's).
func migrate13_4(f Flow, cfg *Config) (Flow, error) {
	for _, action := range f.allActions() {
		if asString(action["type"]) != "send_msg" {
			continue
		}
		templating := asObject(action["templating"])
		if templating == nil {
			continue
		}
		oldUUID := asString(templating["uuid"])
		vars, hasVars := templating["variables"]
		delete(templating, "uuid")
		delete(templating, "variables")

		if hasVars && len(asArray(vars)) > 0 {
			compUUID := cfg.newUUID()
			templating["components"] = []any{map[string]any{
				"uuid":   compUUID,
				"name":   "body",
				"params": vars,
			}}
			if oldUUID != "" {
				for _, items := range f.localization() {
					itemsObj := asObject(items)
					item := asObject(itemsObj[oldUUID])
					if item == nil {
						continue
					}
					delete(itemsObj, oldUUID)
					moved := map[string]any{}
					for k, v := range item {
						if k == "variables" {
							k = "params"
						}
						moved[k] = v
					}
					itemsObj[compUUID] = moved
				}
			}
		} else if oldUUID != "" {
			for _, items := range f.localization() {
				delete(asObject(items), oldUUID)
			}
		}
	}
	return f, nil
}

// migrate13_5 flattens send_msg templating into `template` (the reference) and
// `template_variables` (the params of all components, in order). A language that
// translates some component params gets `template_variables` on the action's own
// translation, with the untranslated params taken from the flow language.
func migrate13_5(f Flow, cfg *Config) (Flow, error) {
	for _, action := range f.allActions() {
		if asString(action["type"]) != "send_msg" {
			continue
		}
		// a templating that is not an object (null) is left as it is, as the established
		// migration leaves it
		templating := asObject(action["templating"])
		if templating == nil {
			continue
		}
		delete(action, "templating")
		if tpl, has := templating["template"]; has {
			action["template"] = tpl
		}

		// the variables are written even when there are none
		components := objects(templating, "components")
		base := []string{}
		for _, comp := range components {
			base = append(base, stringList(comp["params"])...)
		}
		action["template_variables"] = anyList(base)

		actionUUID := asString(action["uuid"])
		for _, items := range f.localization() {
			itemsObj := asObject(items)
			translated := false
			var vars []string
			for _, comp := range components {
				compUUID := asString(comp["uuid"])
				params := stringList(comp["params"])
				item := asObject(itemsObj[compUUID])
				if item != nil {
					delete(itemsObj, compUUID)
				}
				local, has := item["params"]
				if !has {
					vars = append(vars, params...)
					continue
				}
				translated = true
				localList := stringList(local)
				for i := range params {
					if i < len(localList) {
						vars = append(vars, localList[i])
					} else {
						vars = append(vars, params[i])
					}
				}
			}
			if !translated {
				continue
			}
			item := asObject(itemsObj[actionUUID])
			if item == nil {
				item = map[string]any{}
				itemsObj[actionUUID] = item
			}
			item["template_variables"] = anyList(vars)
		}
	}
	return f, nil
}

// Limits introduced by 13.6 and enforced by truncation from then on.
const (
	maxResultNameLength   = 64
	maxCategoryNameLength = 36
	maxResultKeyLength    = 64
)

// truncate cuts s to at most n characters, dropping whitespace left dangling at the end.
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n]))
}

// migrate13_6 cuts result names and category names down to the limits the spec now sets.
func migrate13_6(f Flow, cfg *Config) (Flow, error) {
	truncateField := func(obj map[string]any, field string, n int) {
		if s, ok := obj[field].(string); ok {
			obj[field] = truncate(s, n)
		}
	}
	for _, node := range f.nodes() {
		for _, action := range nodeActions(node) {
			truncateField(action, "result_name", maxResultNameLength)
			if asString(action["type"]) == "set_run_result" {
				truncateField(action, "name", maxResultNameLength)
				truncateField(action, "category", maxCategoryNameLength)
			}
		}
		if router := asObject(node["router"]); router != nil {
			truncateField(router, "result_name", maxResultNameLength)
			for _, c := range objects(router, "categories") {
				truncateField(c, "name", maxCategoryNameLength)
			}
		}
	}
	return f, nil
}

// migrate13_6_1 cuts result keys referenced in expressions (`results.x`, `run.results.x`,
// `parent.results.x`, `child.results.x`) to the length result keys can now have.
func migrate13_6_1(f Flow, cfg *Config) (Flow, error) {
	f.rewriteAllTemplates(func(tpl string) string {
		return rewriteTemplate(tpl, truncateResultKeys)
	})
	return f, nil
}

func truncateResultKeys(path []string) []string {
	keyAt := -1
	switch {
	case len(path) >= 2 && strings.EqualFold(path[0], "results"):
		keyAt = 1
	case len(path) >= 3 && strings.EqualFold(path[1], "results") &&
		(strings.EqualFold(path[0], "run") || strings.EqualFold(path[0], "parent") || strings.EqualFold(path[0], "child")):
		keyAt = 2
	}
	if keyAt >= 0 {
		if r := []rune(path[keyAt]); len(r) > maxResultKeyLength {
			path[keyAt] = string(r[:maxResultKeyLength])
		}
	}
	return path
}
