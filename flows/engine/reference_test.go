package engine_test

import (
	"context"

	"encoding/json"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/definition"
	"github.com/rivuletflows/rivulet/flows/engine"
	"github.com/rivuletflows/rivulet/flows/events"
	"github.com/rivuletflows/rivulet/flows/triggers"
	"github.com/rivuletflows/rivulet/services/servicestest"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

var (
	uuidRe = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	timeRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$`)
	uaRe   = regexp.MustCompile(`User-Agent: [^\r\n]*`)
)

// normalizer replaces generated UUIDs and times with placeholders, as check.py does.
type normalizer struct {
	known map[string]bool
	uuids map[string]string
}

func newNormalizer(known map[string]bool) *normalizer {
	return &normalizer{known: known, uuids: map[string]string{}}
}

func (n *normalizer) norm(v any) any {
	switch x := v.(type) {
	case string:
		if uuidRe.MatchString(x) && !n.known[x] {
			if p, ok := n.uuids[x]; ok {
				return p
			}
			p := "<uuid-" + strconv.Itoa(len(n.uuids)+1) + ">"
			n.uuids[x] = p
			return p
		}
		if timeRe.MatchString(x) && !n.known[x] {
			return "<time>"
		}
		return uaRe.ReplaceAllString(x, "User-Agent: <agent>")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		out := map[string]any{}
		for _, k := range keys {
			if k == "elapsed_ms" || k == "sizes" {
				continue
			}
			out[k] = n.norm(x[k])
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = n.norm(e)
		}
		return out
	}
	return v
}

func stringsIn(v any, acc map[string]bool) {
	switch x := v.(type) {
	case string:
		acc[x] = true
	case map[string]any:
		for _, e := range x {
			stringsIn(e, acc)
		}
	case []any:
		for _, e := range x {
			stringsIn(e, acc)
		}
	}
}

func toAny(t testing.TB, v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// namedCase is one reference case with the name failures give it, e.g. "send_msg/3".
type namedCase[T any] struct {
	name string
	c    T
}

// readReferenceCases reads the _assets.json and every case of the reference folder, in
// file then case order.
func readReferenceCases[T any](t *testing.T, folder string) ([]byte, []namedCase[T]) {
	t.Helper()
	dir := testutil.ConformancePath(t, "reference", folder)
	assetsJSON := testutil.ReadFile(t, filepath.Join(dir, "_assets.json"))
	var all []namedCase[T]
	for _, file := range testutil.ReadCaseFiles[T](t, dir) {
		for i, c := range file.Cases {
			all = append(all, namedCase[T]{name: file.Name + "/" + strconv.Itoa(i), c: c})
		}
	}
	return assetsJSON, all
}

// withFlowChanged returns the assets with change applied to the flow of the UUID, as the
// reference harness put each case's action, wait or localization into its tester flow.
func withFlowChanged(assetsJSON []byte, flowUUID string, change func(flow map[string]any)) []byte {
	var assetsAny map[string]any
	json.Unmarshal(assetsJSON, &assetsAny)
	for _, fl := range assetsAny["flows"].([]any) {
		if fm := fl.(map[string]any); fm["uuid"] == flowUUID {
			change(fm)
		}
	}
	modified, _ := json.Marshal(assetsAny)
	return modified
}

// firstNode is the first node of a flow decoded as generic JSON.
func firstNode(flow map[string]any) map[string]any {
	return flow["nodes"].([]any)[0].(map[string]any)
}

// referenceEngine builds an engine seeded as the reference cases were recorded: a clock
// that starts at utils.ReplayStart and moves a second per reading, V7 UUIDs from it and
// seed 123456, and test services (cfg) on the same clock and UUIDs. The clock and the
// generator are returned for cases that draw from them before the session starts, as the
// harness did.
func referenceEngine(cfg servicestest.Config, msgCheck func(*events.MsgOut) string) (*engine.Engine, *utils.SequentialClock, *utils.V7Generator) {
	clock := utils.NewSequentialClock(utils.ReplayStart, time.Second)
	uuids := utils.NewSeededV7Generator(clock, 123456)
	cfg.Clock, cfg.UUIDs = clock, uuids
	eng := engine.New(engine.Options{Clock: clock, UUIDs: uuids, Random: utils.NewSeededRandom(123456),
		Services: servicestest.New(cfg), MsgCheck: msgCheck})
	return eng, clock, uuids
}

// readDefaultContact reads the contact the reference harness ran cases with.
func readDefaultContact(t *testing.T, src *static.Source) *flows.Contact {
	t.Helper()
	contact, err := flows.ReadContact(src.Collection(), []byte(defaultContact), nil)
	if err != nil {
		t.Fatal(err)
	}
	return contact
}

const defaultContact = `{
	"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Ryan Lewis", "status": "active",
	"language": "eng", "timezone": "America/Guayaquil", "created_on": "2018-06-20T11:40:30.123456789Z",
	"urns": ["tel:+12065551212?channel=57f1078f-88aa-46f4-a59a-948a5739c03d", "twitterid:54784326227#nyaruka"],
	"groups": [{"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Testers"}, {"uuid": "0ec97956-c451-48a0-a180-1ce766623e31", "name": "Males"}],
	"fields": {"gender": {"text": "Male"}}
}`

type actionCase struct {
	Description  string          `json:"description"`
	Action       json.RawMessage `json:"action"`
	ReadError    string          `json:"read_error"`
	Events       []any           `json:"events"`
	ContactAfter any             `json:"contact_after"`
	LocalsAfter  map[string]any  `json:"locals_after"`
	HTTPMocks    json.RawMessage `json:"http_mocks"`
	NoInput      bool            `json:"no_input"`
	AsBatch      bool            `json:"as_batch"`
	InFlowType   string          `json:"in_flow_type"`
	Localization json.RawMessage `json:"localization"`
	Contact      json.RawMessage `json:"contact"`
	RedactURNs   bool            `json:"redact_urns"`
	HasTicket    bool            `json:"has_ticket"`
	SMTPError    string          `json:"smtp_error"`
}

// TestReferenceActions runs every action case of the reference set through the engine.
func TestReferenceActions(t *testing.T) {
	assetsJSON, cases := readReferenceCases[*actionCase](t, "actions")
	passed := 0
	for _, nc := range cases {
		if msg := runActionCase(t, assetsJSON, nc.c); msg != "" {
			t.Logf("FAIL %s (%s): %s", nc.name, nc.c.Description, msg)
			continue
		}
		passed++
	}
	total := len(cases)
	t.Logf("reference actions: %d/%d cases pass", passed, total)
	if passed < minReferenceActions {
		t.Errorf("reference actions: %d pass, below the bar of %d", passed, minReferenceActions)
	}
}

// minReferenceActions is the number of reference action cases known to pass; raise it as
// more pass, never lower it.
const minReferenceActions = 165

func runActionCase(t *testing.T, assetsJSON []byte, c *actionCase) string {
	flowUUID := "bead76f5-dac4-4c9d-996c-c62b326e8c0a"
	if c.InFlowType == "voice" {
		flowUUID = "7a84463d-d209-4d3e-a0ff-79f977cd7bd0"
	}
	var action any
	json.Unmarshal(c.Action, &action)
	modified := withFlowChanged(assetsJSON, flowUUID, func(flow map[string]any) {
		firstNode(flow)["actions"] = []any{action}
		if len(c.Localization) > 0 {
			var loc any
			json.Unmarshal(c.Localization, &loc)
			flow["localization"] = loc
		}
	})

	if c.ReadError != "" {
		src, err := static.ReadSource(modified)
		if err != nil {
			if strings.Contains(err.Error(), c.ReadError) {
				return ""
			}
			return "assets error: " + err.Error()
		}
		for _, fa := range src.Flows() {
			if string(fa.UUID) == flowUUID {
				_, err := definition.ReadFlow(fa.Definition)
				if err == nil {
					return "expected read error " + c.ReadError
				}
				if !strings.Contains(err.Error(), c.ReadError) {
					return "read error: want " + c.ReadError + " got " + err.Error()
				}
				return ""
			}
		}
		return "flow not found"
	}

	src, err := static.ReadSource(modified)
	if err != nil {
		return "assets: " + err.Error()
	}
	sa := engine.NewAssets(src.Collection())
	mocks, err := servicestest.NewMockTransport(c.HTTPMocks)
	if err != nil {
		return "mocks: " + err.Error()
	}
	eng, clock, uuids := referenceEngine(servicestest.Config{Mocks: mocks, SMTPError: c.SMTPError}, servicestest.ForbiddenContent("FORBIDDEN"))

	settings := envs.DefaultSettings()
	settings.AllowedLanguages_ = []envs.Language{"eng", "spa"}
	settings.DefaultCountry_ = "RW"
	if c.RedactURNs {
		settings.RedactionPolicy_ = envs.RedactionPolicyURNs
	}
	contactJSON := []byte(defaultContact)
	if len(c.Contact) > 0 {
		contactJSON = c.Contact
	} else if len(c.Localization) > 0 {
		contactJSON = []byte(strings.Replace(defaultContact, `"language": "eng"`, `"language": "spa"`, 1))
	}
	if c.HasTicket {
		var cm map[string]any
		json.Unmarshal(contactJSON, &cm)
		// the recorded contact was already in the query group of contacts with tickets
		cm["groups"] = append(cm["groups"].([]any), map[string]any{"uuid": "91564dee-e7ea-49b2-a903-598ce71b1d07", "name": "With Tickets"})
		cm["tickets"] = []any{map[string]any{"uuid": "7f44b065-ec28-4d7a-bbb4-0bda3b75b19d", "status": "open",
			"topic": map[string]any{"uuid": "0d9a2c56-6fc2-4f27-93c5-a6322e26b740", "name": "Weather"}}}
		contactJSON, _ = json.Marshal(cm)
	}
	contact, err := flows.ReadContact(src.Collection(), contactJSON, nil)
	if err != nil {
		return "contact: " + err.Error()
	}
	var trigJSON string
	var call *flows.Call
	flowName := "Action Tester"
	if c.InFlowType == "voice" {
		flowName = "Voice Action Tester"
	}
	if c.NoInput || c.AsBatch {
		trigJSON = `{"type": "manual", "flow": {"uuid": "` + flowUUID + `", "name": "` + flowName + `"}, "batch": true, "triggered_on": "2000-01-01T00:00:00Z"}`
		if c.InFlowType == "voice" {
			call = &flows.Call{UUID: "01978a2f-ad9a-7f2e-ad44-6e7547078cec", URN: "tel:+12065551212"}
			json.Unmarshal([]byte(`{"uuid": "01978a2f-ad9a-7f2e-ad44-6e7547078cec", "channel": {"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "My Android Phone"}, "urn": "tel:+12065551212"}`), call)
		}
	} else {
		// the recording harness made the message (UUID, then time) before the session
		msgUUID := uuids.Next()
		msgTime := clock.Now().Format(time.RFC3339Nano)
		trigJSON = `{"type": "msg", "flow": {"uuid": "` + flowUUID + `", "name": "` + flowName + `"}, "triggered_on": "2000-01-01T00:00:00Z",
			"event": {"uuid": "` + string(msgUUID) + `", "type": "msg_received", "created_on": "` + msgTime + `",
			"msg": {"urn": "tel:+12065551212", "text": "Hi everybody",
			"attachments": ["image/jpeg:http://http://s3.amazon.com/bucket/test.jpg", "audio/mp3:http://s3.amazon.com/bucket/test.mp3"]}}}`
	}
	trig, err := triggers.Read([]byte(trigJSON))
	if err != nil {
		return "trigger: " + err.Error()
	}
	session, sprint, err := eng.NewSession(context.Background(), sa, settings, contact, trig, call)
	if err != nil {
		return "session: " + err.Error()
	}
	evs := toAny(t, sprint.Events).([]any)
	if len(evs) >= 2 {
		evs = evs[1 : len(evs)-1]
	}
	known := map[string]bool{}
	var caseAny any
	json.Unmarshal(modified, &caseAny)
	stringsIn(caseAny, known)
	var inAny any
	json.Unmarshal(contactJSON, &inAny)
	stringsIn(inAny, known)
	var trigAny any
	json.Unmarshal([]byte(trigJSON), &trigAny)
	stringsIn(trigAny, known)
	for k := range known {
		// the harness's own message UUID and time are generated, not inputs
		if strings.HasPrefix(k, "01969b47") || strings.HasPrefix(k, "2025-05-04T") {
			delete(known, k)
		}
	}
	if len(c.HTTPMocks) > 0 {
		var m any
		json.Unmarshal(c.HTTPMocks, &m)
		stringsIn(m, known)
	}
	want, _ := json.Marshal(newNormalizer(known).norm(toAny(t, c.Events)))
	got, _ := json.Marshal(newNormalizer(known).norm(evs))
	if string(want) != string(got) {
		return "events differ: " + firstDifference(string(want), string(got))
	}
	if c.ContactAfter != nil {
		want, _ := json.Marshal(newNormalizer(known).norm(c.ContactAfter))
		got, _ := json.Marshal(newNormalizer(known).norm(toAny(t, session.Contact())))
		if string(want) != string(got) {
			return "contact differs: " + firstDifference(string(want), string(got))
		}
	}
	return ""
}

// firstDifference shows both texts around where they first differ.
func firstDifference(want, got string) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	from := i - 120
	if from < 0 {
		from = 0
	}
	clip := func(s string) string {
		end := i + 120
		if end > len(s) {
			end = len(s)
		}
		if from > len(s) {
			return ""
		}
		return s[from:end]
	}
	return "\n   want ..." + clip(want) + "...\n   got  ..." + clip(got) + "..."
}
