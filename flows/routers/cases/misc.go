package cases

import (
	"regexp"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/utils/urns"
	"github.com/shopspring/decimal"
)

// Other case tests: errors and values, contact groups, result categories, classifier
// intents, email addresses and phone numbers.

func init() {
	register("has_error", 1, 1, hasError)
	register("has_value", 1, 1, hasValue)
	register("has_group", 2, 3, hasGroup)
	register("has_category", 1, -1, hasCategory)

	// has_intent matches a classifier result (as call_classifier saves it) holding the
	// intent with at least the given confidence; the match is the intent, extra the
	// entities.
	//
	//	@(has_intent(results.intent, "book_flight", 0.5).match) → book_flight
	//	@(has_intent(object("extra", object("intents", array(object("name", "book_flight", "confidence", 0.9), object("name", "book_hotel", "confidence", 0.6)))), "book_hotel", 0.5).match) → book_hotel
	//
	// Signature: has_intent(result, intent [, confidence])
	//
	//   - result (object): the classifier result tested, as call_classifier saves it, e.g.
	//     `@results.intent`
	//   - intent (text): the name of the intent that must be among the result's
	//   - confidence (number, default 0): the lowest confidence that matches, from 0 to 1
	register("has_intent", 2, 3, intentTest(false))

	// has_top_intent is has_intent taking only the classifier's most likely intent.
	//
	//	@(has_top_intent(object("extra", object("intents", array(object("name", "book_flight", "confidence", 0.9), object("name", "book_hotel", "confidence", 0.6)))), "book_flight", 0.5).match) → book_flight
	//	@(has_top_intent(object("extra", object("intents", array(object("name", "book_flight", "confidence", 0.9), object("name", "book_hotel", "confidence", 0.6)))), "book_hotel", 0.5)) → false
	//
	// Signature: has_top_intent(result, intent [, confidence])
	//
	//   - result (object): the classifier result tested, as call_classifier saves it, e.g.
	//     `@results.intent`
	//   - intent (text): the name the result's most likely intent must have
	//   - confidence (number, default 0): the lowest confidence that matches, from 0 to 1
	register("has_top_intent", 2, 3, intentTest(true))

	register("has_email", 1, 1, hasEmail)
	register("has_phone", 1, 2, hasPhone)
}

// hasError matches an error value; the match is its message.
//
//	@(has_error(object("a", 1).b).match) → object has no property 'b'
//	@(has_error("hello")) → false
//
// Signature: has_error(value)
//
//   - value (any): the value tested
func hasError(env envs.Environment, args ...types.XValue) types.XValue {
	if e, ok := args[0].(types.XError); ok {
		return NewTrueResult(types.NewXText(e.Error()))
	}
	return FalseResult
}

// hasValue matches anything that is neither null nor an error; the match is the value.
//
//	@(has_value("hello").match) → hello
//	@(has_value(1 / 0)) → false
//	@(has_value(null)) → false
//
// Signature: has_value(value)
//
//   - value (any): the value tested, such as a contact field
func hasValue(env envs.Environment, args ...types.XValue) types.XValue {
	if args[0] == nil || types.IsXError(args[0]) {
		return FalseResult
	}
	return NewTrueResult(args[0])
}

// hasGroup matches a list of groups (such as @contact.groups) holding the group with the
// UUID; the match is that group. The optional name only documents the case.
//
//	@(has_group(contact.groups, "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d").match) → {name: Testers, uuid: b7cf0d83-f1c9-411c-96fd-c511a4cfa86d}
//	@(has_group(array(object("uuid", "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name", "Testers")), "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d").match.name) → Testers
//
// Signature: has_group(groups, group_uuid [, name])
//
//   - groups (array): the groups tested, usually `@contact.groups`
//   - group_uuid (text): the UUID of the group that must be among them
//   - name (text, default none): the group's name, for people reading the flow; not compared
func hasGroup(env envs.Environment, args ...types.XValue) types.XValue {
	groups, err := types.ToXArray(env, args[0])
	if err != nil {
		return err
	}
	uuid, err := types.ToXText(env, args[1])
	if err != nil {
		return err
	}
	for i := 0; i < groups.Count(); i++ {
		g, ok := groups.Get(i).(types.XObject)
		if !ok {
			continue
		}
		if v, ok := g.Get("uuid"); ok && strings.EqualFold(types.Render(v), uuid.Native()) {
			return NewTrueResult(g)
		}
	}
	return FalseResult
}

