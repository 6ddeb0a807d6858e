package main

import (
	"context"

	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services/servicestest"
	"github.com/rivuletflows/rivulet/utils"
)

// fixture is the session expression vectors are evaluated in.
type fixture struct {
	Now         time.Time       `json:"now"`
	HTTPMocks   json.RawMessage `json:"http_mocks"`
	Environment json.RawMessage `json:"environment"`
	Assets      json.RawMessage `json:"assets"`
	Contact     json.RawMessage `json:"contact"`
	Trigger     json.RawMessage `json:"trigger"`
	Resume      json.RawMessage `json:"resume"`
}

// fixturePrompts are the LLM prompt templates of the expression fixture's engine. The
// expression vectors were recorded with a shorter categorize prompt than the sessions that
// replay runs (which use the built-in functions.DefaultPrompt); see the conformance README.
var fixturePrompts = map[string]string{
	"categorize": "Categorize the following text into one of the following: {{ .arg1 }}",
}

// MaxTemplateLineBytes bounds one line of eval input.
const MaxTemplateLineBytes = 1 << 20

func runEval(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlagSet("eval", stderr,
		"usage: flowrunner eval --fixture SESSION.json < templates.jsonl",
		"Reads JSON lines {\"template\": \"...\"} and writes {\"output\": \"...\"} or {\"error\": \"...\"} per line.",
	)
	fixturePath := fs.String("fixture", "", "session fixture `FILE` to evaluate in (as in conformance/expressions/session.json)")
	if _, code, ok := parseArgs(fs, args, 0, 0); !ok {
		return code
	}
	if *fixturePath == "" {
		fs.Usage()
		return exitInput
	}
	run, err := fixtureRun(*fixturePath)
	if err != nil {
		return fail(stderr, err)
	}
	scanner := bufio.NewScanner(stdin)
	scanner.Buffer(make([]byte, 64*1024), MaxTemplateLineBytes)
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		if line == "" {
			continue
		}
		var in struct {
			Template string `json:"template"`
		}
		if err := json.Unmarshal([]byte(line), &in); err != nil {
			enc.Encode(map[string]string{"error": "unable to read line: " + err.Error()})
			continue
		}
		out, errs := run.Evaluate(in.Template)
		if len(errs) > 0 {
			msgs := make([]string, len(errs))
			for i, e := range errs {
				msgs[i] = e.Error()
			}
			enc.Encode(map[string]string{"error": strings.Join(msgs, "; ")})
			continue
		}
		enc.Encode(map[string]string{"output": out})
	}
	if err := scanner.Err(); err != nil {
		return fail(stderr, lineError(err))
	}
	return 0
}

// fixtureRun builds the fixture's session (start, then one resume) and returns its first run.
func fixtureRun(path string) (*engine.Run, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, badInput(err)
	}
	fx := &fixture{}
	if err := json.Unmarshal(data, fx); err != nil {
		return nil, badInputf("unable to read fixture %s: %w", path, utils.DescribeJSONError(err))
	}
	src, err := static.ReadSource(fx.Assets)
	if err != nil {
		return nil, badInputf("unable to read fixture %s: field 'assets': %w", path, err)
	}
	sa := engine.NewAssets(src.Collection())
	mocks, err := replayServices(fx.HTTPMocks)
	if err != nil {
		return nil, err
	}
	clock := utils.FixedClock{T: fx.Now}
	uuids := utils.NewSeededV7Generator(clock, utils.ReplaySeed)
	eng := engine.New(engine.Options{
		Clock:      clock,
		UUIDs:      uuids,
		Random:     utils.NewSeededRandom(utils.ReplaySeed),
		Services:   servicestest.New(servicestest.Config{Mocks: mocks, Clock: clock, UUIDs: uuids}),
		LLMPrompts: fixturePrompts,
	})
	settings, err := envs.ReadSettings(fx.Environment)
	if err != nil {
		return nil, err
	}
	trigger, err := triggers.Read(fx.Trigger)
	if err != nil {
		return nil, fmt.Errorf("unable to read trigger: %w", err)
	}
	contact, err := readContact(sa, fx.Contact)
	if err != nil {
		return nil, err
	}
	session, _, err := eng.NewSession(context.Background(), sa, settings, contact, trigger, nil)
	if err != nil {
		return nil, err
	}
	if len(fx.Resume) > 0 {
		resume, err := resumes.Read(fx.Resume)
		if err != nil {
			return nil, err
		}
		if _, err := session.Resume(context.Background(), resume); err != nil {
			return nil, err
		}
	}
	if len(session.Runs()) == 0 {
		return nil, fmt.Errorf("fixture session has no runs")
	}
	return session.Runs()[0], nil
}

func loadAssets(path string) (*engine.Assets, error) {
	src, err := static.LoadSource(path)
	if err != nil {
		return nil, err
	}
	return engine.NewAssets(src.Collection()), nil
}

// lineError names the limit a line of input went over, instead of the scanner's own words.
func lineError(err error) error {
	if errors.Is(err, bufio.ErrTooLong) {
		return fmt.Errorf("a line of input is longer than %d bytes (1 MiB), the most one line may hold", MaxTemplateLineBytes)
	}
	return fmt.Errorf("unable to read input: %w", err)
}
