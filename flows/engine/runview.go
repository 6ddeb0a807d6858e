package engine

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils"
)

// runView is the flows.Run that actions execute against.
type runView struct {
	run *Run
	ctx types.XObject
}

func (r *Run) view() *runView { return &runView{run: r} }

var _ flows.Run = (*runView)(nil)

func (v *runView) UUID() utils.UUID         { return v.run.uuid }
func (v *runView) Env() envs.Environment    { return v.run.session.mergedEnv() }
func (v *runView) Contact() *flows.Contact  { return v.run.session.contact }
func (v *runView) FlowUUID() utils.UUID     { return v.run.flow.UUID }
func (v *runView) FlowName() string         { return v.run.flow.Name }
func (v *runView) FlowType() flows.FlowType { return v.run.flow.Type }
func (v *runView) Session() flows.Session   { return v.run.session }

// Context builds the root object of expressions afresh, since actions may have changed
// the contact or results since the last evaluation.
func (v *runView) Context() types.XObject { return v.run.context() }

// deprecatedPaths are context paths that still work but warn the flow author.
var deprecatedPaths = []struct{ path, text string }{
	{"legacy_extra", "@legacy_extra is deprecated"},
	{"child.run.status", "@child.run.status is deprecated, use @child.status instead"},
	{"contact.id", "@contact.id is deprecated, use @contact.ref instead"},
	{"contact.tickets", "@contact.tickets is deprecated, use @ticket instead"},
}

func (v *runView) warnDeprecated(tpl string, log events.Callback) {
	if !strings.Contains(tpl, "@") {
		return
	}
	for _, p := range excellent.CachedTemplate(tpl).ContextPaths() {
		for _, d := range deprecatedPaths {
			if pathUnder(p, d.path) {
				log(events.NewDeprecatedContextWarning(d.text))
			}
		}
	}
}

