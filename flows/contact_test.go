package flows_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/excellent/types"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/utils"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

func loadAssets(t *testing.T, path string) *assets.Collection {
	t.Helper()
	src, err := static.LoadSource(path)
	if err != nil {
		t.Fatal(err)
	}
	return src.Collection()
}

// jsonEqual compares two JSON documents semantically, numbers and times as written.
func jsonEqual(t *testing.T, want, got []byte, msg string) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: bad expected JSON: %v", msg, err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: bad JSON: %v", msg, err)
	}
	normalizeTimes(&w)
	normalizeTimes(&g)
	if !reflect.DeepEqual(w, g) {
		t.Errorf("%s:\nwant %s\ngot  %s", msg, want, got)
	}
}

// normalizeTimes rewrites RFC3339 strings to one form so "-00:00" equals "Z".
func normalizeTimes(v *any) {
	switch x := (*v).(type) {
	case map[string]any:
		for k, e := range x {
			normalizeTimes(&e)
			x[k] = e
		}
	case []any:
		for i := range x {
			normalizeTimes(&x[i])
		}
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			*v = t.UTC().Format(time.RFC3339Nano)
		}
	}
}

// TestModifierContactsRoundTrip reads every contact of the modifier cases and writes it
// back unchanged.
func TestModifierContactsRoundTrip(t *testing.T) {
	dir := testutil.ConformancePath(t, "reference", "modifiers")
	sa := loadAssets(t, filepath.Join(dir, "_assets.json"))
	type modifierCase struct {
		Description   string          `json:"description"`
		ContactBefore json.RawMessage `json:"contact_before"`
		ContactAfter  json.RawMessage `json:"contact_after"`
	}
	n := 0
	for _, file := range testutil.ReadCaseFiles[modifierCase](t, dir) {
		for _, tc := range file.Cases {
			for _, raw := range []json.RawMessage{tc.ContactBefore, tc.ContactAfter} {
				var missing []assets.Reference
				c, err := flows.ReadContact(sa, raw, func(r assets.Reference) { missing = append(missing, r) })
				if err != nil {
					t.Errorf("%s/%s: %v", filepath.Base(file.Path), tc.Description, err)
					continue
				}
				if len(missing) > 0 {
					t.Errorf("%s/%s: unexpected missing %v", filepath.Base(file.Path), tc.Description, missing)
				}
				out, err := json.Marshal(c)
				if err != nil {
					t.Fatal(err)
				}
				jsonEqual(t, raw, out, filepath.Base(file.Path)+"/"+tc.Description)
				n++
			}
		}
	}
	if n < 50 {
		t.Errorf("only %d contacts read", n)
	}
}

func TestRunnerContactsRead(t *testing.T) {
	dir := testutil.ConformancePath(t, "runner")
	files, _ := filepath.Glob(filepath.Join(dir, "*.test*.json"))
	for _, f := range files {
		base := strings.SplitN(filepath.Base(f), ".", 2)[0]
		sa := loadAssets(t, filepath.Join(dir, base+".json"))
		var test struct {
			Contact json.RawMessage `json:"contact"`
		}
		data, _ := os.ReadFile(f)
		if err := json.Unmarshal(data, &test); err != nil {
			t.Fatal(err)
		}
		c, err := flows.ReadContact(sa, test.Contact, nil)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if c.UUID() == "" || c.Status() != flows.ContactStatusActive {
			t.Errorf("%s: bad contact %v", f, c)
		}
	}
}

func TestReadContactErrors(t *testing.T) {
	tcs := []struct{ json, err string }{
		{`{"name": "Bob"}`, "field 'uuid' is required"},
		{`{"uuid": "xyz"}`, "field 'uuid' has invalid value 'xyz'"},
		{`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": "zombie"}`, "field 'status' has invalid value 'zombie'"},
		{`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "timezone": "Mars/Base"}`, "field 'timezone' has invalid value 'Mars/Base'"},
		{`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "language": "english"}`, "field 'language' has invalid value 'english'"},
		{`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "urns": ["tel:+1", "xyz"]}`, "field 'urns[1]' has invalid value 'xyz'"},
		{`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "id": "abc"}`, "field 'id' has invalid value of type string"},
		{`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "fields": {"age": {"text": "1", "number": "x"}}}`, "unable to read contact"},
		{`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "tickets": [{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": "pending"}]}`, "field 'tickets[0].status' has invalid value 'pending'"},
		{`[]`, "unable to read contact"},
	}
	for _, tc := range tcs {
		_, err := flows.ReadContact(nil, []byte(tc.json), nil)
		if err == nil {
			t.Errorf("%s: expected error", tc.json)
		} else if !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%s: error %q does not contain %q", tc.json, err, tc.err)
		}
	}
}

