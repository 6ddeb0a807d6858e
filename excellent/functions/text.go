package functions

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
)

// Text functions: reading, cutting and rewriting text. Each takes its text argument
// through types.ToXText, so numbers, booleans and objects with a default are accepted and
// an error argument is returned as is.

func init() {
	registerText("char", 1, 1, textChar)
	registerText("clean", 1, 1, textClean)
	registerText("code", 1, 1, textCode)
	registerText("field", 3, 3, textField)
	registerText("html_decode", 1, 1, textHTMLDecode)
	registerText("lower", 1, 1, textLower)
	registerText("upper", 1, 1, textUpper)
	registerText("title", 1, 1, textTitle)
	registerText("trim", 1, 2, textTrim)
	registerText("trim_left", 1, 2, textTrimLeft)
	registerText("trim_right", 1, 2, textTrimRight)
	registerText("read_chars", 1, 1, textReadChars)
	registerText("regex_match", 2, 3, textRegexMatch)
	registerText("remove_first_word", 1, 1, textRemoveFirstWord)
	registerText("repeat", 2, 2, textRepeat)
	registerText("replace", 3, 4, textReplace)
	registerText("split", 1, 2, textSplit)
	registerText("text_compare", 2, 2, textCompare)
	registerText("text_length", 1, 1, textLength)
	registerText("text_slice", 2, 3, textSlice)
	registerText("url_encode", 1, 1, textURLEncode)
	registerText("word", 2, 3, textWord)
	registerText("word_count", 1, 2, textWordCount)
	registerText("word_slice", 2, 4, textWordSlice)
	registerText("attachment_parts", 1, 1, textAttachmentParts)
}

// textMaxProduced bounds text built by repeat and replace before it is allocated; the
// evaluator refuses longer results anyway, this only avoids building them.
const textMaxProduced = 1 << 20

// registerText registers fn behind a check of its argument count, so each function body
// can index its arguments freely.
func registerText(name string, min, max int, fn types.XFunc) {
	RegisterWithArity(name, min, max, fn)
}

// wordToken matches a word (letters, marks, digits and connectors) or a single symbol of
// any kind (an emoji, + = < >, $ €, ^), which counts as a word of its own as in the
// established engine: "8+" is the words 8 and +. Punctuation only separates words.
var wordToken = regexp.MustCompile(`[\p{L}\p{M}\p{N}\p{Pc}]+|\p{S}`)

// Words splits text into words the way the word functions and the word case tests do:
// whitespace and punctuation separate words, and each emoji is a word, so
// "bee.cat,dog 😀" gives bee, cat, dog, 😀 and "8+" gives 8, +.
func Words(text string) []string {
	return wordToken.FindAllString(text, -1)
}

// textWordSpans is Words with the byte offsets of each word.
func textWordSpans(text string) [][]int {
	return wordToken.FindAllStringIndex(text, -1)
}

// textSplitOnChars splits text on any of the delimiter characters, dropping empty pieces.
func textSplitOnChars(text, delimiters string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(delimiters, r) })
}

// textWordsOf splits on the given delimiters when there are any, else with Words.
func textWordsOf(text string, delimiters *string) []string {
	if delimiters != nil {
		return textSplitOnChars(text, *delimiters)
	}
	return Words(text)
}

// textOptionalArg reads an optional text argument.
func textOptionalArg(env envs.Environment, args []types.XValue, i int) (*string, types.XError) {
	if len(args) <= i {
		return nil, nil
	}
	t, err := types.ToXText(env, args[i])
	if err != nil {
		return nil, err
	}
	s := t.Native()
	return &s, nil
}

// textChar returns the character with a unicode code point: char(128512) is 😀.
//
//	@(char(65)) → A
//	@(char(128512)) → 😀
//
// Signature: char(code)
//
//   - code (integer): the unicode code point of the character, e.g. 65 for A
func textChar(env envs.Environment, args ...types.XValue) types.XValue {
	code, err := types.ToInteger(env, args[0])
	if err != nil {
		return err
	}
	if code < 0 || code > unicode.MaxRune || !utf8.ValidRune(rune(code)) {
		return types.NewXErrorf("%d is not a valid character code", code)
	}
	return types.NewXText(string(rune(code)))
}

// textClean removes non-printable characters such as tabs and line breaks.
//
//	@(clean("😃 Hello \nwo\tr\rld")) → 😃 Hello world
//
// Signature: clean(text)
//
//   - text (text): the text to clean
func textClean(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXText(strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return -1
	}, t.Native()))
}

