package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestI18nExportGolden compares the PO file of the two questions flow in Spanish with
// testdata/i18n (`go test -run I18nExportGolden -update` writes it again).
func TestI18nExportGolden(t *testing.T) {
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"i18n", "export", "-lang", "spa", filepath.Join("..", "..", "testdata", "flows", "two_questions.json")}, nil, &stdout, &stderr), stderr.String())
	assert.Equal(t, "13 texts of flow 'Two Questions', 6 translated into spa\n", stderr.String())
	path := filepath.Join("testdata", "i18n", "two_questions.spa.po")
	if *updateGolden {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, stdout.Bytes(), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), stdout.String())

	if msgfmt, err := exec.LookPath("msgfmt"); err == nil {
		out, err := exec.Command(msgfmt, "--check", "-o", os.DevNull, path).CombinedOutput()
		assert.NoError(t, err, "msgfmt --check: %s", out)
	} else {
		t.Log("msgfmt not installed: the PO file is only read back by flowrunner")
	}
}

// TestI18nRoundTrip translates the second question through a PO file and talks to the
// flow in Spanish.
func TestI18nRoundTrip(t *testing.T) {
	dir := t.TempDir()
	assetsPath := writeFile(t, dir, "two_questions.json", mustRead(t, filepath.Join("..", "..", "testdata", "flows", "two_questions.json")))
	poPath := filepath.Join(dir, "spa.po")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"i18n", "export", "-lang", "spa", "-o", poPath, assetsPath, "Two Questions"}, nil, &stdout, &stderr))

	po := mustRead(t, poPath)
	translate := func(msgid, msgstr string) {
		old := "msgid " + msgid + "\nmsgstr \"\"\n"
		require.Contains(t, po, old)
		po = strings.Replace(po, old, "msgid "+msgid+"\nmsgstr "+msgstr+"\n", 1)
	}
	translate(`"@results.fruit.category, good choice. How many would you like?"`, `"@results.fruit.category, buena elección. ¿Cuántos \"quieres\"?"`)
	translate(`"Valid"`, `"Válida"`)
	// a fuzzy translation is not imported, a message for nothing in the flow is obsolete
	po = strings.Replace(po, "msgid \"Other\"\nmsgstr \"\"\n", "msgid \"Other\"\nmsgstr \"Otra\"\n", 1)
	po = strings.Replace(po, "#: nodes[1].router.categories[1].name\n", "#: nodes[1].router.categories[1].name\n#, fuzzy\n", 1)
	po += "\nmsgctxt \"00000000-0000-4000-8000-000000000000/text/0\"\nmsgid \"Gone\"\nmsgstr \"Ido\"\n"
	require.NoError(t, os.WriteFile(poPath, []byte(po), 0o644))

	stderr.Reset()
	require.Equal(t, 0, run([]string{"i18n", "import", assetsPath, poPath}, nil, &stdout, &stderr), stderr.String())
	report := stderr.String()
	for _, want := range []string{
		"imported 8 translations (2 new or changed) into spa of flow 'Two Questions': 5 untranslated, 1 obsolete, 1 fuzzy",
		`  untranslated: nodes[0].router.cases[1].arguments[0] "papaya papayas"`,
		`  obsolete: line `,
		`"Gone"`,
		`  fuzzy, not imported: line `,
	} {
		assert.Contains(t, report, want)
	}

	stdout.Reset()
	require.Equal(t, 0, run([]string{"run", "-lang", "spa", assetsPath}, strings.NewReader("mango\n3\n"), &stdout, &stderr))
	assert.Contains(t, stdout.String(), `<- Mango, buena elección. ¿Cuántos "quieres"?`)
	flow, err := i18nFlow(assetsPath, "")
	require.NoError(t, err)
	valid := flow.Nodes[1].Router.Categories[0]
	require.Equal(t, "Valid", valid.Name)
	names, ok := flow.Localization.Texts("spa", valid.UUID, "name")
	assert.True(t, ok)
	assert.Equal(t, []string{"Válida"}, names)

	// the file is the same JSON as before but for the new translations
	updated := mustRead(t, assetsPath)
	assert.Contains(t, updated, "\n  \"flows\": [\n", "the file's indentation is kept")
	assert.Contains(t, updated, `"Válida"`)

	// exporting again shows the translations
	stdout.Reset()
	require.Equal(t, 0, run([]string{"i18n", "export", "-lang", "spa", assetsPath}, nil, &stdout, &stderr))
	assert.Contains(t, stdout.String(), "msgid \"Valid\"\nmsgstr \"Válida\"\n")
}

