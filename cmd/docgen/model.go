package main

import (
	"regexp"
	"strings"
)

// page is one generated reference page.
type page struct {
	File    string // name under docs/reference (a slash for pages in a folder)
	Depth   int    // how many folders below docs/reference the page is
	Title   string
	Intro   string // markdown
	Entries []*entry
}

// entry documents one action, event, trigger, resume, function or case test.
type entry struct {
	Name     string
	Summary  string // one line, for the index
	Category string // actions only
	Blocks   []block
	Source   string     // file declaring it, relative to the repository root
	GoName   string     // the Go name its doc comment starts with, if any
	Fields   []fieldRow // actions: the fields of its JSON
	// Signature is how a function or case test is called, with its parameters.
	Signature *signature
	CaseTest  bool   // a case test: the signature's first parameter is the operand
	Page      string // when the entry has a page of its own: its file, relative to the index
}

// blockKind says how a block of a doc comment is rendered and checked.
type blockKind int

const (
	blockProse     blockKind = iota // a paragraph
	blockJSON                       // a JSON example (or meant to be: tests fail on invalid JSON), read by the type's reader in tests
	blockTemplates                  // lines `@(expression) → output`, evaluated in tests
	blockCode                       // other preformatted text, shown as is
)

// block is a paragraph or an indented block of a doc comment.
type block struct {
	Kind      blockKind
	Text      string
	Templates []templateExample
}

// templateExample is an expression and the output it must evaluate to; Output is
// ErrorOutput when the expression must fail.
type templateExample struct {
	Template string
	Output   string
}

// ErrorOutput written as the output of a template example means it must fail to evaluate.
const ErrorOutput = "ERROR"

// exampleArrow separates a template from its output in an example line.
const exampleArrow = " → "

// JSONExamples returns the entry's JSON examples.
func (e *entry) JSONExamples() []string {
	var out []string
	for _, b := range e.Blocks {
		if b.Kind == blockJSON {
			out = append(out, b.Text)
		}
	}
	return out
}

// TemplateExamples returns the entry's template examples.
func (e *entry) TemplateExamples() []templateExample {
	var out []templateExample
	for _, b := range e.Blocks {
		out = append(out, b.Templates...)
	}
	return out
}

// parseDoc splits a doc comment (as ast.CommentGroup.Text returns it) into paragraphs and
// indented blocks. Paragraph lines are joined into one line; indented lines are kept.
func parseDoc(text string) []block {
	var blocks []block
	var prose, code []string
	flushProse := func() {
		if len(prose) > 0 {
			blocks = append(blocks, block{Kind: blockProse, Text: strings.Join(prose, " ")})
			prose = nil
		}
	}
	flushCode := func() {
		if len(code) > 0 {
			blocks = append(blocks, codeBlock(code))
			code = nil
		}
	}
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.HasPrefix(line, "\t") || strings.HasPrefix(line, "  "):
			flushProse()
			code = append(code, strings.TrimSpace(line))
		case strings.TrimSpace(line) == "":
			flushProse()
			flushCode()
		default:
			flushCode()
			prose = append(prose, strings.TrimSpace(line))
		}
	}
	flushProse()
	flushCode()
	return blocks
}

// codeBlock classifies indented lines: template examples, a JSON example, or other code.
func codeBlock(lines []string) block {
	var examples []templateExample
	for _, l := range lines {
		tmpl, out, ok := strings.Cut(l, exampleArrow)
		if !ok || !strings.HasPrefix(tmpl, "@") {
			examples = nil
			break
		}
		examples = append(examples, templateExample{Template: strings.TrimSpace(tmpl), Output: strings.TrimSpace(out)})
	}
	if examples != nil {
		return block{Kind: blockTemplates, Text: strings.Join(lines, "\n"), Templates: examples}
	}
	joined := strings.Join(lines, "\n")
	if strings.HasPrefix(joined, "{") && strings.HasSuffix(joined, "}") {
		return block{Kind: blockJSON, Text: joined}
	}
	return block{Kind: blockCode, Text: joined}
}

// newEntry makes an entry from a doc comment whose first word may be the Go name of the
// thing (SendMsg sends ...): that word is replaced by the documented name.
func newEntry(name, goName, doc, source string) *entry {
	e := &entry{Name: name, GoName: goName, Source: source, Blocks: parseDoc(doc)}
	if goName != "" && len(e.Blocks) > 0 && e.Blocks[0].Kind == blockProse {
		first := &e.Blocks[0]
		if rest, ok := strings.CutPrefix(first.Text, goName+" "); ok {
			first.Text = "`" + name + "` " + rest
		}
	}
	e.Summary = firstSentence(e)
	return e
}

// firstSentence is the first sentence of the entry's first paragraph, for indexes.
func firstSentence(e *entry) string {
	if len(e.Blocks) == 0 || e.Blocks[0].Kind != blockProse {
		return ""
	}
	text := e.Blocks[0].Text
	for _, m := range sentenceEnd.FindAllStringIndex(text, -1) {
		before := text[:m[0]]
		if strings.HasSuffix(before, "e.g") || strings.HasSuffix(before, "i.e") || strings.Count(before, "(") > strings.Count(before, ")") {
			continue // an abbreviation, or inside parentheses
		}
		text = text[:m[0]]
		break
	}
	return strings.TrimSpace(text)
}

// sentenceEnd finds where a first sentence may end: a period, colon or semicolon followed
// by a space or the end of the paragraph.
var sentenceEnd = regexp.MustCompile(`[.;:]( |$)`)