// textCode returns the unicode code point of the first character: code("a") is 97.
//
//	@(code("a")) → 97
//	@(code("😀")) → 128512
//
// Signature: code(text)
//
//   - text (text): the text whose first character is read
func textCode(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	if t.Empty() {
		return types.NewXErrorf("requires a string of at least one character")
	}
	r, _ := utf8.DecodeRuneInString(t.Native())
	return types.NewXNumberFromInt(int(r))
}

// textField returns the field at index of text split by delimiter, trimmed; a space
// delimiter treats runs of spaces as one. An index past the last field gives "".
//
//	@(field("a,b,c", 1, ",")) → b
//	@(field("a   b c", 1, " ")) → b
//
// Signature: field(text, index, delimiter)
//
//   - text (text): the text to split
//   - index (integer): which field to return, 0 for the first
//   - delimiter (text): the text separating the fields, such as `","` or `" "`
func textField(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	index, err := types.ToInteger(env, args[1])
	if err != nil {
		return err
	}
	if index < 0 {
		return types.NewXErrorf("cannot use a negative index to FIELD")
	}
	delim, err := types.ToXText(env, args[2])
	if err != nil {
		return err
	}
	var fields []string
	if delim.Native() == "" {
		fields = []string{t.Native()}
	} else {
		fields = strings.Split(t.Native(), delim.Native())
	}
	if delim.Native() == " " {
		nonEmpty := fields[:0]
		for _, f := range fields {
			if strings.TrimSpace(f) != "" {
				nonEmpty = append(nonEmpty, f)
			}
		}
		fields = nonEmpty
	}
	if index >= len(fields) {
		return types.XTextEmpty
	}
	return types.NewXText(strings.TrimSpace(fields[index]))
}

// textHTMLDecode turns HTML entities such as `&amp;` and `&lt;` back into the characters
// they stand for.
//
//	@(html_decode("Red &amp; Blue")) → Red & Blue
//	@(html_decode("5 &lt; 10")) → 5 < 10
//
// Signature: html_decode(text)
//
//   - text (text): the text holding HTML entities
func textHTMLDecode(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXText(html.UnescapeString(t.Native()))
}

// textLower lower-cases text.
//
//	@(lower("HellO")) → hello
//
// Signature: lower(text)
//
//   - text (text): the text to lower-case
func textLower(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXText(strings.ToLower(t.Native()))
}

// textUpper upper-cases text.
//
//	@(upper("Asdf")) → ASDF
//
// Signature: upper(text)
//
//   - text (text): the text to upper-case
func textUpper(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXText(strings.ToUpper(t.Native()))
}

// textTitle capitalizes the first letter of every word and lower-cases the rest:
// title("RYAN LEWIS") is "Ryan Lewis".
//
//	@(title("hello world")) → Hello World
//	@(title("RYAN LEWIS")) → Ryan Lewis
//
// Signature: title(text)
//
//   - text (text): the text to capitalize
func textTitle(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	var b strings.Builder
	b.Grow(len(t.Native()))
	prev := ' '
	for _, r := range t.Native() {
		inWord := unicode.IsLetter(prev) || unicode.IsDigit(prev) || unicode.IsMark(prev) || prev == '\'' || prev == '’'
		if inWord {
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(unicode.ToTitle(r))
		}
		prev = r
	}
	return types.NewXText(b.String())
}

// textTrimWith trims whitespace, or the given characters when there are any.
func textTrimWith(env envs.Environment, args []types.XValue, space func(string) string, chars func(string, string) string) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	set, err := textOptionalArg(env, args, 1)
	if err != nil {
		return err
	}
	if set == nil {
		return types.NewXText(space(t.Native()))
	}
	return types.NewXText(chars(t.Native(), *set))
}

// textTrim removes whitespace (or the given characters) from both ends.
//
//	@(trim("  hello world  ")) → hello world
//	@(trim("+123157568+", "+")) → 123157568
//
// Signature: trim(text [, chars])
//
//   - text (text): the text to trim
//   - chars (text, default whitespace): the characters to remove, any of them
func textTrim(env envs.Environment, args ...types.XValue) types.XValue {
	return textTrimWith(env, args, strings.TrimSpace, strings.Trim)
}

