package excellent

import (
	"testing"
)

const benchTemplate = `Hi @contact.name, your balance is @(format_number(fields.balance, 2))`

func BenchmarkParseTemplate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseTemplate(benchTemplate); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluateTemplate(b *testing.B) {
	env, ctx := testEnv(), testContext()
	tpl := CachedTemplate(benchTemplate)
	if out, errs := tpl.Evaluate(env, ctx, nil); len(errs) > 0 {
		b.Fatalf("%s: %v", out, errs[0])
	}
	b.ReportAllocs()
	for b.Loop() {
		tpl.Evaluate(env, ctx, nil)
	}
}

func BenchmarkEvaluateTemplateCached(b *testing.B) {
	env, ctx := testEnv(), testContext()
	b.ReportAllocs()
	for b.Loop() {
		EvaluateTemplate(env, ctx, benchTemplate, nil)
	}
}

func BenchmarkEvaluatePlainText(b *testing.B) {
	env, ctx := testEnv(), testContext()
	b.ReportAllocs()
	for b.Loop() {
		EvaluateTemplate(env, ctx, "Thanks for your message, we'll get back to you soon.", nil)
	}
}

func BenchmarkEvaluateArithmetic(b *testing.B) {
	env, ctx := testEnv(), testContext()
	tpl := CachedTemplate(`@(fields.age * 2 + 1 > 40 & "!")`)
	b.ReportAllocs()
	for b.Loop() {
		tpl.Evaluate(env, ctx, nil)
	}
}
