package migrations

import (
	"testing"
)

func TestMigrateLegacyTemplate(t *testing.T) {
	tests := []struct {
		old, new string
		opts     legacyTemplateOptions
	}{
		// text without expressions, escapes and things which aren't expressions
		{old: "Hi there", new: "Hi there"},
		{old: "My email is rowan@nyaruka.com.", new: "My email is rowan@nyaruka.com."},
		{old: "Joe@Nyaruka is @@flow. @@@flow", new: "Joe@Nyaruka is @@flow. @@@results"},
		{old: "@SUM(1, 2)", new: "@SUM(1, 2)"},
		{old: "trailing @", new: "trailing @"},
		{old: "@(unclosed", new: "@(unclosed"},
		{old: "@(5 + (1 + )", new: "@(5 + (1 + )"},
		{old: "@(legacy.expression.with.error.)", new: "@(legacy.expression.with.error.)"},
		{old: "@('x')", new: "@('x')"},

		// contact
		{old: "Hi @contact.name, @contact.first_name!", new: "Hi @contact.name, @contact.first_name!"},
		{old: "@contact", new: "@contact"},
		{old: "@CONTACT.NAME", new: "@contact.name"},
		{old: "@contact.uuid @contact.language @contact.created_on", new: "@contact.uuid @contact.language @contact.created_on"},
		{old: "Do you live in @contact.city?", new: "Do you live in @fields.city?"},
		{old: "@contact.groups", new: `@(join(contact.groups, ","))`},
		{old: "@contact.tel", new: `@(format_urn(urns.tel))`},
		{old: "@contact.tel_e164", new: `@(default(urn_parts(urns.tel).path, ""))`},
		{old: "@contact.telegram", new: `@(format_urn(urns.telegram))`},
		{old: "@contact.twitter.display", new: `@(default(format_urn(urns.twitter), ""))`},
		{old: "@contact.mailto.scheme", new: `@(default(urn_parts(urns.mailto).scheme, ""))`},
		{old: "@contact.tel.urn", new: `@(default(urns.tel, ""))`},

		// flow results, step, extra, channel, parent, child
		{old: "@flow.color", new: "@results.color"},
		{old: "@flow.color.value @flow.color.category", new: "@results.color.value @results.color.category_localized"},
		{old: "@flow.color.text @flow.color.time", new: "@results.color.input @results.color.created_on"},
		{old: "@flow.contact.age", new: "@fields.age"},
		{old: "@flow", new: "@results"},
		{old: "@step @step.value @step.text @step.time", new: "@input @input @input.text @input.created_on"},
		{old: "@step.contact.name", new: "@contact.name"},
		{old: "@extra @extra.foo.bar", new: "@legacy_extra @legacy_extra.foo.bar"},
		{old: "@channel @channel.tel @channel.name", new: "@contact.channel @contact.channel.address @contact.channel.name"},
		{old: "@parent.age @child.number.category", new: "@parent.results.age @child.results.number.category_localized"},
		{old: "@parent.contact.name @parent.contact.age", new: "@parent.contact.name @parent.fields.age"},
		{old: "@child.contact.tel", new: `@(format_urn(child.urns.tel))`},

		// dates
		{old: "@date.now", new: "@(now())"},
		{old: "@date", new: "@(now())"},
		{old: "@date.today", new: "@(today())"},
		{old: "@date.yesterday", new: `@(datetime_add(now(), -1, "D"))`},
		{old: "@date.tomorrow", new: `@(datetime_add(now(), 1, "D"))`},
		{old: "@(date.today + 10)", new: `@(datetime_add(today(), 10, "D"))`},
		{old: "@(date.today + -10)", new: `@(datetime_add(today(), -10, "D"))`},
		{old: "@(date.today - 1)", new: `@(datetime_add(today(), -1, "D"))`},
		{old: "@(DATE(2014, 7, 1) + 1)", new: `@(datetime_add(date_from_parts(2014, 7, 1), 1, "D"))`},
		{old: "@(2 + date.now)", new: `@(datetime_add(now(), 2, "D"))`},

		// operators and literals
		{old: "@(4 + 3 - 1 + -2 + 3 * 2)", new: "@(4 + 3 - 1 + -2 + 3 * 2)"},
		{old: "@((1 + 2) * 3)", new: "@((1 + 2) * 3)"},
		{old: "@(2 ^ 3 / 4)", new: "@(2 ^ 3 / 4)"},
		{old: "@(contact.age + 1)", new: "@(legacy_add(fields.age, 1))"},
		{old: "@(contact.age - flow.x)", new: "@(legacy_add(fields.age, -results.x))"},
		{old: "@(flow.a - (flow.b + 1))", new: "@(legacy_add(results.a, -(legacy_add(results.b, 1))))"},
		{old: `@(TRUE) @( FALSE ) @(2.30)`, new: "@(true) @(false) @(2.30)"},
		{old: `@("A""a")`, new: `A"a`},
		{old: `@("A""a" & flow.x)`, new: `@("A\"a" & results.x)`},
		{old: `@("")`, new: ""},
		{old: `@("plain")`, new: "plain"},
		{old: `@(contact.name & " " & flow.x)`, new: `@(contact.name & " " & results.x)`},
		{old: `@(flow.x = "yes")`, new: `@(results.x = "yes")`},
		{old: `@(flow.x <> "yes")`, new: `@(results.x != "yes")`},
		{old: `@(flow.age >= 18)`, new: `@(results.age >= 18)`},
		{old: `@(-(1 + 2))`, new: `@(-(1 + 2))`},

		// functions
		{old: "@(UPPER(contact.name))", new: "@(upper(contact.name))"},
		{old: "@(ADD(1, 2))", new: "@(add(1, 2))"},
		{old: "@(LEN(step.value))", new: "@(text_length(input))"},
		{old: "@(FIRST_WORD(step.value))", new: "@(word(input, 0))"},
		{old: "@(WORD(step.value, 2))", new: "@(word(input, 1))"},
		{old: "@(WORD(step.value, flow.n))", new: "@(word(input, results.n - 1))"},
		{old: "@(WORD_SLICE(step.value, 2))", new: "@(word_slice(input, 1))"},
		{old: "@(WORD_SLICE(step.value, 1, 3))", new: "@(word_slice(input, 0, 2))"},
		{old: "@(FIELD(step.value, 2, \"+\"))", new: `@(field(input, 1, "+"))`},
		{old: "@(CONCATENATE(\"a\", contact.name, 1))", new: `@("a" & contact.name & 1)`},
		{old: "@(DATEVALUE(\"1/2/34\"))", new: `@(datetime("1/2/34"))`},
		{old: "@(EDATE(date.today, 1))", new: `@(datetime_add(today(), 1, "M"))`},
		{old: "@(DAYS(flow.d1, flow.d2))", new: `@(datetime_diff(results.d2, results.d1, "D"))`},
		{old: "@(PROPER(contact.name))", new: "@(title(contact.name))"},
		{old: "@(POWER(2, 3))", new: "@(2 ^ 3)"},
		{old: "@(RIGHT(\"abc\", 2))", new: `@(text_slice("abc", -2))`},
		{old: "@(LEFT(\"abc\", 2))", new: `@(text_slice("abc", 0, 2))`},
		{old: "@(FIXED(1234.5678, 1))", new: "@(format_number(1234.5678, 1, true))"},
		{old: "@(NOW()) @(TODAY()) @(TRUE())", new: "@(now()) @(today()) @(true)"},
		{old: "@(WEEKDAY(date.today))", new: "@(weekday(today()) + 1)"},
		{old: "@(IF(flow.x = 1, \"a\", \"b\"))", new: `@(if(results.x = 1, "a", "b"))`},

		// options
		{old: "http://x.com?name=@contact.name&age=@(contact.age)", new: "http://x.com?name=@(url_encode(contact.name))&age=@(url_encode(fields.age))", opts: legacyTemplateOptions{URLEncode: true}},
		{old: "@contact.gender", new: `@(if(is_error(fields.gender), "@contact.gender", fields.gender))`, opts: legacyTemplateOptions{DefaultToSelf: true}},
		{old: "@(UPPER(contact.gender))", new: `@(upper(fields.gender))`, opts: legacyTemplateOptions{DefaultToSelf: true}},
	}
	for _, tc := range tests {
		if got := migrateLegacyTemplate(tc.old, tc.opts); got != tc.new {
			t.Errorf("migrating %q: expected %q, got %q", tc.old, tc.new, got)
		}
	}
}
