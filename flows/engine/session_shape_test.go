package engine

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/flows"
	"github.com/rivuletflows/rivulet/flows/definition"
)

// storedStructDrift holds the struct encoding/json reads and writes a shape with (its
// stored form R) to the shape: the same keys in the same order, and omitempty exactly where
// the shape leaves a key out when empty. Without it the fallback could drift from the
// direct writer and the strict reader. It returns what differs.
func storedStructDrift[W, R any](s *shape[W, R]) []string {
	typ := reflect.TypeFor[R]()
	var problems, tags []string
	for i := range typ.NumField() {
		sf := typ.Field(i)
		tag, ok := sf.Tag.Lookup("json")
		if !sf.IsExported() || !ok || tag == "-" {
			problems = append(problems, fmt.Sprintf("%s.%s: every field of a stored struct is stored under a json tag", typ, sf.Name))
			continue
		}
		tags = append(tags, tag)
	}
	var want []string
	for _, f := range s.fields {
		tag := f.key
		if f.omit != nil {
			tag += ",omitempty"
		}
		want = append(want, tag)
	}
	if strings.Join(tags, " ") != strings.Join(want, " ") {
		problems = append(problems, fmt.Sprintf("%s: json tags differ from the stored shape\nshape  %s\nstruct %s", typ, strings.Join(want, " "), strings.Join(tags, " ")))
	}
	return problems
}

func checkStoredStruct[W, R any](t *testing.T, s *shape[W, R]) {
	t.Helper()
	for _, p := range storedStructDrift(s) {
		t.Error(p)
	}
}

func TestStoredStructsMatchShapes(t *testing.T) {
	checkStoredStruct(t, sessionShape)
	checkStoredStruct(t, runShape)
	checkStoredStruct(t, flowRefShape)
	checkStoredStruct(t, stepShape)
	checkStoredStruct(t, resultShape)
	checkStoredStruct(t, inputShape)
	checkStoredStruct(t, channelRefShape)
	checkStoredStruct(t, settingsShape)
	checkStoredStruct(t, numberFormatShape)

	// the stored structs are the ones sessionJSON nests, so none is missed above
	var sj sessionJSON
	var rj runJSON
	var in Input
	var st envs.Settings
	for _, pair := range []struct{ got, want any }{
		{sj.Runs, []*runJSON(nil)}, {sj.Input, (*Input)(nil)}, {sj.Environment, (*envs.Settings)(nil)},
		{rj.Flow, definition.FlowRef{}}, {rj.Path, []Step(nil)}, {rj.Results, map[string]*flows.Result(nil)},
		{in.Channel, (*ChannelRef)(nil)}, {st.NumberFormat_, (*envs.NumberFormat)(nil)},
	} {
		if reflect.TypeOf(pair.got) != reflect.TypeOf(pair.want) {
			t.Errorf("stored struct holds %T where the shapes expect %T", pair.got, pair.want)
		}
	}
}

// TestStoredStructDrift checks the check: a struct whose tags drift from its shape (a
// missing omitempty, another order, a key the shape lacks) is reported.
func TestStoredStructDrift(t *testing.T) {
	type drifted struct {
		B string `json:"b"`
		A string `json:"a"`
		C string `json:"c,omitempty"`
		d string
	}
	s := newShape(
		field[drifted, drifted]{key: "a", omit: func(*drifted) bool { return true },
			write: func(b []byte, _ *drifted) ([]byte, bool) { return b, true },
			read:  func(*jsonReader, *drifted) bool { return true }},
		field[drifted, drifted]{key: "b",
			write: func(b []byte, _ *drifted) ([]byte, bool) { return b, true },
			read:  func(*jsonReader, *drifted) bool { return true }},
	)
	problems := storedStructDrift(s)
	if len(problems) != 2 {
		t.Errorf("expected the unstored field and the tags reported, got %q", problems)
	}
}

// TestShapeWritesAndReads drives one small shape both ways: keys in order, the comma of the
// first key opening the object, omitted keys, an object with every key omitted, and the
// reader taking keys in any order but refusing unknown and repeated ones.
func TestShapeWritesAndReads(t *testing.T) {
	type pair struct{ A, B string }
	s := newShape(
		field[pair, pair]{key: "a", omit: func(p *pair) bool { return p.A == "" },
			write: func(b []byte, p *pair) ([]byte, bool) { return appendString(b, p.A), true },
			read:  func(r *jsonReader, p *pair) (ok bool) { p.A, ok = r.Str(); return }},
		field[pair, pair]{key: "b", omit: func(p *pair) bool { return p.B == "" },
			write: func(b []byte, p *pair) ([]byte, bool) { return appendString(b, p.B), true },
			read:  func(r *jsonReader, p *pair) (ok bool) { p.B, ok = r.Str(); return }},
	)
	for _, tc := range []struct {
		in   pair
		want string
	}{
		{pair{"x", "y"}, `{"a":"x","b":"y"}`},
		{pair{"", "y"}, `{"b":"y"}`},
		{pair{"x", ""}, `{"a":"x"}`},
		{pair{}, `{}`},
	} {
		got, ok := s.write([]byte("["), &tc.in)
		if !ok || string(got) != "["+tc.want {
			t.Errorf("write %+v: got %s (ok %v), want [%s", tc.in, got, ok, tc.want)
		}
	}
	for _, tc := range []struct {
		text string
		ok   bool
		want pair
	}{
		{`{"b":"y","a":"x"}`, true, pair{"x", "y"}},
		{` { } `, true, pair{}},
		{`{"a":"x","a":"z"}`, false, pair{}},
		{`{"c":"x"}`, false, pair{}},
		{`{"A":"x"}`, false, pair{}},
		{`{"\u0061":"x"}`, false, pair{}},
		{`{"a":1}`, false, pair{}},
	} {
		var p pair
		ok := s.read(&jsonReader{Data: []byte(tc.text)}, &p)
		if ok != tc.ok || (ok && p != tc.want) {
			t.Errorf("read %s: got %+v (ok %v), want %+v (ok %v)", tc.text, p, ok, tc.want, tc.ok)
		}
	}
}

// TestNewShapeRefusesBadDescriptions checks that a description with a repeated key, a
// missing reader or a key that needs escaping stops the program at start-up.
func TestNewShapeRefusesBadDescriptions(t *testing.T) {
	w := func(b []byte, _ *Step) ([]byte, bool) { return b, true }
	r := func(*jsonReader, *Step) bool { return true }
	for name, fields := range map[string][]field[Step, Step]{
		"repeated key": {{key: "a", write: w, read: r}, {key: "a", write: w, read: r}},
		"no reader":    {{key: "a", write: w}},
		"escaped key":  {{key: "a<b", write: w, read: r}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: newShape accepted it", name)
				}
			}()
			newShape(fields...)
		}()
	}
}
