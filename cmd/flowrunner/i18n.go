package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/utils"
)

func runI18n(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	usage := func() {
		fmt.Fprintln(stderr, "usage: flowrunner i18n export -lang LANG ASSETS.json [FLOW] > FILE.po")
		fmt.Fprintln(stderr, "       flowrunner i18n import [-lang LANG] [-o OUT.json] ASSETS.json [FLOW] FILE.po")
		fmt.Fprintln(stderr, "Exports every translatable text of a flow as a gettext PO file for translators, and imports")
		fmt.Fprintln(stderr, "a translated one back into the flow's localization. flowrunner i18n export -h and import -h")
		fmt.Fprintln(stderr, "list their flags.")
	}
	if len(args) == 0 {
		usage()
		return exitInput
	}
	switch args[0] {
	case "export":
		return runI18nExport(args[1:], stdout, stderr)
	case "import":
		return runI18nImport(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		usage()
		return exitOK
	}
	fmt.Fprintf(stderr, "flowrunner: unknown i18n command %q: use export or import\n", args[0])
	usage()
	return exitInput
}

// i18nText is one translatable text of a flow: an element of the list of texts an item
// (action, category, case) has under a key, with where it comes from and its translation
// in the language at hand, if it has one.
type i18nText struct {
	UUID        utils.UUID
	Key         string
	Index       int
	Base        string
	All         []string // every text of the item under Key, blank ones included
	Path        string   // the JSON path in the flow definition, e.g. nodes[0].actions[1].text
	Comment     string   // what it is, for translators
	Translation string
	Translated  bool
}

// context is the PO msgctxt of a text: what identifies it in the localization.
func (t *i18nText) context() string { return fmt.Sprintf("%s/%s/%d", t.UUID, t.Key, t.Index) }

// localizableTexts lists the translatable texts of a flow in the order of its nodes.
func localizableTexts(flow *definition.Flow, lang envs.Language) []*i18nText {
	c := &textCollector{flow: flow, lang: lang}
	for i, n := range flow.Nodes {
		for j, a := range n.Actions {
			c.path = fmt.Sprintf("nodes[%d].actions[%d]", i, j)
			c.what = a.Type()
			a.Inspect(c)
		}
		if r := n.Router; r != nil {
			for j, cs := range r.Cases {
				c.path = fmt.Sprintf("nodes[%d].router.cases[%d]", i, j)
				c.what = "argument of the router case " + cs.Type
				c.Localizable(cs.UUID, "arguments", cs.Arguments)
			}
			for j, cat := range r.Categories {
				c.path = fmt.Sprintf("nodes[%d].router.categories[%d]", i, j)
				c.what = "name of a router category, saved as the result's category"
				c.Localizable(cat.UUID, "name", []string{cat.Name})
			}
		}
	}
	return c.texts
}

// textCollector is the flows.Inspector gathering the translatable texts of actions.
type textCollector struct {
	flow  *definition.Flow
	lang  envs.Language
	path  string
	what  string
	texts []*i18nText
}

func (c *textCollector) LocalizedTemplates(uuid utils.UUID, key string, texts []string) {
	c.Localizable(uuid, key, texts)
}

func (c *textCollector) Localizable(uuid utils.UUID, key string, texts []string) {
	translated, has := c.flow.Localization.Texts(c.lang, uuid, key)
	for i, t := range texts {
		if !strings.ContainsFunc(t, unicode.IsLetter) {
			continue // nothing to translate in "", "1" or "20"
		}
		path := c.path + "." + key
		if len(texts) > 1 || key == "quick_replies" || key == "attachments" || key == "arguments" {
			path += fmt.Sprintf("[%d]", i)
		}
		it := &i18nText{UUID: uuid, Key: key, Index: i, Base: t, All: texts, Path: path, Comment: c.what + " " + key}
		if strings.HasPrefix(c.what, "argument") || strings.HasPrefix(c.what, "name of") {
			it.Comment = c.what
		}
		if has && i < len(translated) && translated[i] != "" {
			it.Translation, it.Translated = translated[i], true
		}
		c.texts = append(c.texts, it)
	}
}

func (c *textCollector) Templates(...string)                  {}
func (c *textCollector) Dependency(assets.Reference)          {}
func (c *textCollector) Result(string, []string)              {}
func (c *textCollector) Local(string)                         {}
func (c *textCollector) Issue(string, string, map[string]any) {}

// i18nFlow finds the flow of an i18n command and reads it.
func i18nFlow(assetsPath, which string) (*definition.Flow, error) {
	src, err := loadSource(assetsPath)
	if err != nil {
		return nil, err
	}
	ref, _, _, err := pickFlow(src, which)
	if err != nil {
		return nil, badInput(err)
	}
	flow, err := newAssets(src).Flow(utils.UUID(ref["uuid"]))
	if err != nil {
		return nil, badInput(err)
	}
	return flow, nil
}

func runI18nExport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("i18n export", stderr,
		"usage: flowrunner i18n export -lang LANG ASSETS.json [FLOW] > FILE.po",
		"Writes every translatable text of FLOW (a UUID or name, by default the first flow of the file) as a",
		"gettext PO file: the flow's text as msgid, the translation into LANG it already has as msgstr, where",
		"the text comes from as comments, and the item it belongs to as msgctxt (keep it: import needs it).",
	)
	lang := fs.String("lang", "", "the `LANGUAGE` to translate into (ISO 639-3, e.g. spa)")
	outPath := fs.String("o", "", "write to `FILE` instead of stdout")
	pos, code, ok := parseArgs(fs, args, 1, 2)
	if !ok {
		return code
	}
	l, err := parseLangFlag(*lang)
	if err != nil {
		return fail(stderr, err)
	}
	flow, err := i18nFlow(pos[0], optionalArg(pos, 1))
	if err != nil {
		return fail(stderr, err)
	}
	texts := localizableTexts(flow, l)
	var b strings.Builder
	writePO(&b, flow, l, texts)
	if *outPath != "" {
		if err := os.WriteFile(*outPath, []byte(b.String()), 0o644); err != nil {
			return fail(stderr, err)
		}
	} else {
		io.WriteString(stdout, b.String())
	}
	done := 0
	for _, t := range texts {
		if t.Translated {
			done++
		}
	}
	fmt.Fprintf(stderr, "%s of flow '%s', %d translated into %s\n", plural(len(texts), "text"), flow.Name, done, l)
	return exitOK
}

