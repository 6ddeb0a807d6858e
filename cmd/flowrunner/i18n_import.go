package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/utils"
)

// poEntry is one message of a PO file.
type poEntry struct {
	Context string
	ID      string
	Str     string
	Fuzzy   bool
	Line    int
}

// maxPOBytes bounds a PO file read by import.
const maxPOBytes = 16 << 20

// readPO reads the messages of a PO file and its header's fields. Obsolete messages (#~)
// are skipped; plural forms are refused, flows have none.
func readPO(r io.Reader) ([]*poEntry, map[string]string, error) {
	sc := bufio.NewScanner(io.LimitReader(r, maxPOBytes))
	sc.Buffer(make([]byte, 64*1024), maxPOBytes)
	var entries []*poEntry
	header := map[string]string{}
	cur := &poEntry{}
	var target *string // the string continuation lines add to
	fuzzy := false
	started := false
	lineNo := 0
	flush := func() {
		if started {
			cur.Fuzzy = fuzzy
			if cur.ID == "" && cur.Context == "" {
				for _, l := range strings.Split(cur.Str, "\n") {
					if k, v, ok := strings.Cut(l, ":"); ok {
						header[strings.TrimSpace(k)] = strings.TrimSpace(v)
					}
				}
			} else {
				entries = append(entries, cur)
			}
		}
		cur, target, fuzzy, started = &poEntry{}, nil, false, false
	}
	for sc.Scan() {
		lineNo++
		line := strings.TrimSpace(sc.Text())
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "#~"):
			target = nil // an obsolete message: nothing of it is read
		case strings.HasPrefix(line, "#,"):
			if started {
				flush()
			}
			fuzzy = fuzzy || strings.Contains(line, "fuzzy")
		case strings.HasPrefix(line, "#"):
			if started && target != &cur.Str {
				continue
			}
			if started {
				flush()
			}
		case strings.HasPrefix(line, `"`):
			if target == nil {
				return nil, nil, fmt.Errorf("line %d: a string that continues nothing", lineNo)
			}
			s, err := poUnquote(line)
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: %w", lineNo, err)
			}
			*target += s
		default:
			keyword, rest, _ := strings.Cut(line, " ")
			s, err := poUnquote(strings.TrimSpace(rest))
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: %w", lineNo, err)
			}
			switch keyword {
			case "msgctxt":
				if started {
					flush()
				}
				started, cur.Line = true, lineNo
				cur.Context, target = s, &cur.Context
			case "msgid":
				if started && cur.ID != "" {
					flush()
				}
				if !started {
					started, cur.Line = true, lineNo
				}
				cur.ID, target = s, &cur.ID
			case "msgstr":
				cur.Str, target = s, &cur.Str
			case "msgid_plural", "msgstr[0]", "msgstr[1]":
				return nil, nil, fmt.Errorf("line %d: plural forms are not used in flows", lineNo)
			default:
				return nil, nil, fmt.Errorf("line %d: unknown keyword '%s'", lineNo, keyword)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("unable to read the PO file: %w", err)
	}
	flush()
	return entries, header, nil
}

// poUnquote reads a PO string literal.
func poUnquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", fmt.Errorf("expected a quoted string, found %s", strconv.Quote(s))
	}
	var b strings.Builder
	body := s[1 : len(s)-1]
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		if i+1 == len(body) {
			return "", fmt.Errorf("a string ends with a lone backslash")
		}
		i++
		switch body[i] {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case '"', '\\':
			b.WriteByte(body[i])
		default:
			return "", fmt.Errorf("unknown escape \\%c", body[i])
		}
	}
	return b.String(), nil
}

// importReport is what an import did.
type importReport struct {
	Imported     int      // translations written
	Changed      int      // of which new or different from the flow's
	Untranslated []string // where the texts left untranslated come from
	Obsolete     []string // PO messages that match nothing in the flow as it is
	Fuzzy        []string // PO messages marked fuzzy, not imported
}