// textTrimLeft removes whitespace (or the given characters) from the start.
//
//	@(trim_left("  hello")) → hello
//	@(trim_left("+12345+", "+")) → 12345+
//
// Signature: trim_left(text [, chars])
//
//   - text (text): the text to trim
//   - chars (text, default whitespace): the characters to remove, any of them
func textTrimLeft(env envs.Environment, args ...types.XValue) types.XValue {
	return textTrimWith(env, args, func(s string) string { return strings.TrimLeftFunc(s, unicode.IsSpace) }, strings.TrimLeft)
}

// textTrimRight removes whitespace (or the given characters) from the end.
//
//	@(trim_right("+12345+", "+")) → +12345
//
// Signature: trim_right(text [, chars])
//
//   - text (text): the text to trim
//   - chars (text, default whitespace): the characters to remove, any of them
func textTrimRight(env envs.Environment, args ...types.XValue) types.XValue {
	return textTrimWith(env, args, func(s string) string { return strings.TrimRightFunc(s, unicode.IsSpace) }, strings.TrimRight)
}

// textReadChars spaces out the characters of a code or number so a text-to-speech voice
// reads them one by one: in threes or fours when the length allows ("a b c , d e f"),
// else each separated by a comma.
//
//	@(read_chars("abcdef")) → a b c , d e f
//	@(read_chars("12345678")) → 1 2 3 4 , 5 6 7 8
//	@(read_chars("abcde")) → a , b , c , d , e
//
// Signature: read_chars(text)
//
//   - text (text): the code or number to space out
func textReadChars(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	chars := []rune(strings.TrimLeft(t.Native(), "+"))
	if len(chars) == 0 {
		return types.NewXErrorf("requires a string of at least one character")
	}
	group := 1
	switch {
	case len(chars)%3 == 0:
		group = 3
	case len(chars)%4 == 0:
		group = 4
	}
	var b strings.Builder
	for i := 0; i < len(chars); i += group {
		if i > 0 {
			b.WriteString(" , ")
		}
		for j := i; j < i+group; j++ {
			if j > i {
				b.WriteByte(' ')
			}
			b.WriteRune(chars[j])
		}
	}
	return types.NewXText(b.String())
}

// textRegexMatch returns the first match of a pattern, or one of its groups, or "" when
// nothing matches.
//
//	@(regex_match("sda34dfddg67", "\d+")) → 34
//	@(regex_match("Bob Smith", "(\w+) (\w+)", 2)) → Smith
//	@(regex_match("abc", "[[")) → ERROR
//
// Signature: regex_match(text, pattern [, group])
//
//   - text (text): the text to search
//   - pattern (text): the regular expression
//   - group (integer, default 0, the whole match): which group of the match to return, 1 for
//     the first in parentheses
func textRegexMatch(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	pattern, err := types.ToXText(env, args[1])
	if err != nil {
		return err
	}
	group := 0
	if len(args) > 2 {
		if group, err = types.ToInteger(env, args[2]); err != nil {
			return err
		}
	}
	re, err := CompileUserRegex(pattern.Native())
	if err != nil {
		return err
	}
	if group < 0 || group > re.NumSubexp() {
		return types.NewXErrorf("invalid regular expression group %d", group)
	}
	m, err := re.FindSubmatch(env, t.Native())
	if err != nil {
		return err
	}
	if m == nil {
		return types.XTextEmpty
	}
	return types.NewXText(m[group])
}

// textRemoveFirstWord drops the first word and the space and punctuation after it.
//
//	@(remove_first_word("foo bar")) → bar
//	@(remove_first_word("Hi there. I'm a flow!")) → there. I'm a flow!
//
// Signature: remove_first_word(text)
//
//   - text (text): the text to drop the first word of
func textRemoveFirstWord(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	spans := textWordSpans(t.Native())
	if len(spans) < 2 {
		return types.XTextEmpty
	}
	return types.NewXText(strings.TrimLeftFunc(t.Native()[spans[0][1]:], func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r)
	}))
}

// textRepeat repeats text count times.
//
//	@(repeat("*", 8)) → ********
//	@(repeat("*", -1)) → ERROR
//
// Signature: repeat(text, count)
//
//   - text (text): the text to repeat
//   - count (integer): how many times, 0 or more
func textRepeat(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	count, err := types.ToInteger(env, args[1])
	if err != nil {
		return err
	}
	if count < 0 {
		return types.NewXErrorf("must be called with a positive integer, got %d", count)
	}
	if count > 0 && len(t.Native()) > textMaxProduced/count {
		return types.NewXErrorf("repeated text would exceed the maximum length of %d", textMaxProduced)
	}
	return types.NewXText(strings.Repeat(t.Native(), count))
}

