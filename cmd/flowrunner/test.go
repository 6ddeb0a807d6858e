package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/services/netguard"
)

// testFilePattern matches a golden test file, NAME.SUFFIX.json, whose assets are NAME.json
// in the same folder (the layout of the conformance runner cases: two_questions.test.json,
// subflow.test_resume_with_expiration.json, ivr_dial.busy.json).
var testFilePattern = regexp.MustCompile(`^([^.]+)\.([^.]+)\.json$`)

func runTest(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fset := newFlagSet("test", stderr,
		"usage: flowrunner test [-update] [-v] PATH...",
		"Replays golden tests and compares each sprint with the outputs recorded in the test.",
		"A test is NAME.SUFFIX.json beside its assets NAME.json; PATH is a test, an assets file",
		"(meaning all of its tests) or a folder (every test under it).",
		"Events, segments and session are compared exactly, as JSON: the replay's clock, UUIDs and",
		"random numbers are deterministic, so a recorded output only changes when behaviour does.",
	)
	update := fset.Bool("update", false, "rewrite the recorded outputs of every test with what the engine produces now")
	verbose := fset.Bool("v", false, "print sprint and event counts of passing tests and the diff of every differing sprint")
	allowPrivate := fset.Bool(netguard.AllowPrivateFlag, false, "let webhooks of the tests call loopback and private network addresses, which are refused by default as in production (metadata addresses always)")
	cover := fset.Bool("cover", false, "report which nodes, categories and exits of each flow the tests visited")
	coverReport := fset.String("cover-report", "", "write the coverage as an HTML page with each flow drawn, what wasn't visited in red, to `FILE` (implies -cover)")
	coverMin := fset.Float64("cover-min", 0, "fail when less than `N` percent of the nodes and categories were visited (implies -cover)")
	paths, code, ok := parseArgs(fset, args, 1, -1)
	if !ok {
		return code
	}
	if *coverMin < 0 || *coverMin > 100 {
		fmt.Fprintf(stderr, "flowrunner: flag -cover-min must be between 0 and 100, not %g\n", *coverMin)
		return exitInput
	}
	var cov *coverage
	if *cover || *coverReport != "" || *coverMin > 0 {
		cov = newCoverage()
	}
	tests, err := findTests(paths)
	if err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 2
	}
	for i := range tests {
		tests[i].Policy = netguard.AllowingPrivate(*allowPrivate)
	}
	passed, failed := 0, 0
	for _, gt := range tests {
		res := runGoldenTest(gt, *update, cov)
		res.write(stdout, *verbose)
		if res.ok() {
			passed++
		} else {
			failed++
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	coverFailed := false
	if cov != nil {
		total := cov.writeSummary(stdout, *verbose)
		if *coverReport != "" {
			if err := cov.writeReport(*coverReport); err != nil {
				return fail(stderr, err)
			}
		}
		if total < *coverMin {
			fmt.Fprintf(stderr, "flowrunner: coverage %.1f%% is under -cover-min %g%%\n", total, *coverMin)
			coverFailed = true
		}
	}
	if failed > 0 || coverFailed {
		return exitProblem
	}
	return exitOK
}

// goldenTest is one test file and the assets it runs against.
type goldenTest struct {
	Assets string
	Path   string
	// Policy checks the test's webhook URLs (nil: none, as the recordings were made)
	Policy *netguard.Policy
}

// findTests expands the command's paths into tests, sorted and without duplicates.
func findTests(paths []string) ([]goldenTest, error) {
	seen := map[string]bool{}
	var tests []goldenTest
	add := func(gt goldenTest) {
		if !seen[gt.Path] {
			seen[gt.Path] = true
			tests = append(tests, gt)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if info.IsDir() {
			var found []goldenTest
			err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
				if err != nil {
					return err
				}
				if gt, ok := asTest(path); ok && !d.IsDir() {
					found = append(found, gt)
				}
				return nil
			})
			if err != nil {
				return nil, err
			}
			if len(found) == 0 {
				return nil, fmt.Errorf("no tests (NAME.SUFFIX.json beside NAME.json) under %s", p)
			}
			for _, gt := range found {
				add(gt)
			}
			continue
		}
		if gt, ok := asTest(p); ok {
			add(gt)
			continue
		}
		// an assets file: every NAME.*.json beside it
		base := strings.TrimSuffix(filepath.Base(p), ".json")
		matches, _ := filepath.Glob(filepath.Join(filepath.Dir(p), base+".*.json"))
		n := 0
		for _, m := range matches {
			if gt, ok := asTest(m); ok && gt.Assets == p {
				add(gt)
				n++
			}
		}
		if n == 0 {
			return nil, fmt.Errorf("%s is neither a test (NAME.SUFFIX.json beside NAME.json) nor an assets file with tests beside it", p)
		}
	}
	sort.Slice(tests, func(i, j int) bool { return tests[i].Path < tests[j].Path })
	return tests, nil
}

// asTest reports whether path names a test file, i.e. NAME.SUFFIX.json with NAME.json beside it.
func asTest(path string) (goldenTest, bool) {
	m := testFilePattern.FindStringSubmatch(filepath.Base(path))
	if m == nil {
		return goldenTest{}, false
	}
	assets := filepath.Join(filepath.Dir(path), m[1]+".json")
	if info, err := os.Stat(assets); err != nil || info.IsDir() {
		return goldenTest{}, false
	}
	return goldenTest{Assets: assets, Path: path}, true
}

// goldenResult is the outcome of one test.
type goldenResult struct {
	Test    goldenTest
	Err     error    // the test could not run (unreadable files, replay error)
	Updated bool     // -update rewrote the file
	Sprints int      // sprints replayed
	Events  int      // events replayed, over all sprints
	Diffs   []string // one diff per differing sprint, in order
}

