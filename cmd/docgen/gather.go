package main

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rivuletflows/rivulet/excellent/functions"
	"github.com/rivuletflows/rivulet/flows/actions"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/routers/cases"
	"github.com/rivuletflows/rivulet/flows/triggers"
)

// gather builds every reference page from the registries and the source under root.
func gather(root string) ([]*page, error) {
	var pages []*page
	for _, build := range []func(string) (*page, error){actionsPage, eventsPage, triggersPage, resumesPage, functionsPage, casesPage} {
		p, err := build(root)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
		// entries with a page of their own get it; the index only lists them
		for _, e := range p.Entries {
			if e.Page != "" {
				pages = append(pages, &page{File: path.Join(path.Dir(p.File), e.Page), Depth: strings.Count(e.Page, "/"),
					Title: e.Name, Entries: []*entry{e}})
			}
		}
	}
	return pages, nil
}

// actionsPage documents the registered action types from their Go types' doc comments.
func actionsPage(root string) (*page, error) {
	pkg, err := loadPackage(root, "flows/actions")
	if err != nil {
		return nil, err
	}
	p := &page{File: "actions.md", Title: "Actions", Intro: actionsIntro}
	for _, info := range actions.Types() {
		goType := reflect.TypeOf(info.New())
		for goType.Kind() == reflect.Pointer {
			goType = goType.Elem()
		}
		doc, file, found := pkg.typeDoc(goType.Name())
		if !found || strings.TrimSpace(doc) == "" {
			return nil, fmt.Errorf("action %s: type %s has no doc comment in flows/actions", info.Name, goType.Name())
		}
		e := newEntry(info.Name, goType.Name(), doc, file)
		e.Summary, e.Category = info.Description, info.Category
		e.Fields = structFields(reflect.TypeOf(info.New()))
		e.Page = "actions/" + info.Name + ".md"
		if len(e.JSONExamples()) == 0 {
			return nil, fmt.Errorf("action %s: the doc comment of %s has no JSON example", info.Name, goType.Name())
		}
		p.Entries = append(p.Entries, e)
	}
	return p, nil
}

// eventsPage documents the event types: each TypeX constant of flows/events names an event
// whose struct is X; the constant's doc says when it is logged, the struct's what it is.
func eventsPage(root string) (*page, error) {
	pkg, err := loadPackage(root, "flows/events")
	if err != nil {
		return nil, err
	}
	p := &page{File: "events.md", Title: "Events", Intro: eventsIntro}
	for _, c := range pkg.stringConsts("Type") {
		goName := strings.TrimPrefix(c.Name, "Type")
		doc, file, found := pkg.typeDoc(goName)
		if !found || strings.TrimSpace(doc) == "" {
			return nil, fmt.Errorf("event %s: type %s has no doc comment in flows/events", c.Value, goName)
		}
		e := newEntry(c.Value, goName, doc, file)
		if when, ok := strings.CutPrefix(strings.TrimSpace(c.Doc), c.Name+" is "); ok {
			e.Summary = strings.TrimSuffix(capitalize(strings.Join(strings.Fields(when), " ")), ".")
		}
		if len(e.JSONExamples()) == 0 {
			return nil, fmt.Errorf("event %s: the doc comment of %s has no JSON example", c.Value, goName)
		}
		p.Entries = append(p.Entries, e)
	}
	sort.Slice(p.Entries, func(i, j int) bool { return p.Entries[i].Name < p.Entries[j].Name })
	return p, nil
}

// triggersPage documents the trigger types from triggers.Docs.
func triggersPage(string) (*page, error) {
	p := &page{File: "triggers.md", Title: "Triggers", Intro: triggersIntro}
	for _, d := range triggers.Docs() {
		p.Entries = append(p.Entries, describedEntry(d.Name, d.Description, d.Example, "flows/triggers/doc.go"))
	}
	return p, nil
}

// resumesPage documents the resume types from resumes.Docs.
func resumesPage(string) (*page, error) {
	p := &page{File: "resumes.md", Title: "Resumes", Intro: resumesIntro}
	for _, d := range resumes.Docs() {
		p.Entries = append(p.Entries, describedEntry(d.Name, d.Description, d.Example, "flows/resumes/doc.go"))
	}
	return p, nil
}

// describedEntry is the entry of a type described by a list rather than a doc comment.
func describedEntry(name, description, example, source string) *entry {
	e := &entry{Name: name, Source: source, Blocks: []block{
		{Kind: blockProse, Text: description},
		{Kind: blockJSON, Text: example},
	}}
	e.Summary = firstSentence(e)
	return e
}

// functionsPage documents the registered expression functions that are not case tests.
func functionsPage(root string) (*page, error) {
	isCase := map[string]bool{}
	for _, n := range cases.Names() {
		isCase[n] = true
	}
	var names []string
	for _, n := range functions.Names() {
		if !isCase[n] {
			names = append(names, n)
		}
	}
	return registeredPage(root, &page{File: "functions.md", Title: "Functions", Intro: functionsIntro},
		names, "excellent/functions", "Register", "registerText", "registerArgs")
}

// casesPage documents the case tests of switch routers.
func casesPage(root string) (*page, error) {
	return registeredPage(root, &page{File: "cases.md", Title: "Case tests", Intro: casesIntro},
		cases.Names(), "flows/routers/cases", "register")
}

// registeredPage fills p with the registered names, documented by the registrations found
// in the init functions of dir. Every name must be found there and vice versa.
func registeredPage(root string, p *page, names []string, dir string, registerFuncs ...string) (*page, error) {
	pkg, err := loadPackage(root, dir)
	if err != nil {
		return nil, err
	}
	regs, err := pkg.registrations(registerFuncs...)
	if err != nil {
		return nil, err
	}
	byName := map[string]registration{}
	for _, r := range regs {
		byName[r.Name] = r
	}
	for _, n := range names {
		r, found := byName[n]
		if !found {
			return nil, fmt.Errorf("function %s is registered but no registration of it was found in %s", n, dir)
		}
		delete(byName, n)
		caseTest := isCaseTest(n)
		sig, rest, err := readSignature(r.Doc)
		if err == nil && sig == nil {
			err = fmt.Errorf("no signature: add to its doc comment a paragraph %q and a line `  - name (type): what it is` per parameter", signatureMarker+n+"(...)")
		}
		if err == nil {
			err = checkSignature(n, sig, caseTest)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", r.File, kindOf(caseTest), n, err)
		}
		e := newEntry(n, r.GoName, rest, r.File)
		e.Signature, e.CaseTest = sig, caseTest
		p.Entries = append(p.Entries, e)
	}
	for n := range byName {
		return nil, fmt.Errorf("%s registers %s, which the registry doesn't list", dir, n)
	}
	return p, nil
}

// isCaseTest reports whether a function is a router case test.
func isCaseTest(name string) bool { return cases.IsRegistered(name) }

// kindOf names what a registered name is, for errors.
func kindOf(caseTest bool) string {
	if caseTest {
		return "case test"
	}
	return "function"
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}
