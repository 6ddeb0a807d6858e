package main

import (
	"context"

	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/engine/enginetest"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services/netguard"
	"github.com/rivuletflows/rivulet/services/servicestest"
	"github.com/rivuletflows/rivulet/utils"
)

// testCase is a recorded session: inputs and, under outputs, what each sprint produced.
type testCase struct {
	Contact     json.RawMessage   `json:"contact"`
	Environment json.RawMessage   `json:"environment"`
	Trigger     json.RawMessage   `json:"trigger"`
	Call        json.RawMessage   `json:"call"`
	Resumes     []json.RawMessage `json:"resumes"`
	HTTPMocks   json.RawMessage   `json:"http_mocks"`
	Outputs     []json.RawMessage `json:"outputs,omitempty"`

	// Flows is only read to tell an assets file given in place of a test.
	Flows json.RawMessage `json:"flows,omitempty"`
}

// sprintOutput is one sprint as recorded: events, segments and the session after it.
type sprintOutput struct {
	Events   []json.RawMessage `json:"events"`
	Segments []json.RawMessage `json:"segments"`
	Session  json.RawMessage   `json:"session"`
}

func runReplay(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("replay", stderr,
		"usage: flowrunner replay ASSETS.json TEST.json",
		"Replays a recorded session with mocked HTTP and the deterministic clock, printing {\"outputs\": [...]}.",
	)
	pos, code, ok := parseArgs(fs, args, 2, 2)
	if !ok {
		return code
	}
	sa, tc, err := readReplayFiles(pos[0], pos[1])
	if err != nil {
		return fail(stderr, err)
	}
	outputs, err := replay(sa, tc)
	if err != nil {
		return fail(stderr, err)
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "    ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"outputs": outputs}); err != nil {
		return fail(stderr, err)
	}
	return 0
}

// readReplayFiles reads the assets and the test of replay and bench; errors are bad input,
// and arguments given in the wrong order are named as such.
func readReplayFiles(assetsPath, testPath string) (*engine.Assets, *testCase, error) {
	if err := checkArgumentOrder(assetsPath, testPath); err != nil {
		return nil, nil, err
	}
	sa, err := loadAssets(assetsPath)
	if err != nil {
		return nil, nil, badInput(err)
	}
	tc, err := readTestCase(testPath)
	if err != nil {
		return nil, nil, err
	}
	return sa, tc, nil
}

// checkArgumentOrder tells when the assets and the test file have been given the other way
// round: the first has a trigger and no flows, the second flows and no trigger.
func checkArgumentOrder(assetsPath, testPath string) error {
	a, errA := topLevelKeys(assetsPath)
	t, errT := topLevelKeys(testPath)
	if errA != nil || errT != nil {
		return nil // reported when each file is read
	}
	if !a["flows"] && a["trigger"] && t["flows"] && !t["trigger"] {
		return badInputf("the arguments are the wrong way round: %s is a test (it has a trigger) and %s an assets file (it has flows); give ASSETS.json first, then TEST.json", assetsPath, testPath)
	}
	return nil
}

// topLevelKeys returns the keys of the JSON object in a file.
func topLevelKeys(path string) (map[string]bool, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	keys := make(map[string]bool, len(obj))
	for k := range obj {
		keys[k] = true
	}
	return keys, nil
}

// readTestCase reads a test file: its inputs, and its outputs when it has them.
func readTestCase(path string) (*testCase, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, badInput(err)
	}
	return parseTestCase(path, data)
}

// parseTestCase reads the JSON of a test file named path.
func parseTestCase(path string, data []byte) (*testCase, error) {
	if trimmed := bytes.TrimSpace(data); len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, badInputf("unable to read test %s: a test must be a JSON object with a trigger", path)
	}
	tc := &testCase{}
	if err := json.Unmarshal(data, tc); err != nil {
		return nil, badInputf("unable to read test %s: %w", path, utils.DescribeJSONError(err))
	}
	if len(tc.Trigger) == 0 || string(tc.Trigger) == "null" {
		if tc.Flows != nil {
			return nil, badInputf("unable to read test %s: it has flows and no trigger, so it looks like an assets file", path)
		}
		return nil, badInputf("unable to read test %s: field 'trigger' is required", path)
	}
	return tc, nil
}

// replay runs a test case: start, then for each resume marshal the session, read it back
// and resume it, as a caller persisting sessions between sprints would.
func replay(sa *engine.Assets, tc *testCase) ([]*sprintOutput, error) {
	return replayVisiting(sa, tc, nil)
}

// replayVisiting is replay telling onVisit (when not nil) of every node arrived at and every
// exit taken, for coverage and path drawings.
func replayVisiting(sa *engine.Assets, tc *testCase, onVisit func(engine.Visit)) ([]*sprintOutput, error) {
	return replayChecked(sa, tc, onVisit, nil)
}