func (r *goldenResult) ok() bool { return r.Err == nil && len(r.Diffs) == 0 }

// write prints the result: PASS, UPDATED or FAIL with the first diff (every diff if verbose).
func (r *goldenResult) write(w io.Writer, verbose bool) {
	switch {
	case r.Err != nil:
		fmt.Fprintf(w, "FAIL %s\n    %s\n", r.Test.Path, r.Err)
	case len(r.Diffs) > 0:
		fmt.Fprintf(w, "FAIL %s\n", r.Test.Path)
		diffs := r.Diffs
		if !verbose {
			diffs = diffs[:1]
		}
		for _, d := range diffs {
			for _, line := range strings.Split(strings.TrimSuffix(d, "\n"), "\n") {
				fmt.Fprintf(w, "    %s\n", line)
			}
		}
		if !verbose && len(r.Diffs) > 1 {
			fmt.Fprintf(w, "    (%d more differing sprints, -v shows them)\n", len(r.Diffs)-1)
		}
	case r.Updated:
		fmt.Fprintf(w, "UPDATED %s\n", r.Test.Path)
	default:
		if verbose {
			fmt.Fprintf(w, "PASS %s (%d sprints, %d events)\n", r.Test.Path, r.Sprints, r.Events)
		} else {
			fmt.Fprintf(w, "PASS %s\n", r.Test.Path)
		}
	}
}

// runGoldenTest replays a test and compares its sprints with the recorded outputs; with
// update it rewrites the outputs instead when they differ.
func runGoldenTest(gt goldenTest, update bool, cov *coverage) *goldenResult {
	res := &goldenResult{Test: gt}
	data, err := os.ReadFile(gt.Path)
	if err != nil {
		res.Err = err
		return res
	}
	tc, err := parseTestCase(gt.Path, data)
	if err != nil {
		res.Err = err
		return res
	}
	sa, err := loadAssets(gt.Assets)
	if err != nil {
		res.Err = err
		return res
	}
	var counts *visitCounts
	var onVisit func(engine.Visit)
	if cov != nil {
		counts = newVisitCounts()
		onVisit = counts.add
	}
	actual, err := replayChecked(sa, tc, onVisit, gt.Policy)
	if err != nil {
		res.Err = fmt.Errorf("replay failed: %w", err)
		return res
	}
	if cov != nil {
		cov.add(gt.Assets, sa, counts)
	}
	res.Sprints = len(actual)
	for _, o := range actual {
		res.Events += len(o.Events)
	}

	n := max(len(actual), len(tc.Outputs))
	var diffs []string
	for i := 0; i < n; i++ {
		var want, got string
		if i < len(tc.Outputs) {
			if want, err = canonicalJSON(tc.Outputs[i]); err != nil {
				res.Err = fmt.Errorf("unable to read outputs[%d]: %w", i, err)
				return res
			}
		}
		if i < len(actual) {
			b, err := marshalNoEscape(actual[i])
			if err != nil {
				res.Err = err
				return res
			}
			if got, err = canonicalJSON(b); err != nil {
				res.Err = err
				return res
			}
		}
		if d := unifiedDiff(fmt.Sprintf("recorded outputs[%d]", i), fmt.Sprintf("replayed outputs[%d]", i), want, got); d != "" {
			diffs = append(diffs, fmt.Sprintf("sprint %d differs:\n%s", i, d))
		}
	}
	if len(tc.Outputs) == 0 && !update {
		res.Err = fmt.Errorf("no outputs recorded: run with -update to record them")
		return res
	}
	if update {
		if len(diffs) > 0 {
			if err := writeOutputs(gt.Path, data, actual); err != nil {
				res.Err = err
				return res
			}
			res.Updated = true
		}
		return res
	}
	res.Diffs = diffs
	return res
}

// canonicalJSON re-encodes JSON with sorted keys, two-space indentation and no HTML
// escaping, so that the comparison ignores formatting and key order and the diff is of
// one value per line.
func canonicalJSON(data []byte) (string, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return buf.String(), nil
}

// writeOutputs rewrites a test file with new outputs, keeping its other top-level fields in
// their order and indenting the whole file by 4 spaces, as the conformance files are.
func writeOutputs(path string, original []byte, outputs []*sprintOutput) error {
	fields, err := readObjectFields(original)
	if err != nil {
		return fmt.Errorf("unable to read %s: %w", path, err)
	}
	rawOutputs, err := marshalNoEscape(outputs)
	if err != nil {
		return err
	}
	replaced := false
	for i := range fields {
		if fields[i].key == "outputs" {
			fields[i].value = rawOutputs
			replaced = true
		}
	}
	if !replaced {
		fields = append(fields, objectField{"outputs", rawOutputs})
	}
	var buf bytes.Buffer
	buf.WriteString("{\n")
	for i, f := range fields {
		key, _ := json.Marshal(f.key)
		buf.WriteString("    ")
		buf.Write(key)
		buf.WriteString(": ")
		if err := json.Indent(&buf, f.value, "    ", "    "); err != nil {
			return fmt.Errorf("unable to write field %s: %w", f.key, err)
		}
		if i < len(fields)-1 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
	}
	buf.WriteString("}\n")
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

type objectField struct {
	key   string
	value json.RawMessage
}

// readObjectFields reads the top-level fields of a JSON object in their order.
func readObjectFields(data []byte) ([]objectField, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("not a JSON object")
	}
	var fields []objectField
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, fmt.Errorf("field %s: %w", key, err)
		}
		fields = append(fields, objectField{key, v})
	}
	return fields, nil
}
