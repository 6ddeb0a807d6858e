package actions

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
)

// Limits applied to evaluated values.
const (
	maxAttachmentLength  = 2048
	maxQuickReplyLength  = 64
	maxQuickReplyExtra   = 1000
	maxResultValueLength = 640
)

// errorEvent creates an error event with a code and extra values, e.g.
// ("No such group with name 'X'", "group:missing", {"name": "X"}).
func errorEvent(text, code string, extra map[string]string) *events.Error {
	e := events.NewError(text)
	e.Code, e.Extra = code, extra
	return e
}

// logMissingDependency logs the error of a reference to an asset that doesn't exist:
// "Missing dependency: group[uuid=...,name=...]".
func logMissingDependency(log events.Callback, typ, idKey, id, name string) {
	log(errorEvent(
		fmt.Sprintf("Missing dependency: %s[%s=%s,name=%s]", typ, idKey, id, name),
		"dependency:missing",
		map[string]string{"identity": id, "type": typ},
	))
}

// evaluate renders a template and reports whether every expression in it evaluated; the
// errors of those that didn't are logged as they happen.
func evaluate(run flows.Run, tpl string, escaping excellent.Escaping, log events.Callback) (string, bool) {
	ok := true
	out := run.EvaluateTemplate(tpl, escaping, func(e events.Event) {
		if e.Type() == events.TypeError {
			ok = false
		}
		log(e)
	})
	return out, ok
}

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// truncateEllipsis cuts s to at most n characters, ending with "..." when cut.
func truncateEllipsis(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-3]) + "..."
}

// resolveGroups finds the groups of references: by UUID, or by evaluating name_match and
// finding the group of that name. Missing groups are logged and skipped, as are name
// matches whose template fails.
func resolveGroups(run flows.Run, refs []*assets.GroupReference, log events.Callback) []*assets.Group {
	groups := run.Session().Assets().Groups
	resolved := make([]*assets.Group, 0, len(refs))
	for _, ref := range refs {
		if ref.NameMatch != "" {
			name, ok := evaluate(run, ref.NameMatch, nil, log)
			if !ok {
				continue
			}
			if g := groups.FindByName(name); g != nil {
				resolved = append(resolved, g)
			} else {
				log(errorEvent(fmt.Sprintf("No such group with name '%s'", name), "group:missing", map[string]string{"name": name}))
			}
			continue
		}
		if g := groups.Get(ref.UUID); g != nil {
			resolved = append(resolved, g)
		} else {
			logMissingDependency(log, "group", "uuid", string(ref.UUID), ref.Name)
		}
	}
	return resolved
}

// resolveLabels is resolveGroups for labels.
func resolveLabels(run flows.Run, refs []*assets.LabelReference, log events.Callback) []*assets.Label {
	labels := run.Session().Assets().Labels
	resolved := make([]*assets.Label, 0, len(refs))
	for _, ref := range refs {
		if ref.NameMatch != "" {
			name, ok := evaluate(run, ref.NameMatch, nil, log)
			if !ok {
				continue
			}
			if l := labels.FindByName(name); l != nil {
				resolved = append(resolved, l)
			} else {
				log(errorEvent(fmt.Sprintf("No such label with name '%s'", name), "label:missing", map[string]string{"name": name}))
			}
			continue
		}
		if l := labels.Get(ref.UUID); l != nil {
			resolved = append(resolved, l)
		} else {
			logMissingDependency(log, "label", "uuid", string(ref.UUID), ref.Name)
		}
	}
	return resolved
}

// inspectGroupRefs reports group references: UUID references as dependencies, name
// matches as templates.
func inspectGroupRefs(ins flows.Inspector, refs []*assets.GroupReference) {
	for _, ref := range refs {
		if ref.NameMatch != "" {
			ins.Templates(ref.NameMatch)
		} else {
			ins.Dependency(ref)
		}
	}
}

// evaluateAttachments evaluates attachment templates ("image/jpeg:http://..."), dropping
// with an error those that evaluate to something that isn't an attachment or is too long.
func evaluateAttachments(run flows.Run, templates []string, log events.Callback) []string {
	var out []string
	for _, tpl := range templates {
		att, _ := evaluate(run, tpl, nil, log)
		if !isValidAttachment(att) {
			log(events.NewError("Attachment evaluated to invalid value and will be ignored"))
			continue
		}
		if utf8.RuneCountInString(att) > maxAttachmentLength {
			log(events.NewError(fmt.Sprintf("Evaluated attachment is longer than the %d limit and will be ignored", maxAttachmentLength)))
			continue
		}
		out = append(out, att)
	}
	return out
}

// isValidAttachment reports whether s is content-type:url with both parts.
func isValidAttachment(s string) bool {
	i := strings.IndexByte(s, ':')
	if i <= 0 {
		return false
	}
	return strings.TrimSpace(s[i+1:]) != ""
}

// evaluateQuickReplies evaluates quick reply templates, written "text" or "text<extra>more",
// dropping with an error those that evaluate to empty and truncating long ones.
func evaluateQuickReplies(run flows.Run, templates []string, log events.Callback) []*events.QuickReply {
	var out []*events.QuickReply
	for _, tpl := range templates {
		evaluated, _ := evaluate(run, tpl, nil, log)
		if strings.TrimSpace(evaluated) == "" {
			log(events.NewError("Quick reply evaluated to empty string and will be ignored"))
			continue
		}
		out = append(out, parseQuickReply(evaluated))
	}
	return out
}

// parseQuickReply reads "text<extra>more" into a quick reply, truncating its parts.
func parseQuickReply(s string) *events.QuickReply {
	text, extra := s, ""
	if i := strings.Index(s, "<extra>"); i >= 0 {
		text, extra = s[:i], s[i+len("<extra>"):]
	}
	return &events.QuickReply{
		Type:  "text",
		Text:  truncateEllipsis(strings.TrimSpace(text), maxQuickReplyLength),
		Extra: truncateEllipsis(strings.TrimSpace(extra), maxQuickReplyExtra),
	}
}

// contactRequired logs the error of an action that needs a contact in a session without one.
func contactRequired(run flows.Run, log events.Callback) bool {
	if run.Contact() == nil {
		log(events.NewError("can't execute action in session without a contact"))
		return false
	}
	return true
}

// logServiceError logs a failed service call as an error event with the given text, unless
// the sprint's context has ended: the call failed because of that, and the engine fails the
// sprint at its next safe point with a failure naming why, so the flow gets no error event
// of its own for it.
func logServiceError(ctx context.Context, text string, log events.Callback) {
	if ctx.Err() != nil {
		return
	}
	log(events.NewError(text))
}
