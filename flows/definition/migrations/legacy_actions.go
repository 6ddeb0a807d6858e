package migrations

import (
	"fmt"
	"mime"
	"path/filepath"
	"strings"
)

// Actions of the legacy format, each turned into its current equivalent:
//
//	reply          send_msg (msg, media and quick replies per language, send_all)
//	send           send_broadcast (contacts, groups, variables)
//	say, play      say_msg, play_audio (voice flows)
//	email          send_email
//	add_group      add_contact_groups      del_group   remove_contact_groups
//	add_label      add_input_labels        lang        set_contact_language
//	channel        set_contact_channel     save        set_contact_name/_field, add_contact_urn
//	flow           enter_flow (terminal)   trigger-flow start_session
//	api            call_webhook

// legacyConverter holds what converting the parts of one legacy flow needs: the base
// language its texts are read in, the media URL relative paths hang off, the UUIDs for the
// objects it creates, and the translations collected on the way.
type legacyConverter struct {
	cfg          *Config
	baseLanguage string
	localization map[string]map[string]map[string]any // language -> item UUID -> property -> values
}

func newLegacyConverter(cfg *Config, baseLanguage string) *legacyConverter {
	return &legacyConverter{cfg: cfg, baseLanguage: baseLanguage, localization: map[string]map[string]map[string]any{}}
}

// translated reads a legacy translatable value: an object of language -> text, or a plain
// string which counts as the base language's. It returns the base text and the texts of
// the other languages worth keeping (the pseudo-language "base" is only the base).
func (c *legacyConverter) translated(v any) (string, map[string]string) {
	switch t := v.(type) {
	case string:
		return t, nil
	case map[string]any:
		base, hasBase := t[c.baseLanguage].(string)
		if !hasBase {
			base, _ = t["base"].(string)
		}
		others := map[string]string{}
		for lang, x := range t {
			s, ok := x.(string)
			if !ok || lang == c.baseLanguage || lang == "base" {
				continue
			}
			others[lang] = s
		}
		return base, others
	}
	return "", nil
}

// localize adds the translation of one property of an item.
func (c *legacyConverter) localize(lang, itemUUID, prop string, values []any) {
	items := c.localization[lang]
	if items == nil {
		items = map[string]map[string]any{}
		c.localization[lang] = items
	}
	item := items[itemUUID]
	if item == nil {
		item = map[string]any{}
		items[itemUUID] = item
	}
	item[prop] = values
}

// localizeTexts translates a single-text property, each translation going through fn.
func (c *legacyConverter) localizeTexts(itemUUID, prop string, others map[string]string, fn func(string) string) {
	for lang, s := range others {
		c.localize(lang, itemUUID, prop, []any{fn(s)})
	}
}

// localizationJSON gives the collected translations as flow JSON.
func (c *legacyConverter) localizationJSON() map[string]any {
	out := map[string]any{}
	for lang, items := range c.localization {
		itemsJSON := map[string]any{}
		for uuid, item := range items {
			itemsJSON[uuid] = item
		}
		out[lang] = itemsJSON
	}
	return out
}

func migrateText(s string) string {
	return migrateLegacyTemplate(s, legacyTemplateOptions{})
}

// mediaURL makes a legacy media path absolute, relative paths hanging off the configured
// base media URL.
func (c *legacyConverter) mediaURL(s string) string {
	if s == "" || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "@") {
		return s
	}
	base := ""
	if c.cfg != nil {
		base = strings.TrimSuffix(c.cfg.BaseMediaURL, "/")
	}
	if base == "" {
		return s
	}
	return base + "/" + strings.TrimPrefix(s, "/")
}

// attachment converts a legacy media value ("image/jpeg:path" or a bare path) to an
// attachment "type:url"; a bare path takes the general type of its extension.
func (c *legacyConverter) attachment(s string) string {
	contentType, url := "", s
	if i := strings.Index(s, ":"); i > 0 && strings.Contains(s[:i], "/") {
		contentType, url = s[:i], s[i+1:]
	}
	if contentType == "" {
		if t := mime.TypeByExtension(filepath.Ext(strings.SplitN(url, "?", 2)[0])); t != "" {
			contentType = strings.SplitN(t, "/", 2)[0]
		}
	}
	url = migrateText(c.mediaURL(url))
	if contentType == "" {
		return url
	}
	return contentType + ":" + url
}

// legacyReference converts a group or label of a legacy action: an object with a UUID is
// a reference, one with only a name or a template string is matched by name when run.
func legacyReference(v any) any {
	switch t := v.(type) {
	case string:
		return map[string]any{"name_match": migrateText(t)}
	case map[string]any:
		if uuid := asString(t["uuid"]); uuid != "" {
			return map[string]any{"uuid": uuid, "name": asString(t["name"])}
		}
		return map[string]any{"name_match": migrateText(asString(t["name"]))}
	}
	return v
}