// replayChecked is replayVisiting with webhook URLs checked against policy before the
// mocks answer them, so that a golden test of `flowrunner test` fails a call production
// would refuse; nil checks nothing, as the recordings were made.
func replayChecked(sa *engine.Assets, tc *testCase, onVisit func(engine.Visit), policy *netguard.Policy) ([]*sprintOutput, error) {
	mocks, err := replayServices(tc.HTTPMocks)
	if err != nil {
		return nil, badInput(err)
	}
	opts := enginetest.ReplayOptions(mocks)
	if policy != nil {
		opts.Services = servicestest.New(servicestest.Config{Mocks: mocks, Clock: opts.Clock, UUIDs: opts.UUIDs, Policy: policy})
	}
	opts.OnVisit = onVisit
	eng := engine.New(opts)

	settings, err := envs.ReadSettings(tc.Environment)
	if err != nil {
		return nil, badInput(err)
	}
	trigger, err := triggers.Read(tc.Trigger)
	if err != nil {
		return nil, badInput(err)
	}
	contact, err := readContact(sa, tc.Contact)
	if err != nil {
		return nil, badInput(err)
	}
	call, err := readCall(tc.Call)
	if err != nil {
		return nil, badInput(err)
	}
	session, sprint, err := eng.NewSession(context.Background(), sa, settings, contact, trigger, call)
	if err != nil {
		return nil, err
	}
	var outputs []*sprintOutput
	out, err := writeSprint(session, sprint)
	if err != nil {
		return nil, err
	}
	outputs = append(outputs, out)
	lastFailure := failureText(sprint)

	for i, raw := range tc.Resumes {
		resume, err := resumes.Read(raw)
		if err != nil {
			return nil, badInputf("unable to read resumes[%d]: %w", i, err)
		}
		if session.Status() != flows.SessionStatusWaiting {
			return nil, notWaitingError(session.Status(), len(outputs)-1, i, lastFailure)
		}
		stored, err := storeSession(session)
		if err != nil {
			return nil, err
		}
		session, err = eng.ReadSession(sa, stored, contact, call)
		if err != nil {
			return nil, fmt.Errorf("unable to read back session before resumes[%d]: %w", i, err)
		}
		sprint, err := session.Resume(context.Background(), resume)
		if err != nil {
			return nil, fmt.Errorf("unable to resume with resumes[%d]: %w", i, err)
		}
		out, err := writeSprint(session, sprint)
		if err != nil {
			return nil, err
		}
		outputs = append(outputs, out)
		lastFailure = failureText(sprint)
	}
	return outputs, nil
}

// notWaitingError explains why a resume can't be applied: the session ended in an earlier
// sprint, and when it failed, why.
func notWaitingError(status flows.SessionStatus, sprint, resume int, failure string) error {
	if failure != "" {
		return fmt.Errorf("the session failed in sprint %d, so resumes[%d] can't be applied: %s", sprint, resume, failure)
	}
	return fmt.Errorf("the session is %s after sprint %d, so resumes[%d] can't be applied: only a waiting session can be resumed", status, sprint, resume)
}

// failureText is the text of a sprint's failure event, "" when it has none.
func failureText(sprint *engine.Sprint) string {
	for _, e := range sprint.Events {
		if f, ok := e.(*events.Failure); ok {
			return f.Text
		}
	}
	return ""
}

// writeSprint and storeSession are how replay writes each sprint and stores the session
// between sprints; a test puts checking versions in their place.
var (
	writeSprint  = sprintJSON
	storeSession = storedSession
)

// sprintJSON writes a sprint as replay prints it. Events and segments are written directly
// (events.AppendJSON, Segment.AppendJSON) into one buffer, without HTML escaping as an
// Encoder with SetEscapeHTML(false) writes them; the session's own MarshalJSON output is
// already compact, so it is used as it is rather than re-compacted by an Encoder. A test
// holds this to the encoding/json form on every recorded session.
func sprintJSON(session *engine.Session, sprint *engine.Sprint) (*sprintOutput, error) {
	out := &sprintOutput{Events: make([]json.RawMessage, 0, len(sprint.Events)), Segments: make([]json.RawMessage, 0, len(sprint.Segments))}
	var buf []byte
	var err error
	write := func(appendJSON func([]byte) ([]byte, error)) (json.RawMessage, error) {
		// written into shared chunks, each event or segment a slice of one
		if cap(buf)-len(buf) < sprintChunkReserve {
			buf = make([]byte, 0, sprintChunk)
		}
		start := len(buf)
		if buf, err = appendJSON(buf); err != nil {
			return nil, err
		}
		return buf[start:len(buf):len(buf)], nil
	}
	for _, e := range sprint.Events {
		b, err := write(func(b []byte) ([]byte, error) { return events.AppendJSON(b, e, false) })
		if err != nil {
			return nil, err
		}
		out.Events = append(out.Events, b)
	}
	for _, s := range sprint.Segments {
		b, err := write(func(b []byte) ([]byte, error) { return s.AppendJSON(b, false) })
		if err != nil {
			return nil, err
		}
		out.Segments = append(out.Segments, b)
	}
	if out.Session, err = session.MarshalJSON(); err != nil {
		return nil, err
	}
	return out, nil
}

// sprintChunk is the size of the buffers a sprint's events and segments are written
// into; a new one is started when less than sprintChunkReserve is left.
const (
	sprintChunk        = 4096
	sprintChunkReserve = 512
)

// storedSession writes the session as the replay stores it between sprints: indented, as
// json.MarshalIndent writes it (the established engine stored it so, and raw JSON kept in
// a session reads back with that indentation). MarshalJSON's output is compact and
// HTML-escaped already, so indenting it gives MarshalIndent's bytes without its re-scan
// (and indentCompact without json.Indent's scanner).
func storedSession(session *engine.Session) ([]byte, error) {
	compact, err := session.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return indentCompact(compact)
}

func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