func TestReadContactMissingAssets(t *testing.T) {
	sa := loadAssets(t, testutil.ConformancePath(t, "reference", "modifiers", "_assets.json"))
	var missing []string
	c, err := flows.ReadContact(sa, []byte(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "status": "active",
		"groups": [{"uuid": "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d", "name": "Testers"}, {"uuid": "33382939-babf-4982-9395-8793feb4e7c6", "name": "Climbers"}],
		"fields": {"age": {"text": "3", "number": 3}, "shoe_size": {"text": "9"}}}`), func(r assets.Reference) {
		missing = append(missing, assets.MissingDependencyError(r))
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"missing group dependency '33382939-babf-4982-9395-8793feb4e7c6'", "missing field dependency 'shoe_size'"}
	if !reflect.DeepEqual(want, missing) {
		t.Errorf("want %v, got %v", want, missing)
	}
	if len(c.Groups()) != 1 || len(c.Fields()) != 1 {
		t.Errorf("missing assets not dropped: %v %v", c.Groups(), c.Fields())
	}
}

// fixture is the session of the expression vectors.
func fixture(t *testing.T) (*flows.Contact, envs.Environment) {
	t.Helper()
	fx := testutil.ReadExpressionSession(t)
	src, err := static.ReadSource(fx.Assets)
	if err != nil {
		t.Fatal(err)
	}
	sa := src.Collection()
	settings, err := envs.ReadSettings(fx.Environment)
	if err != nil {
		t.Fatal(err)
	}
	env := envs.NewEnv(settings, utils.FixedClock{T: time.Date(2018, 4, 11, 18, 24, 30, 0, time.UTC)}, nil, sa.LocationResolver())
	c, err := flows.ReadContact(sa, fx.Contact, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c, env
}

func lookup(v types.XValue, path string) types.XValue {
	for _, k := range strings.Split(path, ".") {
		if k == "" {
			continue
		}
		switch x := v.(type) {
		case types.XObject:
			v, _ = x.Get(k)
		case types.XArray:
			i := int(k[0] - '0')
			if i >= x.Count() {
				return nil
			}
			v = x.Get(i)
		default:
			return nil
		}
	}
	return v
}

func TestContactContext(t *testing.T) {
	c, env := fixture(t)
	ctx := types.NewXObject(map[string]types.XValue{
		"contact": c.Context(env),
		"fields":  c.FieldsContext(env),
		"urns":    c.URNsContext(env),
	})
	tcs := []struct{ path, want string }{
		{"contact", "Ryan Lewis"},
		{"contact.uuid", "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f"},
		{"contact.id", "1234567"},
		{"contact.first_name", "Ryan"},
		{"contact.language", "eng"},
		{"contact.timezone", "America/Guayaquil"},
		{"contact.status", "active"},
		{"contact.created_on", "2018-06-20T11:40:30.123456Z"},
		{"contact.urn", "tel:+12024561111"},
		{"contact.urns.1", "twitterid:54784326227#nyaruka"},
		{"contact.channel", "My Android Phone"},
		{"contact.channel.address", "+17036975131"},
		{"contact.groups.0.name", "Testers"},
		{"contact.fields.gender", "Male"},
		{"contact.fields.join_date", "2017-12-02T00:00:00.000000-02:00"},
		{"contact.fields.not_set", ""},
		{"contact.tickets.0.topic.name", "Weather"},
		{"contact.tickets.0.assignee.email", "bob@nyaruka.com"},
		{"fields.activation_token", "AACC55"},
		{"fields", "Activation Token: AACC55\nGender: Male\nJoin Date: 01-12-2017 21:00"},
		{"urns.tel", "tel:+12024561111"},
		{"urns.mailto", "mailto:foo@bar.com"},
		{"urns.telegram", ""},
	}
	for _, tc := range tcs {
		v := lookup(ctx, tc.path)
		if got := types.Render(v); got != tc.want && types.Format(env, v) != tc.want {
			t.Errorf("@%s: want %q, got %q", tc.path, tc.want, got)
		}
	}
	if _, ok := lookup(ctx, "contact.fields").(types.XObject).Get("unset"); ok {
		t.Errorf("@contact.fields.unset should not exist")
	}
}

func TestSetFieldValue(t *testing.T) {
	c, env := fixture(t)
	sa := c.Assets()
	age, state, gender := sa.Fields.Get("age"), sa.Fields.Get("state"), sa.Fields.Get("gender")
	tcs := []struct {
		field   *assets.Field
		text    string
		want    string
		changed bool
	}{
		{age, "37", `{"text":"37","number":37}`, true},
		{age, "37", `{"text":"37","number":37}`, false},
		{age, "37 years", `{"text":"37 years"}`, true},
		{age, "1,234.5", `{"text":"1,234.5","number":1234.5}`, true},
		{gender, "Female", `{"text":"Female"}`, true},
		{gender, "2018-01-30", `{"text":"2018-01-30","datetime":"2018-01-30T00:00:00-05:00"}`, true},
		{state, "kigali", `{"text":"kigali","state":"Rwanda \u003e Kigali City"}`, true},
		{state, "Rwanda > Kigali City > Gasabo", `{"text":"Rwanda \u003e Kigali City \u003e Gasabo","state":"Rwanda \u003e Kigali City","district":"Rwanda \u003e Kigali City \u003e Gasabo"}`, true},
		{gender, strings.Repeat("x", 700), `{"text":"` + strings.Repeat("x", 640) + `"}`, true},
		{gender, "", `null`, true},
		{gender, "", `null`, false},
	}
	for _, tc := range tcs {
		v, changed := c.SetFieldValue(env, tc.field, tc.text, 0)
		out, _ := json.Marshal(v)
		if string(out) != tc.want || changed != tc.changed {
			t.Errorf("%s=%q: want %s (changed %v), got %s (changed %v)", tc.field.Key, tc.text, tc.want, tc.changed, out, changed)
		}
	}
}

func TestQueryBasedGroups(t *testing.T) {
	sa := loadAssets(t, testutil.ConformancePath(t, "reference", "modifiers", "_assets.json"))
	env := envs.NewEnv(envs.DefaultSettings(), nil, nil, nil)
	c, err := flows.ReadContact(sa, []byte(`{"uuid": "5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f", "name": "Bob", "status": "active",
		"groups": [{"uuid": "0ec97956-c451-48a0-a180-1ce766623e31", "name": "Males"}], "fields": {"gender": {"text": "Female"}}}`), nil)
	if err != nil {
		t.Fatal(err)
	}
	names := func(gs []*assets.Group) []string {
		var out []string
		for _, g := range gs {
			out = append(out, g.Name)
		}
		return out
	}
	added, removed := c.ReevaluateQueryBasedGroups(env, sa.Groups.All())
	if !reflect.DeepEqual(names(added), []string{"Females"}) || !reflect.DeepEqual(names(removed), []string{"Males"}) {
		t.Errorf("got added %v removed %v", names(added), names(removed))
	}
	c.SetName("")
	c.SetLastSeenOn(time.Date(2026, 2, 3, 0, 0, 0, 0, time.UTC))
	added, _ = c.ReevaluateQueryBasedGroups(env, sa.Groups.All())
	if !reflect.DeepEqual(names(added), []string{"Nameless", "Seen In 2026"}) {
		t.Errorf("got added %v", names(added))
	}
	c.SetStatus(flows.ContactStatusBlocked)
	_, removed = c.ReevaluateQueryBasedGroups(env, sa.Groups.All())
	if !reflect.DeepEqual(names(removed), []string{"Females", "Nameless", "Seen In 2026"}) || len(c.Groups()) != 0 {
		t.Errorf("got removed %v, left %v", names(removed), c.Groups())
	}
}