// parseLangFlag checks the -lang flag.
func parseLangFlag(s string) (envs.Language, error) {
	if s == "" {
		return "", badInputf("flag -lang is required: the language to translate into, e.g. -lang spa")
	}
	l, err := envs.ParseLanguage(s)
	if err != nil {
		return "", badInputf("flag -lang has invalid value '%s': it takes an ISO 639-3 code such as spa", s)
	}
	return l, nil
}

func optionalArg(pos []string, i int) string {
	if i < len(pos) {
		return pos[i]
	}
	return ""
}

// writePO writes the texts as a PO file.
func writePO(b *strings.Builder, flow *definition.Flow, lang envs.Language, texts []*i18nText) {
	fmt.Fprintf(b, "# Translation of the flow %q (%s) into %s.\n", flow.Name, flow.UUID, lang)
	b.WriteString("# Translate each msgstr; leave msgid and msgctxt as they are.\n")
	b.WriteString("# Keep @expressions such as @contact.name or @(upper(input.text)) as they are written.\n")
	b.WriteString("msgid \"\"\nmsgstr \"\"\n")
	for _, h := range []string{
		"Project-Id-Version: " + flow.Name,
		"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE",
		"Last-Translator: FULL NAME <EMAIL@ADDRESS>",
		"Language-Team: " + string(lang),
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=UTF-8",
		"Content-Transfer-Encoding: 8bit",
		"Language: " + string(lang),
		"X-Flow-UUID: " + string(flow.UUID),
		"X-Flow-Name: " + flow.Name,
		"X-Flow-Language: " + string(flow.Language),
		"X-Generator: flowrunner i18n export",
	} {
		b.WriteString(poQuote(h+"\n") + "\n")
	}
	for _, t := range texts {
		b.WriteString("\n")
		fmt.Fprintf(b, "#. %s\n", t.Comment)
		fmt.Fprintf(b, "#: %s\n", t.Path)
		writePOString(b, "msgctxt", t.context())
		writePOString(b, "msgid", t.Base)
		writePOString(b, "msgstr", t.Translation)
	}
}

// writePOString writes a keyword and its string, split after each newline as PO editors do.
func writePOString(b *strings.Builder, keyword, s string) {
	if !strings.Contains(strings.TrimSuffix(s, "\n"), "\n") {
		fmt.Fprintf(b, "%s %s\n", keyword, poQuote(s))
		return
	}
	fmt.Fprintf(b, "%s \"\"\n", keyword)
	for _, part := range strings.SplitAfter(s, "\n") {
		if part != "" {
			b.WriteString(poQuote(part) + "\n")
		}
	}
}

// poQuote quotes a string as a PO string literal.
func poQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