func TestI18nErrors(t *testing.T) {
	dir := t.TempDir()
	twoQ := filepath.Join("..", "..", "testdata", "flows", "two_questions.json")
	voice := filepath.Join("..", "..", "testdata", "flows", "voice.json")
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"i18n", "export", "-lang", "fra", "-o", filepath.Join(dir, "voice.po"), voice}, nil, &stdout, &stderr))
	badPO := writeFile(t, dir, "bad.po", "msgid \"x\"\nmsgstr oops\n")
	plural := writeFile(t, dir, "plural.po", "msgid \"x\"\nmsgid_plural \"xs\"\nmsgstr[0] \"\"\n")

	tcs := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"i18n"}, 2, "usage: flowrunner i18n export"},
		{[]string{"i18n", "-h"}, 0, "usage: flowrunner i18n export"},
		{[]string{"i18n", "translate"}, 2, `unknown i18n command "translate"`},
		{[]string{"i18n", "export", twoQ}, 2, "flag -lang is required"},
		{[]string{"i18n", "export", "-lang", "xx_yy", twoQ}, 2, "flag -lang has invalid value 'xx_yy'"},
		{[]string{"i18n", "export", "-lang", "spa", twoQ, "Nope"}, 2, "no flow with UUID or name 'Nope'"},
		{[]string{"i18n", "import", twoQ, badPO}, 2, "bad.po: line 2: expected a quoted string"},
		{[]string{"i18n", "import", twoQ, plural}, 2, "line 2: plural forms are not used in flows"},
		{[]string{"i18n", "import", "-o", "-", twoQ, filepath.Join(dir, "voice.po")}, 2, "was exported from the flow"},
		{[]string{"i18n", "import", twoQ, filepath.Join(dir, "missing.po")}, 2, "missing.po"},
	}
	for _, tc := range tcs {
		stdout.Reset()
		stderr.Reset()
		assert.Equal(t, tc.code, run(tc.args, nil, &stdout, &stderr), "%v: %s", tc.args, stderr.String())
		assert.Contains(t, stderr.String(), tc.stderr, "%v", tc.args)
	}
}

func TestReadPO(t *testing.T) {
	entries, header, err := readPO(strings.NewReader(`# a comment
msgid ""
msgstr ""
"Language: spa\n"
"X-Flow-UUID: 4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd\n"

#. comment
#: path
msgctxt "a/text/0"
msgid ""
"Line one\n"
"line \"two\"\t\\"
msgstr "Uno\nDos"
#, fuzzy
msgctxt "b/text/0"
msgid "B"
msgstr "Be"

#~ msgid "old"
#~ msgstr "viejo"
`))
	require.NoError(t, err)
	assert.Equal(t, "spa", header["Language"])
	assert.Equal(t, "4c6ec1a8-ea40-401b-8d45-1dff7bb1afcd", header["X-Flow-UUID"])
	require.Len(t, entries, 2)
	assert.Equal(t, &poEntry{Context: "a/text/0", ID: "Line one\nline \"two\"\t\\", Str: "Uno\nDos", Line: 9}, entries[0])
	assert.Equal(t, &poEntry{Context: "b/text/0", ID: "B", Str: "Be", Fuzzy: true, Line: 15}, entries[1])

	var b strings.Builder
	writePOString(&b, "msgid", "Line one\nline \"two\"")
	assert.Equal(t, "msgid \"\"\n\"Line one\\n\"\n\"line \\\"two\\\"\"\n", b.String())
}

// TestI18nEveryFlow exports every flow of testdata/ and of the conformance runner cases,
// reads the PO file back, and imports it into the flows of the current spec.
func TestI18nEveryFlow(t *testing.T) {
	for _, dir := range flowFolders(t) {
		for _, assetsPath := range assetsFiles(t, dir) {
			src, err := loadSource(assetsPath)
			require.NoError(t, err)
			for _, f := range src.Flows() {
				if _, err := newAssets(src).Flow(f.UUID); err != nil {
					continue
				}
				po := filepath.Join(t.TempDir(), "x.po")
				var stdout, stderr bytes.Buffer
				if !assert.Equal(t, 0, run([]string{"i18n", "export", "-lang", "fra", "-o", po, assetsPath, string(f.UUID)}, nil, &stdout, &stderr), "%s %s: %s", assetsPath, f.Name, stderr.String()) {
					continue
				}
				poFile, err := os.Open(po)
				require.NoError(t, err)
				_, _, err = readPO(poFile)
				poFile.Close()
				assert.NoError(t, err, "%s %s", assetsPath, f.Name)
				if f.Legacy || f.SpecVersion != "14.4.2" {
					continue // import writes flows of the current spec only
				}
				stderr.Reset()
				out := filepath.Join(t.TempDir(), "out.json")
				assert.Equal(t, 0, run([]string{"i18n", "import", "-o", out, assetsPath, string(f.UUID), po}, nil, &stdout, &stderr), "%s %s: %s", assetsPath, f.Name, stderr.String())
			}
		}
	}
}