// pathUnder reports whether the path, joined with dots and lowercased, is prefix or starts
// with prefix and a dot. ASCII paths (all real ones) are compared in place, without
// building the joined text.
func pathUnder(path []string, prefix string) bool {
	i := 0 // position in prefix
	for n, elem := range path {
		if n > 0 {
			if i == len(prefix) {
				return true // prefix ended at a dot
			}
			if prefix[i] != '.' {
				return false
			}
			i++
		}
		for j := 0; j < len(elem); j++ {
			c := elem[j]
			if c >= 0x80 {
				joined := strings.ToLower(strings.Join(path, "."))
				return joined == prefix || strings.HasPrefix(joined, prefix+".")
			}
			if i == len(prefix) {
				return c == '.' // longer: under the prefix only if a dot follows it
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != prefix[i] {
				return false
			}
			i++
		}
	}
	return i == len(prefix)
}

// EvaluateTemplate renders a template, logging an error per failing expression.
func (v *runView) EvaluateTemplate(tpl string, escaping excellent.Escaping, log events.Callback) string {
	if !strings.Contains(tpl, "@") {
		return tpl
	}
	out, errs := excellent.CachedTemplate(tpl).Evaluate(v.run.session.mergedEnv(), v.Context(), escaping)
	v.run.session.chargeText(len(out))
	for _, e := range errs {
		log(events.NewExpressionError(e.Error(), e.Expression))
	}
	// deprecation warnings follow the template's errors, as the established engine logs them
	v.warnDeprecated(tpl, log)
	return out
}

// EvaluateTemplateValue evaluates a template to a value, logging failing expressions.
func (v *runView) EvaluateTemplateValue(tpl string, log events.Callback) (types.XValue, bool) {
	if !strings.Contains(tpl, "@") {
		return types.NewXText(tpl), true
	}
	val, errs := excellent.CachedTemplate(tpl).EvaluateValue(v.run.session.mergedEnv(), v.Context())
	v.run.session.chargeValue(val)
	for _, e := range errs {
		log(events.NewExpressionError(e.Error(), e.Expression))
	}
	v.warnDeprecated(tpl, log)
	return val, len(errs) == 0
}

// EvaluateOperand evaluates a router's operand. An operand that is one expression and fails
// is not logged: its value is the error itself, which reaches the case tests (so has_error
// can match it) and is reported by the router if the operand falls to the default category.
// Failing expressions of a longer template are logged as EvaluateTemplateValue does.
func (v *runView) EvaluateOperand(tpl string, log events.Callback) types.XValue {
	if !strings.Contains(tpl, "@") {
		return types.NewXText(tpl)
	}
	t := excellent.CachedTemplate(tpl)
	val, errs := t.EvaluateValue(v.run.session.mergedEnv(), v.Context())
	v.run.session.chargeValue(val)
	if len(errs) > 0 && val == nil {
		val = types.NewXErrorf("%s", errs[0].Message)
		errs = nil
	}
	for _, e := range errs {
		log(events.NewExpressionError(e.Error(), e.Expression))
	}
	v.warnDeprecated(tpl, log)
	return val
}

// translationLanguage is the language the flow's texts are shown in when it is not the
// flow's own: the contact's language when it is allowed, else the environment's default
// language (the first allowed one), as the established engine picks it.
func (v *runView) translationLanguage() envs.Language {
	s := v.run.session
	lang := envs.NilLanguage
	if s.contact != nil && s.contact.Language() != envs.NilLanguage {
		for _, l := range s.env.AllowedLanguages() {
			if l == s.contact.Language() {
				lang = l
				break
			}
		}
	}
	if lang == envs.NilLanguage {
		lang = s.env.DefaultLanguage()
	}
	if lang == v.run.flow.Language {
		return envs.NilLanguage
	}
	return lang
}

// LocalizedText returns the translation of a text into the contact's language if any.
func (v *runView) LocalizedText(uuid utils.UUID, key string, native string) (string, envs.Language) {
	if lang := v.translationLanguage(); lang != envs.NilLanguage {
		if texts, ok := v.run.flow.Localization.Texts(lang, uuid, key); ok && len(texts) > 0 {
			return texts[0], lang
		}
	}
	return native, v.run.flow.Language
}

// LocalizedTexts is LocalizedText for lists of texts.
func (v *runView) LocalizedTexts(uuid utils.UUID, key string, native []string) ([]string, envs.Language) {
	if lang := v.translationLanguage(); lang != envs.NilLanguage {
		if texts, ok := v.run.flow.Localization.Texts(lang, uuid, key); ok {
			return texts, lang
		}
	}
	return native, v.run.flow.Language
}

// SaveResult saves a result under its snakified name and logs run_result_changed when its
// value or category changed.
func (v *runView) SaveResult(res *flows.Result, log events.Callback) {
	r := v.run
	key := Snakify(res.Name)
	if res.NodeUUID == "" {
		if n := r.currentNode(); n != nil {
			res.NodeUUID = n.UUID
		}
	}
	res.CreatedOn = r.session.now()
	var prev *events.ResultValue
	old, hadOld := r.results[key]
	if hadOld {
		prev = &events.ResultValue{Value: old.Value, Category: old.Category}
	}
	r.results[key] = res
	r.modifiedOn = r.session.now()
	// a result saved again with the same value and category is kept (with its new time and
	// node) but is no change to report, as in the established engine
	if hadOld && old.Value == res.Value && old.Category == res.Category {
		return
	}
	// the event leaves out the localized category, as recorded sessions show
	ev := events.NewRunResultChanged(res.Name, res.Value, res.Category, "", res.Extra)
	ev.Previous = prev
	log(ev)
}

// SetLocal sets a run local.
func (v *runView) SetLocal(key, value string) { v.run.locals[key] = value }

// Local reads a run local.
func (v *runView) Local(key string) (string, bool) {
	val, ok := v.run.locals[key]
	return val, ok
}

// SetWebhook records the last webhook call for @webhook.
func (v *runView) SetWebhook(value types.XValue) {
	v.run.webhookVal = value
	if value == nil {
		v.run.webhook = nil
		return
	}
	v.run.webhook = marshalWithDefault(value)
}

// LogError logs an error event.
func (v *runView) LogError(text string, log events.Callback) { log(events.NewError(text)) }

// FlowLanguage is the base language of the run's flow.
func (v *runView) FlowLanguage() envs.Language { return v.run.flow.Language }

// FlowLanguages lists the languages the flow is translated to, sorted.
func (v *runView) FlowLanguages() []envs.Language {
	langs := v.run.flow.Localization.Languages()
	sort.Slice(langs, func(i, j int) bool { return langs[i] < langs[j] })
	return langs
}

// TranslatedTexts returns the texts in lang, or native when there is no translation.
func (v *runView) TranslatedTexts(lang envs.Language, uuid utils.UUID, key string, native []string) []string {
	if texts, ok := v.run.flow.Localization.Texts(lang, uuid, key); ok {
		return texts
	}
	return native
}

// ClearLocal removes a run local.
func (v *runView) ClearLocal(key string) { delete(v.run.locals, key) }

// ApplyModifier changes the contact and re-evaluates smart groups when it changed.
func (v *runView) ApplyModifier(mod flows.Modifier, log events.Callback) bool {
	s := v.run.session
	if s.contact == nil {
		return false
	}
	changed := mod.Apply(s.env, s.assets.Collection, s.contact, log)
	if changed {
		s.reevaluateGroups(log)
	}
	return changed
}

// Summary is the run as a triggered session sees it in @parent.
func (v *runView) Summary() json.RawMessage {
	r := v.run
	sum := map[string]any{
		"uuid":    r.uuid,
		"flow":    r.flow.EventRef(),
		"status":  r.status,
		"results": r.results,
	}
	if r.session.contact != nil {
		sum["contact"] = r.session.contact
	}
	b, _ := json.Marshal(sum)
	return b
}

// PathSteps lists the nodes the run visited, for resthook payloads.
func (v *runView) PathSteps() []flows.PathStep {
	steps := make([]flows.PathStep, len(v.run.path))
	for i, s := range v.run.path {
		steps[i] = flows.PathStep{NodeUUID: s.NodeUUID, ArrivedOn: s.ArrivedOn}
	}
	return steps
}

// marshalWithDefault writes a value as JSON keeping an object's default under __default__,
// so that it reads back (types.ReadXValue) as the same object.
func marshalWithDefault(value types.XValue) json.RawMessage {
	obj, ok := value.(types.XObject)
	if !ok || !obj.HasDefault() {
		b, _ := json.Marshal(value)
		return b
	}
	m := make(map[string]json.RawMessage, obj.Count()+1)
	for _, k := range obj.Properties() {
		p, _ := obj.Get(k)
		m[k] = marshalWithDefault(p)
	}
	m[types.DefaultPropertyKey] = marshalWithDefault(obj.Default())
	b, _ := json.Marshal(m)
	return b
}
