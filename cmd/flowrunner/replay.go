package main

import (
	"context"

	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/resumes"
	"github.com/rivuletflows/rivulet/flows/triggers"
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
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	outputs, err := replayFiles(fs.Arg(0), fs.Arg(1))
	if err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 1
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "    ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(map[string]any{"outputs": outputs}); err != nil {
		fmt.Fprintf(stderr, "flowrunner: %s\n", err)
		return 1
	}
	return 0
}

func replayFiles(assetsPath, testPath string) ([]*sprintOutput, error) {
	sa, err := loadAssets(assetsPath)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(testPath)
	if err != nil {
		return nil, err
	}
	tc := &testCase{}
	if err := json.Unmarshal(data, tc); err != nil {
		return nil, fmt.Errorf("unable to read %s: %w", testPath, err)
	}
	return replay(sa, tc)
}

// replay runs a test case: start, then for each resume marshal the session, read it back
// and resume it, as a caller persisting sessions between sprints would.
func replay(sa *engine.Assets, tc *testCase) ([]*sprintOutput, error) {
	mocks, err := replayServices(tc.HTTPMocks)
	if err != nil {
		return nil, err
	}
	eng := engine.NewReplayEngine(mocks)

	settings, err := envs.ReadSettings(tc.Environment)
	if err != nil {
		return nil, err
	}
	trigger, err := triggers.Read(tc.Trigger)
	if err != nil {
		return nil, fmt.Errorf("unable to read trigger: %w", err)
	}
	contact, err := readContact(sa, tc.Contact)
	if err != nil {
		return nil, err
	}
	call, err := readCall(tc.Call)
	if err != nil {
		return nil, err
	}
	session, sprint, err := eng.NewSession(context.Background(), sa, settings, contact, trigger, call)
	if err != nil {
		return nil, err
	}
	var outputs []*sprintOutput
	out, err := sprintJSON(session, sprint)
	if err != nil {
		return nil, err
	}
	outputs = append(outputs, out)

	for i, raw := range tc.Resumes {
		resume, err := resumes.Read(raw)
		if err != nil {
			return nil, fmt.Errorf("unable to read resumes[%d]: %w", i, err)
		}
		stored, err := json.MarshalIndent(session, "", "    ")
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
		out, err := sprintJSON(session, sprint)
		if err != nil {
			return nil, err
		}
		outputs = append(outputs, out)
	}
	return outputs, nil
}

func sprintJSON(session *engine.Session, sprint *engine.Sprint) (*sprintOutput, error) {
	out := &sprintOutput{Events: []json.RawMessage{}, Segments: []json.RawMessage{}}
	for _, e := range sprint.Events {
		b, err := marshalNoEscape(e)
		if err != nil {
			return nil, err
		}
		out.Events = append(out.Events, b)
	}
	for _, s := range sprint.Segments {
		b, err := marshalNoEscape(s)
		if err != nil {
			return nil, err
		}
		out.Segments = append(out.Segments, b)
	}
	b, err := marshalNoEscape(session)
	if err != nil {
		return nil, err
	}
	out.Session = b
	return out, nil
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