func legacyReferences(v any) []any {
	var out []any
	for _, x := range asArray(v) {
		out = append(out, legacyReference(x))
	}
	return out
}

// legacyNamedRefs converts a list of {uuid, name, ...} objects to flow references.
func legacyNamedRefs(v any) []any {
	var out []any
	for _, x := range objectsOf(v) {
		out = append(out, map[string]any{"uuid": asString(x["uuid"]), "name": asString(x["name"])})
	}
	return out
}

// legacyVariables reads the `variables` of send and trigger-flow actions: the templates
// of recipients. "@new_contact" is not a recipient but a flag to create one.
func legacyVariables(v any) (vars []any, createContact bool) {
	for _, x := range objectsOf(v) {
		id := asString(x["id"])
		if id == "@new_contact" {
			createContact = true
			continue
		}
		vars = append(vars, migrateText(id))
	}
	return vars, createContact
}

// convertAction converts one legacy action.
func (c *legacyConverter) convertAction(a map[string]any) (map[string]any, error) {
	typ := asString(a["type"])
	uuid := asString(a["uuid"])
	if uuid == "" {
		uuid = c.cfg.newUUID()
	}
	out := map[string]any{"uuid": uuid}
	setIf := func(key string, v []any) {
		if len(v) > 0 {
			out[key] = v
		}
	}

	switch typ {
	case "add_group":
		out["type"] = "add_contact_groups"
		out["groups"] = nonNil(legacyReferences(a["groups"]))
	case "del_group":
		out["type"] = "remove_contact_groups"
		if groups := legacyReferences(a["groups"]); len(groups) > 0 {
			out["groups"] = groups
		} else {
			out["all_groups"] = true
		}
	case "add_label":
		out["type"] = "add_input_labels"
		out["labels"] = nonNil(legacyReferences(a["labels"]))
	case "channel":
		out["type"] = "set_contact_channel"
		out["channel"] = map[string]any{"uuid": asString(a["channel"]), "name": asString(a["name"])}
	case "email":
		out["type"] = "send_email"
		var addresses []any
		for _, e := range stringList(a["emails"]) {
			addresses = append(addresses, migrateText(e))
		}
		out["addresses"] = nonNil(addresses)
		subject, _ := c.translated(a["subject"])
		body, _ := c.translated(a["msg"])
		out["subject"] = migrateText(subject)
		out["body"] = migrateText(body)
	case "lang":
		out["type"] = "set_contact_language"
		out["language"] = asString(a["lang"])
	case "play":
		out["type"] = "play_audio"
		out["audio_url"] = migrateText(asString(a["url"]))
	case "reply", "send":
		c.convertMessage(a, out, uuid)
		if typ == "reply" {
			out["type"] = "send_msg"
			if b, _ := a["send_all"].(bool); b {
				out["all_urns"] = true
			}
			break
		}
		out["type"] = "send_broadcast"
		legacyRecipients(a, setIf)
	case "say":
		out["type"] = "say_msg"
		text, others := c.translated(a["msg"])
		out["text"] = migrateText(text)
		c.localizeTexts(uuid, "text", others, migrateText)
		if rec, ok := a["recording"]; ok && rec != nil {
			audio, otherAudio := c.translated(rec)
			if audio != "" {
				out["audio_url"] = c.mediaURL(audio)
			}
			for lang, s := range otherAudio {
				c.localize(lang, uuid, "audio_url", []any{c.mediaURL(s)})
			}
		}
	case "save":
		c.convertSave(a, out)
	case "flow":
		out["type"] = "enter_flow"
		out["flow"] = legacyFlowRef(a["flow"])
		out["terminal"] = true
	case "trigger-flow":
		out["type"] = "start_session"
		out["flow"] = legacyFlowRef(a["flow"])
		if legacyRecipients(a, setIf) {
			out["create_contact"] = true
		}
	case "api":
		out["type"] = "call_webhook"
		legacyWebhookInto(out, asString(a["webhook"]), asString(a["action"]), a["webhook_headers"])
	case "":
		return nil, fmt.Errorf("action has no type")
	default:
		return nil, fmt.Errorf("unknown action type '%s'", typ)
	}
	return out, nil
}

