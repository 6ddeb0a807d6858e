package static_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rivuletflows/rivulet/assets"
	"github.com/rivuletflows/rivulet/assets/static"
	"github.com/rivuletflows/rivulet/utils/testutil"
)

func TestReadAllAssetFiles(t *testing.T) {
	dir := testutil.ConformanceDir(t)
	files, _ := filepath.Glob(filepath.Join(dir, "runner", "*.json"))
	refs, _ := filepath.Glob(filepath.Join(dir, "reference", "*", "_assets.json"))
	files = append(files, refs...)
	n := 0
	for _, f := range files {
		if strings.Contains(filepath.Base(f), ".test") {
			continue
		}
		src, err := static.LoadSource(f)
		require.NoError(t, err, f)
		c := src.Collection()
		for _, fl := range c.Flows.All() {
			assert.NotEmpty(t, fl.UUID, f)
			assert.Equal(t, fl, c.Flow(fl.UUID))
		}
		n++
	}
	assert.Greater(t, n, 20)
}

func TestLookups(t *testing.T) {
	src, err := static.LoadSource(filepath.Join(testutil.ConformanceDir(t), "reference", "actions", "_assets.json"))
	require.NoError(t, err)
	c := src.Collection()

	assert.Equal(t, assets.FieldTypeNumber, c.Fields.Get("age").Type)
	assert.Nil(t, c.Fields.Get("nope"))
	assert.Equal(t, "gender = male", c.Groups.Get("0ec97956-c451-48a0-a180-1ce766623e31").Query)
	assert.Equal(t, "Customers", c.Groups.FindByName(" customers ").Name)
	assert.Len(t, c.Groups.Smart(), 5)
	assert.Equal(t, "U-Report", c.Globals.Get("org_name").Value)
	assert.Len(t, c.Resthooks.FindBySlug("new-registration").Subscribers, 2)
	assert.Equal(t, "Jim", c.Users.FindByEmail("JIM@nyaruka.com").Name)
	assert.Equal(t, []string{"book_flight", "book_hotel"}, c.Classifiers.Get("1c06c884-39dd-4ce4-ad9f-9a01cbe6c000").Intents)
	tpl := c.Templates.Get("ce00c80e-991a-4c03-b373-3273c23ee042")
	require.NotNil(t, tpl)
	assert.Equal(t, 1, tpl.Translations[1].Components[1].Variables["2"])
	assert.Equal(t, "Weather", c.Topics.FindByName("weather").Name)
	assert.Equal(t, "Claude", c.LLMs.Get("51ade705-8338-40a9-8a77-37657a936966").Name)
}

func TestLegacyFlowHeader(t *testing.T) {
	src, err := static.LoadSource(filepath.Join(testutil.ConformanceDir(t), "runner", "legacy_registration.json"))
	require.NoError(t, err)
	f := src.Collection().Flow("21a5d73f-513f-455a-aa15-e3444ab45d2f")
	require.NotNil(t, f)
	assert.True(t, f.Legacy)
	assert.Equal(t, "Registration", f.Name)
	assert.Equal(t, "M", f.Type)
}

func TestChannelForURN(t *testing.T) {
	src, err := static.ReadSource([]byte(`{"channels": [
		{"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "US", "address": "+17036975131", "schemes": ["tel"], "roles": ["send", "receive"], "country": "US"},
		{"uuid": "3a05eaf5-cb1b-4246-bef1-f277419c83a7", "name": "RW", "address": "+250788000000", "schemes": ["tel"], "roles": ["send", "receive"], "country": "RW"},
		{"uuid": "8e21f093-99aa-413b-b55b-758b54308fcb", "name": "Twitter", "address": "nyaruka", "schemes": ["twitterid"], "roles": ["send", "receive"]},
		{"uuid": "eb9fee95-d762-4679-a7d5-91532e400c54", "name": "Receive Only", "address": "56789", "schemes": ["ext"], "roles": ["receive"]},
		{"uuid": "d6a3b9e5-54a1-4a31-a4d6-9d4d5b4b6a90", "name": "Android Child", "address": "+17036975132", "schemes": ["tel"], "roles": ["call"], "parent": {"uuid": "57f1078f-88aa-46f4-a59a-948a5739c03d", "name": "US"}}
	]}`))
	require.NoError(t, err)
	chs := src.Collection().Channels
	tcs := []struct {
		scheme, path string
		affinity     string
		role         assets.ChannelRole
		want         string
	}{
		{"tel", "+12065551212", "", assets.ChannelRoleSend, "US"},
		{"tel", "+250788123123", "", assets.ChannelRoleSend, "RW"},
		{"tel", "+12065551212", "3a05eaf5-cb1b-4246-bef1-f277419c83a7", assets.ChannelRoleSend, "RW"},
		{"tel", "+12065551212", "eb9fee95-d762-4679-a7d5-91532e400c54", assets.ChannelRoleSend, "US"},
		{"twitterid", "1234", "", assets.ChannelRoleSend, "Twitter"},
		{"ext", "1234", "", assets.ChannelRoleSend, ""},
		{"tel", "+12065551212", "57f1078f-88aa-46f4-a59a-948a5739c03d", assets.ChannelRoleCall, "Android Child"},
	}
	for _, tc := range tcs {
		ch := chs.GetForURN(tc.scheme, tc.path, assetsUUID(tc.affinity), tc.role)
		name := ""
		if ch != nil {
			name = ch.Name
		}
		assert.Equal(t, tc.want, name, "%s:%s affinity=%s role=%s", tc.scheme, tc.path, tc.affinity, tc.role)
	}
}

func TestReadErrors(t *testing.T) {
	tcs := []struct{ json, err string }{
		{`{"fields": [{"key": "age", "name": "Age", "type": "numeric"}]}`, "fields[0]: field 'type' has invalid value 'numeric'"},
		{`{"fields": [{"name": "Age", "type": "number"}]}`, "fields[0]: field 'key' is required"},
		{`{"groups": [{"uuid": "xyz", "name": "G"}]}`, "groups[0]: field 'uuid' has invalid value 'xyz'"},
		{`{"channels": [{"name": "C"}]}`, "channels[0]: field 'uuid' is required"},
		{`{"flows": [{"name": "F", "spec_version": "13.0.0"}]}`, "flows[0]: field 'uuid' is required"},
		{`{"resthooks": [{"subscribers": []}]}`, "resthooks[0]: field 'slug' is required"},
		{`{"locations": [{"name": "Rwanda", "children": [{"aliases": ["x"]}]}]}`, "locations[0].children[0]: field 'name' is required"},
		{`{"fields": {"key": "x"}}`, "field 'fields' must be an array, not an object"},
		{`{"flows": [{"uuid": 5}]}`, "flows[0]: field 'uuid' must be a string, not a number"},
		{`null`, "must be a JSON object"},
		{`[1]`, "must be a JSON object"},
		{`[`, "unable to read assets"},
	}
	for _, tc := range tcs {
		_, err := static.ReadSource([]byte(tc.json))
		if assert.Error(t, err, tc.json) {
			assert.Contains(t, err.Error(), tc.err)
		}
	}
}
