package migrations

import (
	"fmt"
	"strings"
)

// Where the values of the legacy expression context live in the current one:
//
//	@contact.name, .first_name, .uuid, .language ...   the same on contact
//	@contact.groups                                    join(contact.groups, ",")
//	@contact.tel, @contact.telegram.path ...           the contact's URNs: format_urn(urns.tel), parts
//	@contact.age                                       fields.age
//	@flow.color, .value, .category, .text, .time       results.color[.value|.category_localized|.input|.created_on]
//	@step, @step.value, @step.text                     input, input.text ...
//	@extra.x                                           legacy_extra.x
//	@date.now, @date.today, @date.yesterday ...        now(), today(), datetime_add(...)
//	@channel, @channel.tel, @channel.name              contact.channel ...
//	@parent.x, @child.x                                parent.results.x, child.results.x

// legacyContextRoots are the top-level names of the legacy context; an @name which isn't
// one of these is plain text.
var legacyContextRoots = map[string]bool{
	"contact": true, "flow": true, "step": true, "extra": true, "date": true,
	"channel": true, "parent": true, "child": true,
}

func isLegacyContextRoot(name string) bool { return legacyContextRoots[strings.ToLower(name)] }

// legacyContactProperties are attributes of the contact itself rather than fields.
var legacyContactProperties = map[string]bool{
	"uuid": true, "id": true, "name": true, "first_name": true, "language": true, "created_on": true,
}

// legacyURNSchemes are the URN schemes a legacy @contact.<scheme> can name.
var legacyURNSchemes = map[string]bool{
	"discord": true, "email": true, "ext": true, "facebook": true, "fcm": true, "freshchat": true,
	"instagram": true, "jiochat": true, "line": true, "mailto": true, "rocketchat": true,
	"slack": true, "tel": true, "telegram": true, "twitter": true, "twitterid": true,
	"viber": true, "vk": true, "webchat": true, "wechat": true, "whatsapp": true,
}

// legacyContactPropertyNames are the display names the editor gives the contact properties
// it can split on.
var legacyContactPropertyNames = map[string]string{
	"name": "Name", "language": "Language",
}

func pathRef(text string) migrated {
	return migrated{text: text, prec: precAtom, isPath: true}
}

func joinPath(base string, rest []string) migrated {
	if len(rest) == 0 {
		return pathRef(base)
	}
	return pathRef(base + "." + strings.Join(lowerAll(rest), "."))
}

func lowerAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = strings.ToLower(s)
	}
	return out
}

// migrateLegacyPath writes a reference to the legacy context in the current syntax.
func migrateLegacyPath(segs []string) migrated {
	root := strings.ToLower(segs[0])
	rest := segs[1:]
	switch root {
	case "contact":
		return migrateLegacyContactPath("contact", "fields", rest)
	case "flow":
		return migrateLegacyRunPath("", rest)
	case "parent", "child":
		return migrateLegacyRunPath(root, rest)
	case "step":
		return migrateLegacyStepPath(rest)
	case "extra":
		return joinPath("legacy_extra", rest)
	case "date":
		return migrateLegacyDatePath(rest)
	case "channel":
		if len(rest) == 0 {
			return pathRef("contact.channel")
		}
		switch strings.ToLower(rest[0]) {
		case "tel", "tel_e164":
			return pathRef("contact.channel.address")
		}
		return joinPath("contact.channel", rest)
	}
	return pathRef(strings.Join(segs, "."))
}

// migrateLegacyContactPath maps a contact reference below base (contact or parent.contact
// ...) whose custom fields live in fieldsBase.
func migrateLegacyContactPath(base, fieldsBase string, rest []string) migrated {
	if len(rest) == 0 {
		return pathRef(base)
	}
	key := strings.ToLower(rest[0])
	switch {
	case legacyContactProperties[key]:
		return joinPath(base+"."+key, rest[1:])
	case key == "groups":
		return atom(fmt.Sprintf("join(%s.groups, \",\")", base), typeText)
	case key == "tel_e164":
		return atom(fmt.Sprintf("default(urn_parts(%s.tel).path, \"\")", urnsBase(base)), typeText)
	case legacyURNSchemes[key]:
		urn := urnsBase(base) + "." + key
		if len(rest) == 1 {
			// the URN itself reads as the established migration writes it: formatted
			return atom(fmt.Sprintf("format_urn(%s)", urn), typeText)
		}
		part := strings.ToLower(rest[1])
		switch part {
		case "display":
			return atom(fmt.Sprintf("default(format_urn(%s), \"\")", urn), typeText)
		case "scheme":
			return atom(fmt.Sprintf("default(urn_parts(%s).scheme, \"\")", urn), typeText)
		case "urn":
			return atom(fmt.Sprintf("default(%s, \"\")", urn), typeText)
		}
		return atom(fmt.Sprintf("default(urn_parts(%s).path, \"\")", urn), typeText)
	}
	return joinPath(fieldsBase+"."+key, rest[1:])
}

// urnsBase is where the URNs of the contact at base are: urns for the run's contact,
// parent.urns for the parent's.
func urnsBase(contactBase string) string {
	return strings.TrimSuffix(contactBase, "contact") + "urns"
}

// migrateLegacyRunPath maps @flow.x (run "") and @parent.x / @child.x to results.
func migrateLegacyRunPath(run string, rest []string) migrated {
	prefix := ""
	if run != "" {
		prefix = run + "."
	}
	if len(rest) == 0 {
		if run != "" {
			return pathRef(run)
		}
		return pathRef("results")
	}
	key := strings.ToLower(rest[0])
	if key == "contact" {
		return migrateLegacyContactPath(prefix+"contact", prefix+"fields", rest[1:])
	}
	base := prefix + "results." + key
	if len(rest) == 1 {
		return pathRef(base)
	}
	switch strings.ToLower(rest[1]) {
	case "text":
		return joinPath(base+".input", rest[2:])
	case "time":
		return joinPath(base+".created_on", rest[2:])
	case "category":
		// the legacy category was the one shown to the contact, in their language
		return joinPath(base+".category_localized", rest[2:])
	}
	return joinPath(base, rest[1:])
}

// migrateLegacyStepPath maps @step, the message the run last received.
func migrateLegacyStepPath(rest []string) migrated {
	if len(rest) == 0 {
		return pathRef("input")
	}
	switch strings.ToLower(rest[0]) {
	case "value":
		return joinPath("input", rest[1:])
	case "text":
		return joinPath("input.text", rest[1:])
	case "time":
		return joinPath("input.created_on", rest[1:])
	case "contact":
		return migrateLegacyContactPath("contact", "fields", rest[1:])
	}
	return joinPath("input", rest)
}

// migrateLegacyDatePath maps @date and its relative days to date functions.
func migrateLegacyDatePath(rest []string) migrated {
	if len(rest) == 0 {
		return atom("now()", typeDate)
	}
	switch strings.ToLower(rest[0]) {
	case "now":
		return atom("now()", typeDate)
	case "today":
		return atom("today()", typeDate)
	case "tomorrow":
		return atom(`datetime_add(now(), 1, "D")`, typeDate)
	case "yesterday":
		return atom(`datetime_add(now(), -1, "D")`, typeDate)
	}
	return joinPath("date", rest)
}