func runI18nImport(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("i18n import", stderr,
		"usage: flowrunner i18n import [-lang LANG] [-o OUT.json] ASSETS.json [FLOW] FILE.po",
		"Writes the translations of a PO file (made by i18n export) into the localization of FLOW (by",
		"default the first flow of the file), in ASSETS.json itself unless -o is given, and reports the",
		"texts left untranslated and the messages that no longer match the flow (obsolete). Fuzzy",
		"messages are not imported. The language is the PO file's Language header unless -lang is given.",
	)
	lang := fs.String("lang", "", "the `LANGUAGE` of the translations (ISO 639-3), if not the PO file's")
	outPath := fs.String("o", "", "write the assets to `FILE` (- for stdout) instead of back into ASSETS.json")
	pos, code, ok := parseArgs(fs, args, 2, 3)
	if !ok {
		return code
	}
	assetsPath, poPath := pos[0], pos[len(pos)-1]
	which := ""
	if len(pos) == 3 {
		which = pos[1]
	}
	poFile, err := os.Open(poPath)
	if err != nil {
		return fail(stderr, badInput(err))
	}
	entries, header, err := readPO(poFile)
	poFile.Close()
	if err != nil {
		return fail(stderr, badInputf("%s: %w", poPath, err))
	}
	if *lang == "" {
		*lang = header["Language"]
	}
	l, err := parseLangFlag(*lang)
	if err != nil {
		return fail(stderr, err)
	}
	data, err := os.ReadFile(assetsPath)
	if err != nil {
		return fail(stderr, badInput(err))
	}
	flow, err := i18nFlow(assetsPath, which)
	if err != nil {
		return fail(stderr, err)
	}
	if u := header["X-Flow-UUID"]; u != "" && u != string(flow.UUID) {
		return fail(stderr, badInputf("%s was exported from the flow %s, not from '%s' (%s)", poPath, u, flow.Name, flow.UUID))
	}
	updated, report, err := importTranslations(data, flow, l, entries)
	if err != nil {
		return fail(stderr, err)
	}
	target := assetsPath
	if *outPath != "" {
		target = *outPath
	}
	if target == "-" {
		stdout.Write(updated)
	} else if err := os.WriteFile(target, updated, 0o644); err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stderr, "imported %s (%d new or changed) into %s of flow '%s': %d untranslated, %d obsolete, %d fuzzy\n",
		plural(report.Imported, "translation"), report.Changed, l, flow.Name, len(report.Untranslated), len(report.Obsolete), len(report.Fuzzy))
	for _, u := range report.Untranslated {
		fmt.Fprintf(stderr, "  untranslated: %s\n", u)
	}
	for _, o := range report.Obsolete {
		fmt.Fprintf(stderr, "  obsolete: %s\n", o)
	}
	for _, z := range report.Fuzzy {
		fmt.Fprintf(stderr, "  fuzzy, not imported: %s\n", z)
	}
	return exitOK
}

// importTranslations writes the translations of entries into the flow's localization in
// the assets JSON and returns the new JSON. The result is read again before it is
// returned, so a file that wouldn't read is never written.
func importTranslations(data []byte, flow *definition.Flow, lang envs.Language, entries []*poEntry) ([]byte, *importReport, error) {
	doc, err := readOrderedJSON(data)
	if err != nil {
		return nil, nil, badInputf("unable to read the assets: %w", utils.DescribeJSONError(err))
	}
	root, _ := doc.(*jsonObject)
	if root == nil {
		return nil, nil, badInputf("the assets file is not a JSON object")
	}
	flowsList, _ := root.values["flows"].([]any)
	var flowObj *jsonObject
	for _, f := range flowsList {
		if o, ok := f.(*jsonObject); ok && o.values["uuid"] == string(flow.UUID) {
			flowObj = o
		}
	}
	if flowObj == nil {
		return nil, nil, badInputf("the flow %s is not written in the current spec in the assets file (migrate it first)", flow.UUID)
	}

	texts := localizableTexts(flow, lang)
	byContext := map[string]*i18nText{}
	for _, t := range texts {
		byContext[t.context()] = t
	}
	report := &importReport{}
	fresh := map[string]string{} // context -> translation read from the PO file
	for _, e := range entries {
		where := fmt.Sprintf("line %d %q", e.Line, e.ID)
		t := byContext[e.Context]
		switch {
		case t == nil || t.Base != e.ID:
			report.Obsolete = append(report.Obsolete, where)
		case e.Fuzzy && e.Str != "":
			report.Fuzzy = append(report.Fuzzy, where)
		case e.Str != "":
			fresh[e.Context] = e.Str
		}
	}

	// the translations of each item's key are a list as long as its texts
	type group struct {
		uuid utils.UUID
		key  string
	}
	var order []group
	members := map[group][]*i18nText{}
	for _, t := range texts {
		g := group{t.UUID, t.Key}
		if _, seen := members[g]; !seen {
			order = append(order, g)
		}
		members[g] = append(members[g], t)
	}
	loc := flowObj.object("localization").object(string(lang))
	for _, g := range order {
		base := members[g][0].All
		existing, _ := flow.Localization.Texts(lang, g.uuid, g.key)
		list := make([]any, len(base))
		any := false
		for i, b := range base {
			list[i] = b
			if i < len(existing) && existing[i] != "" {
				list[i], any = existing[i], true
			}
		}
		for _, t := range members[g] {
			if tr, ok := fresh[t.context()]; ok {
				list[t.Index], any = tr, true
				report.Imported++
				if !t.Translated || t.Translation != tr {
					report.Changed++
				}
			} else if !t.Translated {
				report.Untranslated = append(report.Untranslated, fmt.Sprintf("%s %q", t.Path, t.Base))
			}
		}
		if any {
			loc.object(string(g.uuid)).set(g.key, list)
		}
	}
	if len(loc.keys) == 0 {
		delete(flowObj.object("localization").values, string(lang))
		lo := flowObj.object("localization")
		lo.keys = removeString(lo.keys, string(lang))
	}

	out := writeOrderedJSON(root, detectIndent(data))
	src, err := static.ReadSource(out)
	if err == nil {
		if a := src.Collection().Flow(flow.UUID); a != nil {
			_, err = definition.ReadFlow(a.Definition)
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("the translated flow doesn't read, nothing written: %w", err)
	}
	return out, report, nil
}

func removeString(ss []string, s string) []string {
	out := ss[:0]
	for _, x := range ss {
		if x != s {
			out = append(out, x)
		}
	}
	return out
}