// textReplace replaces occurrences of needle, all of them or the first count.
//
//	@(replace("foo bar foo", "foo", "zap")) → zap bar zap
//	@(replace("foo bar foo", "foo", "zap", 1)) → zap bar foo
//	@(replace("foo bar", "baz", "zap")) → foo bar
//
// Signature: replace(text, needle, replacement [, count])
//
//   - text (text): the text to change
//   - needle (text): the text to replace
//   - replacement (text): the text to put in its place
//   - count (integer, default every occurrence): how many occurrences to replace, from the
//     start; negative replaces all
func textReplace(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	needle, err := types.ToXText(env, args[1])
	if err != nil {
		return err
	}
	replacement, err := types.ToXText(env, args[2])
	if err != nil {
		return err
	}
	count := -1
	if len(args) > 3 {
		if count, err = types.ToInteger(env, args[3]); err != nil {
			return err
		}
	}
	n := strings.Count(t.Native(), needle.Native())
	if count >= 0 && count < n {
		n = count
	}
	if grow := len(replacement.Native()) - len(needle.Native()); grow > 0 && n > 0 && len(t.Native())+n*grow > textMaxProduced {
		return types.NewXErrorf("replaced text would exceed the maximum length of %d", textMaxProduced)
	}
	return types.NewXText(strings.Replace(t.Native(), needle.Native(), replacement.Native(), count))
}

// textSplit splits text on any of the delimiter characters (space by default), dropping
// empty pieces: split("a.b.c.", ".") is [a, b, c].
//
//	@(split("a b c")) → [a, b, c]
//	@(split("a.b.c.", ".")) → [a, b, c]
//	@(split("a|b,c  d", " .|,")) → [a, b, c, d]
//
// Signature: split(text [, delimiters])
//
//   - text (text): the text to split
//   - delimiters (text, default a space): the characters to split on, any of them
func textSplit(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	delims := " "
	if d, err := textOptionalArg(env, args, 1); err != nil {
		return err
	} else if d != nil {
		delims = *d
	}
	parts := textSplitOnChars(t.Native(), delims)
	values := make([]types.XValue, len(parts))
	for i, p := range parts {
		values[i] = types.NewXText(p)
	}
	return types.NewXArray(values...)
}

// textCompare orders two texts: -1, 0 or 1.
//
//	@(text_compare("abc", "abc")) → 0
//	@(text_compare("abc", "def")) → -1
//	@(text_compare("zzz", "aaa")) → 1
//
// Signature: text_compare(text1, text2)
//
//   - text1 (text): the first text
//   - text2 (text): the second text
func textCompare(env envs.Environment, args ...types.XValue) types.XValue {
	a, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	b, err := types.ToXText(env, args[1])
	if err != nil {
		return err
	}
	return types.NewXNumberFromInt(strings.Compare(a.Native(), b.Native()))
}

// textLength counts characters (not bytes).
//
//	@(text_length("abc")) → 3
//	@(text_length("😀😃")) → 2
//	@(text_length(array(2, 3))) → 6
//
// Signature: text_length(text)
//
//   - text (text): the text to count the characters of
func textLength(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXNumberFromInt(t.Length())
}

// textSlice returns the characters from start up to end, counting negative positions from
// the end: text_slice("hello😁", -3, -1) is "lo".
//
//	@(text_slice("hello", 2)) → llo
//	@(text_slice("hello", 1, 3)) → el
//	@(text_slice("hello😁", -3, -1)) → lo
//
// Signature: text_slice(text, start [, end])
//
//   - text (text): the text to cut
//   - start (integer): the position of the first character to keep, 0 for the first; negative
//     counts from the end
//   - end (integer, default the end of the text): the position to stop before; negative
//     counts from the end
func textSlice(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	chars := []rune(t.Native())
	start, err := types.ToInteger(env, args[1])
	if err != nil {
		return err
	}
	end, err := optionalInt(env, args, 2, len(chars))
	if err != nil {
		return err
	}
	start, end = sliceBounds(start, end, len(chars))
	return types.NewXText(string(chars[start:end]))
}

// textURLEncode escapes text for a URL query, spaces as %20.
//
//	@(url_encode("two & words")) → two%20%26%20words
//	@(url_encode(10)) → 10
//
// Signature: url_encode(text)
//
//   - text (text): the text to escape
func textURLEncode(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	return types.NewXText(strings.ReplaceAll(url.QueryEscape(t.Native()), "+", "%20"))
}

