package cases

import (
	"strconv"
	"strings"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// Text case tests: whether the operand contains words, phrases, a beginning or a pattern.
// Words are split as by the word functions (spaces and punctuation separate them, each
// emoji is one) and compared ignoring case, under the environment's input collation.

func init() {
	register("has_text", 1, 1, hasText)
	register("has_only_text", 2, 2, hasOnlyText)
	register("has_beginning", 2, 2, hasBeginning)
	register("has_all_words", 2, 2, hasAllWords)
	register("has_any_word", 2, 2, hasAnyWord)
	register("has_phrase", 2, 2, hasPhrase)
	register("has_only_phrase", 2, 2, hasOnlyPhrase)
	register("has_pattern", 2, 2, hasPattern)
}

// hasText matches text that is not blank; the match is the text trimmed.
//
//	@(has_text("")) → false
//	@(has_text(123).match) → 123
//
// Signature: has_text(text)
//
//   - text (text): the text tested, usually `@input.text`
func hasText(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	trimmed := strings.TrimSpace(t.Native())
	if trimmed == "" {
		return FalseResult
	}
	return NewTrueResult(types.NewXText(trimmed))
}

// hasOnlyText matches when the two texts are the same, case included.
//
//	@(has_only_text("foo", "foo").match) → foo
//	@(has_only_text("foo", " foo ")) → false
//
// Signature: has_only_text(text, expected)
//
//   - text (text): the text tested, usually `@input.text`
//   - expected (text): the text it must be, exactly
func hasOnlyText(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	if sameText(env, texts[0], texts[1], false) {
		return NewTrueResult(types.NewXText(texts[0]))
	}
	return FalseResult
}

// hasBeginning matches text starting with the beginning, ignoring case; the match is that
// start as the contact typed it.
//
//	@(has_beginning("The Quick Brown", "the quick").match) → The Quick
//	@(has_beginning("Yes please", "no")) → false
//
// Signature: has_beginning(text, beginning)
//
//   - text (text): the text tested, usually `@input.text`
//   - beginning (text): what the text must start with
func hasBeginning(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	text := []rune(strings.TrimSpace(texts[0]))
	beginning := strings.TrimSpace(texts[1])
	n := len([]rune(beginning))
	if n > len(text) {
		return FalseResult
	}
	segment := string(text[:n])
	if sameText(env, segment, beginning, true) {
		return NewTrueResult(types.NewXText(segment))
	}
	return FalseResult
}

// wordKeys returns the collation keys of words.
func wordKeys(env envs.Environment, words []string) []string {
	keys := make([]string, len(words))
	for i, w := range words {
		keys[i] = collate(env, w, true)
	}
	return keys
}

// hasAllWords matches text containing every one of the words, in any order; the match is
// the text's matching words in the text's order.
//
//	@(has_all_words("the quick brown FOX", "the fox").match) → the FOX
//	@(has_all_words("the quick brown FOX", "red fox")) → false
//
// Signature: has_all_words(text, words)
//
//   - text (text): the text tested, usually `@input.text`
//   - words (text): the words that must all be in it, separated by spaces or punctuation
func hasAllWords(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	textWords := functions.Words(texts[0])
	textKeys := wordKeys(env, textWords)
	wanted := map[string]bool{}
	for _, k := range wordKeys(env, functions.Words(texts[1])) {
		wanted[k] = false
	}
	var matched []string
	for i, k := range textKeys {
		if _, ok := wanted[k]; ok {
			wanted[k] = true
			matched = append(matched, textWords[i])
		}
	}
	for _, found := range wanted {
		if !found {
			return FalseResult
		}
	}
	return NewTrueResult(types.NewXText(strings.Join(matched, " ")))
}

// hasAnyWord matches text containing at least one of the words; the match is the text's
// matching words in the text's order.
//
//	@(has_any_word("The Quick Brown Fox", "fox quick").match) → Quick Fox
//	@(has_any_word("The Quick Brown Fox", "red pink")) → false
//
// Signature: has_any_word(text, words)
//
//   - text (text): the text tested, usually `@input.text`
//   - words (text): the words of which at least one must be in it, separated by spaces or
//     punctuation
func hasAnyWord(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	textWords := functions.Words(texts[0])
	wanted := map[string]bool{}
	for _, k := range wordKeys(env, functions.Words(texts[1])) {
		wanted[k] = true
	}
	var matched []string
	for i, k := range wordKeys(env, textWords) {
		if wanted[k] {
			matched = append(matched, textWords[i])
		}
	}
	if len(matched) == 0 {
		return FalseResult
	}
	return NewTrueResult(types.NewXText(strings.Join(matched, " ")))
}

// hasPhrase matches text containing the phrase's words next to each other, in order.
//
//	@(has_phrase("the quick brown fox", "brown fox").match) → brown fox
//	@(has_phrase("the Quick Brown fox", "quick fox")) → false
//
// Signature: has_phrase(text, phrase)
//
//   - text (text): the text tested, usually `@input.text`
//   - phrase (text): the words that must be in the text next to each other, in order
func hasPhrase(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	phrase := wordKeys(env, functions.Words(texts[1]))
	if len(phrase) == 0 {
		return NewTrueResult(types.XTextEmpty)
	}
	textWords := functions.Words(texts[0])
	keys := wordKeys(env, textWords)
	for i := 0; i+len(phrase) <= len(keys); i++ {
		if equalKeys(keys[i:i+len(phrase)], phrase) {
			return NewTrueResult(types.NewXText(strings.Join(textWords[i:i+len(phrase)], " ")))
		}
	}
	return FalseResult
}

// hasOnlyPhrase matches text whose words are exactly the phrase's words.
//
//	@(has_only_phrase("Quick Brown", "quick brown").match) → Quick Brown
//	@(has_only_phrase("The Quick Brown", "quick brown")) → false
//
// Signature: has_only_phrase(text, phrase)
//
//   - text (text): the text tested, usually `@input.text`
//   - phrase (text): the words the text must consist of, in order
func hasOnlyPhrase(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	textWords := functions.Words(texts[0])
	if !equalKeys(wordKeys(env, textWords), wordKeys(env, functions.Words(texts[1]))) {
		return FalseResult
	}
	return NewTrueResult(types.NewXText(strings.Join(textWords, " ")))
}

func equalKeys(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// hasPattern matches text containing the regular expression (case-insensitive); the match
// is the whole match and extra holds the groups by number.
//
//	@(has_pattern("Buy cheese please", "buy (\w+)").match) → Buy cheese
//	@(has_pattern("Buy cheese please", "buy (\w+)").extra[1]) → cheese
//	@(has_pattern("Sell cheese please", "buy (\w+)")) → false
//
// Signature: has_pattern(text, pattern)
//
//   - text (text): the text tested, usually `@input.text`
//   - pattern (text): the regular expression the text must contain a match of
func hasPattern(env envs.Environment, args ...types.XValue) types.XValue {
	texts, err := textArgs(env, args, 0)
	if err != nil {
		return err
	}
	re, err := functions.CompileUserRegex(texts[1])
	if err != nil {
		return err
	}
	m, err := re.FindSubmatch(env, texts[0])
	if err != nil {
		return err
	}
	if m == nil {
		return FalseResult
	}
	groups := make(map[string]types.XValue, len(m))
	for i, g := range m {
		groups[strconv.Itoa(i)] = types.NewXText(g)
	}
	return NewTrueResultWithExtra(types.NewXText(m[0]), types.NewXObject(groups))
}