// hasCategory matches a result (such as @results.color) whose category is one of the
// given ones, ignoring case; the match is the category.
//
//	@(has_category(results.webhook, "Success", "Failure").match) → Success
//	@(has_category(object("category", "Success"), "Success", "Failure").match) → Success
//
// Signature: has_category(result [, categories...])
//
//   - result (object): the result tested, such as `@results.color`
//   - categories (text): the categories that match: the result's category must be one of them
func hasCategory(env envs.Environment, args ...types.XValue) types.XValue {
	result, err := types.ToXObject(env, args[0])
	if err != nil {
		return err
	}
	categories, err := textArgs(env, args, 1)
	if err != nil {
		return err
	}
	v, ok := result.Get("category")
	if !ok {
		return FalseResult
	}
	category, err := types.ToXText(env, v)
	if err != nil {
		return err
	}
	for _, c := range categories {
		if strings.EqualFold(strings.TrimSpace(c), category.Native()) {
			return NewTrueResult(category)
		}
	}
	return FalseResult
}

// intentTest makes has_intent (any intent of the classification) and has_top_intent (only
// the most likely one): the test holds for an intent with the name (ignoring case) and at
// least the confidence. The match is the intent name and extra maps each entity to its
// most likely value.
//
//	@(has_intent(results.intent, "book_flight", 0.5).match) → book_flight
func intentTest(topOnly bool) types.XFunc {
	return func(env envs.Environment, args ...types.XValue) types.XValue {
		result, err := types.ToXObject(env, args[0])
		if err != nil {
			return err
		}
		name, err := types.ToXText(env, args[1])
		if err != nil {
			return err
		}
		threshold := decimal.Zero
		if len(args) > 2 {
			n, err := types.ToXNumber(env, args[2])
			if err != nil {
				return err
			}
			threshold = n.Native()
		}
		classification, ok := objectProperty(result, "extra")
		if !ok {
			return FalseResult
		}
		intentsValue, _ := classification.Get("intents")
		intents, ok := intentsValue.(types.XArray)
		if !ok {
			return FalseResult
		}
		for i := 0; i < intents.Count(); i++ {
			if topOnly && i > 0 {
				break
			}
			intent, ok := intents.Get(i).(types.XObject)
			if !ok {
				continue
			}
			iname, _ := intent.Get("name")
			iconf, _ := intent.Get("confidence")
			conf, cerr := types.ToXNumber(env, iconf)
			if cerr != nil || !strings.EqualFold(types.Render(iname), name.Native()) || conf.Native().LessThan(threshold) {
				continue
			}
			return NewTrueResultWithExtra(types.NewXText(types.Render(iname)), topEntities(classification))
		}
		return FalseResult
	}
}

// objectProperty returns a property of o that is itself an object.
func objectProperty(o types.XObject, key string) (types.XObject, bool) {
	v, ok := o.Get(key)
	if !ok {
		return nil, false
	}
	p, ok := v.(types.XObject)
	return p, ok
}

// topEntities maps each entity of a classification to the value of its first (most
// likely) candidate.
func topEntities(classification types.XObject) types.XValue {
	top := map[string]types.XValue{}
	entities, ok := objectProperty(classification, "entities")
	if !ok {
		return types.NewXObject(top)
	}
	for _, k := range entities.Properties() {
		v, _ := entities.Get(k)
		list, ok := v.(types.XArray)
		if !ok || list.Count() == 0 {
			continue
		}
		if first, ok := list.Get(0).(types.XObject); ok {
			if value, ok := first.Get("value"); ok {
				top[k] = value
			}
		}
	}
	return types.NewXObject(top)
}

// emailAddress finds an email address in free text; a trailing full stop or the brackets
// of "<foo@bar.com>" are not part of it.
var emailAddress = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}._%+\-]*@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+`)

// hasEmail matches text containing an email address; the match is the address.
//
//	@(has_email("my email is <foo@bar2.com>").match) → foo@bar2.com
//	@(has_email("i'm not sharing my email")) → false
//
// Signature: has_email(text)
//
//   - text (text): the text tested, usually `@input.text`
func hasEmail(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	if m := emailAddress.FindString(t.Native()); m != "" {
		return NewTrueResult(types.NewXText(m))
	}
	return FalseResult
}

// hasPhone matches text containing a phone number, read in the given country or else the
// environment's default country; the match is the number in E164.
//
//	@(has_phone("my number is 206 779 9294", "US").match) → +12067799294
//	@(has_phone("my number is 0788 123 123", "RW").match) → +250788123123
//	@(has_phone("my number is 0788 123 123")) → false
//
// Signature: has_phone(text [, country])
//
//   - text (text): the text tested, usually `@input.text`
//   - country (text, default the environment's country): the two-letter country code local
//     numbers are read in, e.g. `"RW"`
func hasPhone(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	country := string(env.DefaultCountry())
	if len(texts) > 1 && strings.TrimSpace(texts[1]) != "" {
		country = strings.ToUpper(strings.TrimSpace(texts[1]))
	}
	if n := urns.FindNumber(texts[0], country); n != "" {
		return NewTrueResult(types.NewXText(n))
	}
	return FalseResult
}
