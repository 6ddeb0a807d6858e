package migrations

// Helpers to reach the parts of a flow in generic JSON. Anything of an unexpected shape is
// skipped rather than refused: validating the flow is the reader's job, after migration.

func asObject(v any) map[string]any {
	switch t := v.(type) {
	case map[string]any:
		return t
	case Flow:
		return t
	}
	return nil
}

func asArray(v any) []any {
	a, _ := v.([]any)
	return a
}

func asString(v any) string {
	s, _ := v.(string)
	return s
}

// nodes returns the flow's node objects.
func (f Flow) nodes() []map[string]any {
	var out []map[string]any
	for _, n := range asArray(f["nodes"]) {
		if o := asObject(n); o != nil {
			out = append(out, o)
		}
	}
	return out
}

// actions returns the node's action objects.
func nodeActions(node map[string]any) []map[string]any {
	var out []map[string]any
	for _, a := range asArray(node["actions"]) {
		if o := asObject(a); o != nil {
			out = append(out, o)
		}
	}
	return out
}

// objects returns the objects in the array held by key of obj.
func objects(obj map[string]any, key string) []map[string]any {
	var out []map[string]any
	for _, v := range asArray(obj[key]) {
		if o := asObject(v); o != nil {
			out = append(out, o)
		}
	}
	return out
}

// allActions returns every action object of the flow, in node order.
func (f Flow) allActions() []map[string]any {
	var out []map[string]any
	for _, n := range f.nodes() {
		out = append(out, nodeActions(n)...)
	}
	return out
}

// localization returns the flow's localization as language -> item UUID -> item, or nil.
func (f Flow) localization() map[string]any {
	return asObject(f["localization"])
}

// localizedItems returns, for each language, the translations of the item with uuid
// (nil entries are left out).
func (f Flow) localizedItems(uuid string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for lang, items := range f.localization() {
		if item := asObject(asObject(items)[uuid]); item != nil {
			out[lang] = item
		}
	}
	return out
}

// deleteLocalizedProperty removes one property of an item's translations in every
// language, and the item's translation too when nothing is left in it.
func (f Flow) deleteLocalizedProperty(uuid, prop string) {
	for _, items := range f.localization() {
		itemsObj := asObject(items)
		item := asObject(itemsObj[uuid])
		if item == nil {
			continue
		}
		delete(item, prop)
		if len(item) == 0 {
			delete(itemsObj, uuid)
		}
	}
}

// stringList turns a JSON array of strings into a Go slice, skipping anything else.
func stringList(v any) []string {
	var out []string
	for _, x := range asArray(v) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// anyList turns a Go slice of strings into a JSON array.
func anyList(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
