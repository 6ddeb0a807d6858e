package envs_test

import (
	"testing"

	"github.com/rivuletflows/rivulet/envs"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

const smallHierarchy = `{
	"name": "Narnia",
	"children": [
		{"name": "North Lands", "aliases": ["Northlands", "the north"], "children": [
			{"name": "Cair Paravel", "children": [{"name": "Castle Ward"}, {"name": "Harbour"}]},
			{"name": "Ettinsmoor", "children": [{"name": "Harbour"}]}
		]},
		{"name": "Archenland", "children": [
			{"name": "Anvard", "aliases": ["Paravel"], "children": null}
		]}
	]
}`

func paths(locs []*envs.Location) []string {
	ps := make([]string, len(locs))
	for i, l := range locs {
		ps[i] = string(l.Path)
	}
	return ps
}

func TestLocationHierarchySmall(t *testing.T) {
	h, err := envs.ReadLocationHierarchy([]byte(smallHierarchy))
	if err != nil {
		t.Fatal(err)
	}
	north := h.LookupLocation("narnia > north lands")
	if north == nil || north.Name() != "North Lands" || north.Level != envs.LocationLevelState || north.Parent != h.Root() {
		t.Fatalf("bad lookup of north lands: %+v", north)
	}
	harbour := h.LookupLocation("Narnia > North Lands > Ettinsmoor > Harbour")
	if harbour == nil || harbour.Level != envs.LocationLevelWard || harbour.Path.Name() != "Harbour" {
		t.Fatalf("bad lookup of harbour: %+v", harbour)
	}
	ettinsmoor := h.LookupLocation("Narnia > North Lands > Ettinsmoor")

	tcs := []struct {
		name   string
		fuzzy  bool
		text   string
		level  envs.LocationLevel
		parent *envs.Location
		want   []string
	}{
		{"exact name", false, "north lands", envs.LocationLevelState, nil, []string{"Narnia > North Lands"}},
		{"exact alias spaced", false, "  The   North ", envs.LocationLevelState, nil, []string{"Narnia > North Lands"}},
		{"wrong level", false, "North Lands", envs.LocationLevelDistrict, nil, []string{}},
		{"ambiguous ward", false, "harbour", envs.LocationLevelWard, nil, []string{"Narnia > North Lands > Cair Paravel > Harbour", "Narnia > North Lands > Ettinsmoor > Harbour"}},
		{"ward below district", false, "harbour", envs.LocationLevelWard, ettinsmoor, []string{"Narnia > North Lands > Ettinsmoor > Harbour"}},
		{"district below state", false, "anvard", envs.LocationLevelDistrict, north, []string{}},
		{"fuzzy single word", true, "I live in Northlands!", envs.LocationLevelState, nil, []string{"Narnia > North Lands"}},
		{"fuzzy word pair", true, "I live in north lands", envs.LocationLevelState, nil, []string{"Narnia > North Lands"}},
		{"fuzzy punctuation", true, "Cair-Paravel", envs.LocationLevelDistrict, nil, []string{"Narnia > North Lands > Cair Paravel"}},
		{"fuzzy alias word before pair", true, "cair paravel", envs.LocationLevelDistrict, nil, []string{"Narnia > North Lands > Cair Paravel"}},
		{"fuzzy nothing", true, "I live in Boston", envs.LocationLevelState, nil, []string{}},
		{"fuzzy empty", true, "", envs.LocationLevelState, nil, []string{}},
	}
	for _, tc := range tcs {
		var found []*envs.Location
		if tc.fuzzy {
			found = h.FindLocationsFuzzy(tc.text, tc.level, tc.parent)
		} else {
			found = h.FindLocations(tc.text, tc.level, tc.parent)
		}
		got := paths(found)
		if len(got) != len(tc.want) {
			t.Errorf("%s: want %v, got %v", tc.name, tc.want, got)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: want %v, got %v", tc.name, tc.want, got)
			}
		}
	}
}

func TestLocationHierarchyErrors(t *testing.T) {
	if _, err := envs.ReadLocationHierarchy([]byte(`{"children": []}`)); err == nil {
		t.Error("expected error for nameless root")
	}
	if _, err := envs.ReadLocationHierarchy([]byte(`[`)); err == nil {
		t.Error("expected error for bad JSON")
	}
	h := envs.NewLocationHierarchy(nil)
	if len(h.FindLocationsFuzzy("anything", envs.LocationLevelState, nil)) != 0 || h.LookupLocation("x") != nil {
		t.Error("empty hierarchy should find nothing")
	}
}

func TestLocationHierarchyConformanceSession(t *testing.T) {
	session := testutil.ReadExpressionSession(t)
	if len(session.Locations) == 0 {
		t.Fatal("session has no locations")
	}
	h, err := envs.ReadLocationHierarchy(session.Locations[0])
	if err != nil {
		t.Fatal(err)
	}
	kigali := h.FindLocationsFuzzy("I live in Kigali", envs.LocationLevelState, nil)
	if len(kigali) != 1 || kigali[0].Path != "Rwanda > Kigali City" {
		t.Fatalf("want Kigali City, got %v", paths(kigali))
	}
	gasabo := h.FindLocationsFuzzy("I live in Gasabo", envs.LocationLevelDistrict, kigali[0])
	if len(gasabo) != 1 || gasabo[0].Path != "Rwanda > Kigali City > Gasabo" {
		t.Fatalf("want Gasabo, got %v", paths(gasabo))
	}
	gisozi := h.FindLocationsFuzzy("Gisozi", envs.LocationLevelWard, gasabo[0])
	if len(gisozi) != 1 || gisozi[0].Path != "Rwanda > Kigali City > Gasabo > Gisozi" {
		t.Fatalf("want Gisozi, got %v", paths(gisozi))
	}
	if h.LookupLocation("Rwanda > Kigali City > Nyarugenge") == nil {
		t.Error("lookup by path failed")
	}
}
