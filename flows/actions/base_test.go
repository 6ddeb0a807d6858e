package actions_test

import (
	"context"

	"encoding/json"
	"testing"

	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/actions"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

// referenceCase is one case of reference/actions/TYPE.json.
type referenceCase struct {
	Description string          `json:"description"`
	Action      json.RawMessage `json:"action"`
	ReadError   string          `json:"read_error"`
}

// referenceCases reads the cases of every reference action file, by action type.
func referenceCases(t *testing.T) map[string][]referenceCase {
	all := make(map[string][]referenceCase)
	for _, file := range testutil.ReadCaseFiles[referenceCase](t, testutil.ConformancePath(t, "reference", "actions")) {
		all[file.Name] = file.Cases
	}
	return all
}

func registered() map[string]bool {
	types := make(map[string]bool)
	for _, info := range actions.Types() {
		types[info.Name] = true
	}
	return types
}

func TestReadReferenceActions(t *testing.T) {
	types := registered()
	for typeName, cases := range referenceCases(t) {
		if !types[typeName] {
			t.Errorf("reference action type %s is not registered", typeName)
			continue
		}
		for _, tc := range cases {
			action, err := actions.Read(tc.Action)
			if tc.ReadError != "" {
				if err == nil {
					t.Errorf("%s: %s: expected read error %q, got none", typeName, tc.Description, tc.ReadError)
				} else if err.Error() != tc.ReadError {
					t.Errorf("%s: %s: read error\n got: %s\nwant: %s", typeName, tc.Description, err, tc.ReadError)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %s: unexpected read error: %s", typeName, tc.Description, err)
				continue
			}
			if action.Type() != typeName {
				t.Errorf("%s: %s: read action of type %s", typeName, tc.Description, action.Type())
			}
			// an action reads back from its own JSON unchanged
			out, err := json.Marshal(action)
			if err != nil {
				t.Errorf("%s: %s: marshal: %s", typeName, tc.Description, err)
				continue
			}
			again, err := actions.Read(out)
			if err != nil {
				t.Errorf("%s: %s: re-read of %s: %s", typeName, tc.Description, out, err)
				continue
			}
			out2, _ := json.Marshal(again)
			if string(out) != string(out2) {
				t.Errorf("%s: %s: round trip changed\n%s\n%s", typeName, tc.Description, out, out2)
			}
		}
	}
}

func TestReadErrors(t *testing.T) {
	tests := []struct {
		json   string
		errMsg string
	}{
		{`null`, "field 'type' is required"},
		{`{}`, "field 'type' is required"},
		{`{"uuid": "ad154980-7bf7-4ab8-8728-545fd6378912"}`, "field 'type' is required"},
		{`{"type": "xyz", "uuid": "ad154980-7bf7-4ab8-8728-545fd6378912"}`, "unknown action type: 'xyz'"},
		{`{"type": "send_msg", "text": "Hi"}`, "field 'uuid' is required"},
		{`{"type": "send_msg", "uuid": "x", "text": "Hi"}`, "field 'uuid' must be a valid UUID"},
		{`{"type": "send_msg", "uuid": "ad154980-7bf7-4ab8-8728-545fd6378912", "text": 3}`, "field 'text' has the wrong type: number"},
		{`{"type": "say_msg", "uuid": "ad154980-7bf7-4ab8-8728-545fd6378912", "text": ""}`, "field 'text' is required"},
	}
	for _, tc := range tests {
		_, err := actions.Read([]byte(tc.json))
		if err == nil || err.Error() != tc.errMsg {
			t.Errorf("Read(%s): got error %v, want %q", tc.json, err, tc.errMsg)
		}
	}
}

// customAction is an embedder's own action type: it logs an error with its text.
type customAction struct {
	Type_ string `json:"type"`
	UUID_ string `json:"uuid"`
	Text  string `json:"text"`
}

func (a *customAction) UUID() utils.UUID                   { return utils.UUID(a.UUID_) }
func (a *customAction) Type() string                       { return a.Type_ }
func (a *customAction) Validate() error                    { return nil }
func (a *customAction) AllowedFlowTypes() []flows.FlowType { return flows.AllFlowTypes }
func (a *customAction) Inspect(ins flows.Inspector)        { ins.Templates(a.Text) }
func (a *customAction) Execute(ctx context.Context, run flows.Run, log events.Callback) error {
	log(events.NewError(a.Text))
	return nil
}

func TestRegister(t *testing.T) {
	newSendMsg := func() flows.Action {
		a, _ := actions.Read([]byte(`{"type": "send_msg", "uuid": "ad154980-7bf7-4ab8-8728-545fd6378912", "text": "Hi"}`))
		return a
	}
	tests := []struct {
		name   string
		info   actions.TypeInfo
		errMsg string
	}{
		{"empty name", actions.TypeInfo{New: newSendMsg}, "action type name can't be empty"},
		{"no factory", actions.TypeInfo{Name: "x_action"}, "action type 'x_action' has no factory"},
		{"nil action", actions.TypeInfo{Name: "x_action", New: func() flows.Action { return nil }}, "action type 'x_action' factory returned nil"},
		{"wrong type", actions.TypeInfo{Name: "x_action", New: newSendMsg}, "action type 'x_action' factory makes actions of type 'send_msg'"},
		{"duplicate", actions.TypeInfo{Name: "send_msg", New: newSendMsg}, "action type 'send_msg' is already registered"},
	}
	for _, tc := range tests {
		err := actions.Register(tc.info)
		if err == nil || err.Error() != tc.errMsg {
			t.Errorf("%s: got error %v, want %q", tc.name, err, tc.errMsg)
		}
	}

	// an embedder registers its own type once, then flows can use it
	custom := actions.TypeInfo{Name: "test_custom", New: func() flows.Action { return &customAction{Type_: "test_custom"} }, Description: "Test", Category: "test"}
	if err := actions.Register(custom); err != nil {
		t.Fatalf("registering custom type: %s", err)
	}
	if err := actions.Register(custom); err == nil || err.Error() != "action type 'test_custom' is already registered" {
		t.Errorf("re-registering custom type: got error %v", err)
	}
	a, err := actions.Read([]byte(`{"type": "test_custom", "uuid": "ad154980-7bf7-4ab8-8728-545fd6378912", "text": "Hi"}`))
	if err != nil || a.(*customAction).Text != "Hi" {
		t.Errorf("reading custom action: %v, %v", a, err)
	}

	// the types are listed sorted, with descriptions, with descriptions
	infos := actions.Types()
	for i, info := range infos {
		if info.Description == "" || info.Category == "" {
			t.Errorf("action type %s has no description or category", info.Name)
		}
		if i > 0 && infos[i-1].Name >= info.Name {
			t.Errorf("types not sorted: %s before %s", infos[i-1].Name, info.Name)
		}
	}
}