// convertMessage fills text, attachments and quick replies of send_msg and send_broadcast,
// and their translations.
func (c *legacyConverter) convertMessage(a, out map[string]any, uuid string) {
	text, others := c.translated(a["msg"])
	out["text"] = migrateText(text)
	c.localizeTexts(uuid, "text", others, migrateText)

	if media, ok := a["media"]; ok && media != nil {
		base, otherMedia := c.translated(media)
		if base != "" {
			out["attachments"] = []any{c.attachment(base)}
		}
		for lang, s := range otherMedia {
			if s != "" {
				c.localize(lang, uuid, "attachments", []any{c.attachment(s)})
			}
		}
	}

	replies := asArray(a["quick_replies"])
	if len(replies) == 0 {
		return
	}
	baseReplies := make([]any, len(replies))
	translations := map[string][]any{}
	for i, r := range replies {
		base, others := c.translated(r)
		baseReplies[i] = migrateText(base)
		for lang, s := range others {
			if translations[lang] == nil {
				translations[lang] = make([]any, len(replies))
				for j := range translations[lang] {
					translations[lang][j] = ""
				}
			}
			translations[lang][i] = migrateText(s)
		}
	}
	out["quick_replies"] = baseReplies
	for lang, values := range translations {
		c.localize(lang, uuid, "quick_replies", values)
	}
}

// convertSave converts a save action, which sets the name, a URN or a field depending on
// the field it names.
func (c *legacyConverter) convertSave(a, out map[string]any) {
	field := strings.ToLower(asString(a["field"]))
	value := migrateText(asString(a["value"]))
	switch {
	case field == "name":
		out["type"] = "set_contact_name"
		out["name"] = value
	case field == "first_name":
		out["type"] = "set_contact_name"
		out["name"] = value + " @(word_slice(contact.name, 1, -1))"
	case field == "language":
		out["type"] = "set_contact_language"
		out["language"] = value
	case field == "tel_e164" || legacyURNSchemes[field]:
		scheme := field
		if scheme == "tel_e164" {
			scheme = "tel"
		}
		out["type"] = "add_contact_urn"
		out["scheme"] = scheme
		out["path"] = value
	default:
		out["type"] = "set_contact_field"
		out["field"] = map[string]any{"key": field, "name": asString(a["label"])}
		out["value"] = value
	}
}

func legacyFlowRef(v any) map[string]any {
	f := asObject(v)
	return map[string]any{"uuid": asString(f["uuid"]), "name": asString(f["name"])}
}

// objectsOf returns the objects of a JSON array, skipping anything else.
func objectsOf(v any) []map[string]any {
	var out []map[string]any
	for _, x := range asArray(v) {
		if o := asObject(x); o != nil {
			out = append(out, o)
		}
	}
	return out
}

func nonNil(v []any) []any {
	if v == nil {
		return []any{}
	}
	return v
}

// legacyWebhookBody is the body legacy webhooks posted: the contact, flow, path, results,
// run and input of the run, as JSON.
const legacyWebhookBody = `@(json(object(
  "contact", object("uuid", contact.uuid, "name", contact.name, "urn", contact.urn),
  "flow", run.flow,
  "path", run.path,
  "results", foreach_value(results, extract_object, "category", "category_localized", "created_on", "input", "name", "node_uuid", "value"),
  "run", object("uuid", run.uuid, "created_on", run.created_on),
  "input", if(
    input,
    object(
      "attachments", foreach(input.attachments, attachment_parts),
      "channel", input.channel,
      "created_on", input.created_on,
      "text", input.text,
      "type", input.type,
      "urn", if(
        input.urn,
        object(
          "display", default(format_urn(input.urn), ""),
          "path", urn_parts(input.urn).path,
          "scheme", urn_parts(input.urn).scheme
        ),
        null
      ),
      "uuid", input.uuid
    ),
    null
  ),
  "channel", default(input.channel, null)
)))`

// legacyWebhookInto fills method, url, headers and body of a call_webhook from a legacy
// webhook: values in the URL are URL-encoded, and a POST sends the legacy JSON body.
func legacyWebhookInto(out map[string]any, url, method string, headers any) {
	if method == "" {
		method = "POST"
	}
	out["method"] = method
	out["url"] = migrateLegacyTemplate(url, legacyTemplateOptions{URLEncode: true})
	hdrs := map[string]any{}
	for _, h := range objectsOf(headers) {
		hdrs[asString(h["name"])] = migrateText(asString(h["value"]))
	}
	if method == "POST" {
		hdrs["Content-Type"] = "application/json"
		out["body"] = legacyWebhookBody
	}
	if len(hdrs) > 0 {
		out["headers"] = hdrs
	}
}

// legacyRecipients writes the recipients of a legacy send or trigger-flow action (its
// contacts, groups and variables, as contacts, groups and legacy_vars) with set, which
// leaves out empty lists, and reports whether the variables asked for a new contact.
func legacyRecipients(a map[string]any, set func(key string, v []any)) (createContact bool) {
	var contacts []any
	for _, x := range objects(a, "contacts") {
		contacts = append(contacts, map[string]any{"uuid": asString(x["uuid"]), "name": asString(x["name"])})
	}
	set("contacts", contacts)
	set("groups", legacyNamedRefs(a["groups"]))
	vars, createContact := legacyVariables(a["variables"])
	set("legacy_vars", vars)
	return createContact
}