// textWord returns the word at index (negative counts from the end). Words are separated by
// spaces and punctuation, each emoji or symbol being a word of its own, unless delimiter
// characters are given.
//
//	@(word("bee cat dog", 0)) → bee
//	@(word("bee.cat,dog", 1)) → cat
//	@(word("bee.cat,dog", -1)) → dog
//	@(word("bee.*cat,dog", 1, ".*=|")) → cat,dog
//	@(word("O'Grady O'Flaggerty", 1, " ")) → O'Flaggerty
//
// Signature: word(text, index [, delimiters])
//
//   - text (text): the text to take a word from
//   - index (integer): which word, 0 for the first; negative counts from the end
//   - delimiters (text, default spaces and punctuation): the characters separating words, any
//     of them
func textWord(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	index, err := types.ToInteger(env, args[1])
	if err != nil {
		return err
	}
	delims, err := textOptionalArg(env, args, 2)
	if err != nil {
		return err
	}
	words := textWordsOf(t.Native(), delims)
	i := index
	if i < 0 {
		i += len(words)
	}
	if i < 0 || i >= len(words) {
		return types.NewXErrorf("index %d is out of range for the number of words %d", index, len(words))
	}
	return types.NewXText(words[i])
}

// textWordCount counts words, separated by spaces and punctuation (each emoji or symbol is
// a word of its own) unless delimiter characters are given.
//
//	@(word_count("foo bar")) → 2
//	@(word_count(10)) → 1
//	@(word_count("😀😃😄😁")) → 4
//	@(word_count("bee.*cat,dog", ".*=|")) → 2
//
// Signature: word_count(text [, delimiters])
//
//   - text (text): the text whose words are counted
//   - delimiters (text, default spaces and punctuation): the characters separating words, any
//     of them
func textWordCount(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	delims, err := textOptionalArg(env, args, 1)
	if err != nil {
		return err
	}
	return types.NewXNumberFromInt(len(textWordsOf(t.Native(), delims)))
}

// textWordSlice returns the words from start up to end (to the last word when end is
// omitted or negative), joined by spaces.
//
//	@(word_slice("bee cat dog", 0, 1)) → bee
//	@(word_slice("bee cat dog", 1)) → cat dog
//	@(word_slice("bee cat dog", 1, -1)) → cat dog
//	@(word_slice("bee.*cat,dog", 1, -1, ".*=|")) → cat,dog
//	@(word_slice("bee cat dog", -1)) → ERROR
//
// Signature: word_slice(text, start [, end [, delimiters]])
//
//   - text (text): the text to take words from
//   - start (integer): the position of the first word to keep, 0 for the first
//   - end (integer, default the last word): the position of the word to stop before; negative
//     keeps to the last word
//   - delimiters (text, default spaces and punctuation): the characters separating words, any
//     of them
func textWordSlice(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	start, err := types.ToInteger(env, args[1])
	if err != nil {
		return err
	}
	if start < 0 {
		return types.NewXErrorf("must start with a positive index")
	}
	end := -1
	if len(args) > 2 {
		if end, err = types.ToInteger(env, args[2]); err != nil {
			return err
		}
	}
	if end > 0 && end <= start {
		return types.NewXErrorf("must have a end which is greater than the start")
	}
	delims, err := textOptionalArg(env, args, 3)
	if err != nil {
		return err
	}
	words := textWordsOf(t.Native(), delims)
	if start >= len(words) {
		return types.XTextEmpty
	}
	if end < 0 || end > len(words) {
		end = len(words)
	}
	return types.NewXText(strings.Join(words[start:end], " "))
}

// textAttachmentParts splits an attachment "image/jpeg:https://..." into its content type
// and URL.
//
//	@(attachment_parts("image/jpeg:https://example.com/test.jpg")) → {content_type: image/jpeg, url: https://example.com/test.jpg}
//	@(attachment_parts("image/jpeg:https://example.com/test.jpg").content_type) → image/jpeg
//
// Signature: attachment_parts(attachment)
//
//   - attachment (text): an attachment as a message carries it, its content type and URL
//     joined by a colon
func textAttachmentParts(env envs.Environment, args ...types.XValue) types.XValue {
	t, err := types.ToXText(env, args[0])
	if err != nil {
		return err
	}
	contentType, u, found := strings.Cut(t.Native(), ":")
	if !found {
		contentType, u = "", t.Native()
	}
	return types.NewXObject(map[string]types.XValue{
		"content_type": types.NewXText(contentType),
		"url":          types.NewXText(u),
	})
}
