package urns_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/rivuletflows/rivulet/utils/urns"
)

// is holds the few assertions these tests need, without a test dependency.
var is = assertions{}

type assertions struct{}

func (assertions) Equal(t *testing.T, want, got any, msg ...any) {
	t.Helper()
	if !reflect.DeepEqual(want, got) {
		t.Errorf("%v: want %#v, got %#v", fmt.Sprint(msg...), want, got)
	}
}

func (assertions) True(t *testing.T, v bool, msg ...any) {
	t.Helper()
	if !v {
		t.Errorf("%v: expected true", fmt.Sprint(msg...))
	}
}

func (a assertions) False(t *testing.T, v bool, msg ...any) { t.Helper(); a.True(t, !v, msg...) }

func (assertions) NoError(t *testing.T, err error, msg ...any) {
	t.Helper()
	if err != nil {
		t.Errorf("%v: unexpected error %v", fmt.Sprint(msg...), err)
	}
}

func (assertions) Error(t *testing.T, err error, msg ...any) {
	t.Helper()
	if err == nil {
		t.Errorf("%v: expected an error", fmt.Sprint(msg...))
	}
}

func (assertions) ErrorIs(t *testing.T, err, target error, msg ...any) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Errorf("%v: expected error %v, got %v", fmt.Sprint(msg...), target, err)
	}
}

func (assertions) Contains(t *testing.T, list []string, item string) {
	t.Helper()
	if !slices.Contains(list, item) {
		t.Errorf("%v does not contain %q", list, item)
	}
}

func TestParse(t *testing.T) {
	tcs := []struct {
		in                                   string
		scheme, path, query, display, hasErr string
	}{
		{in: "tel:+12065551212", scheme: "tel", path: "+12065551212"},
		{in: "tel:+12065551212?channel=57f1078f-88aa-46f4-a59a-948a5739c03d", scheme: "tel", path: "+12065551212", query: "channel=57f1078f-88aa-46f4-a59a-948a5739c03d"},
		{in: "twitterid:54784326227#nyaruka", scheme: "twitterid", path: "54784326227", display: "nyaruka"},
		{in: "twitterid:54784326227?id=3#bob%20smith", scheme: "twitterid", path: "54784326227", query: "id=3", display: "bob smith"},
		{in: "mailto:foo@bar.com", scheme: "mailto", path: "foo@bar.com"},
		{in: "not a urn", hasErr: "y"},
		{in: "NOT URN", hasErr: "y"},
		{in: "tel:", hasErr: "y"},
		{in: ":1234", hasErr: "y"},
		{in: "TEL:1234", hasErr: "y"},
	}
	for _, tc := range tcs {
		scheme, path, query, display, err := urns.Parse(tc.in)
		if tc.hasErr != "" {
			is.Error(t, err, tc.in)
			continue
		}
		is.NoError(t, err, tc.in)
		is.Equal(t, []string{tc.scheme, tc.path, tc.query, tc.display}, []string{scheme, path, query, display}, tc.in)
	}
}

func TestValidate(t *testing.T) {
	tcs := []struct {
		urn   urns.URN
		valid bool
	}{
		{"tel:+12065551212", true},
		{"tel:MTN", true},
		{"tel:+1 206", false},
		{"telegram:12345", true},
		{"telegram:qwerty", false},
		{"xyz:12345", false},
		{"twitter:nyaruka", true},
		{"twitter:this_handle_is_too_long", false},
		{"twitterid:54784326227#nyaruka", true},
		{"mailto:ben@macklemore", true},
		{"mailto:ben", false},
		{"facebook:1122334455667788", true},
		{"facebook:ref:signup", true},
		{"facebook:abc", false},
		{"whatsapp:250788123123", true},
		{"whatsapp:+250788123123", false},
		{"viber:xy5/5y6O81+/kbWHpLhBoA==", true},
		{"line:Uabcd1234", true},
		{"ext:anything goes", true},
		{"discord:123456", true},
		{"webchat:123456789012345678901234", true},
		{"freshchat:c0534f78-b6e9-4f79-8853-11cedfc1f35b/c0534f78-b6e9-4f79-8853-11cedfc1f35b", true},
		{"not a urn", false},
	}
	for _, tc := range tcs {
		err := tc.urn.Validate()
		is.Equal(t, tc.valid, err == nil, string(tc.urn), err)
	}
}

func TestNew(t *testing.T) {
	u, err := urns.New("mailto", "bob@nyaruka.com")
	is.NoError(t, err)
	is.Equal(t, urns.URN("mailto:bob@nyaruka.com"), u)

	_, err = urns.New("telegram", "qwerty")
	is.Error(t, err)

	u, err = urns.NewFromParts("twitterid", "123", "channel=abc", "Bob Smith")
	is.NoError(t, err)
	is.Equal(t, urns.URN("twitterid:123?channel=abc#Bob%20Smith"), u)
	is.Equal(t, "Bob Smith", u.Display())
}

func TestAccessors(t *testing.T) {
	u := urns.URN("tel:+12065551212?channel=57f1078f-88aa-46f4-a59a-948a5739c03d#Bob")
	is.Equal(t, "tel", u.Scheme())
	is.Equal(t, "+12065551212", u.Path())
	is.Equal(t, "Bob", u.Display())
	is.Equal(t, "channel=57f1078f-88aa-46f4-a59a-948a5739c03d", u.RawQuery())
	is.Equal(t, "57f1078f-88aa-46f4-a59a-948a5739c03d", u.Channel())
	is.Equal(t, urns.URN("tel:+12065551212"), u.Identity())
	is.Equal(t, urns.URN("tel:********"), u.Redact())
	is.Equal(t, urns.URN("tel:+12065551212#Bob"), u.WithChannel(""))
	is.Equal(t, urns.URN("tel:+12065551212?channel=x#Bob"), u.WithChannel("x"))
	is.Equal(t, urns.URN("tel:+12065551212?channel=57f1078f-88aa-46f4-a59a-948a5739c03d"), u.WithDisplay(""))
	is.Equal(t, "", urns.URN("mailto:a@b.com").Channel())
}

func TestNormalize(t *testing.T) {
	tcs := []struct {
		urn      urns.URN
		country  string
		expected urns.URN
	}{
		{"tel:+1 (703) 697-1111", "", "tel:+17036971111"},
		{"tel: 12044443333 ", "RW", "tel:+12044443333"},
		{"tel:12065551212", "RW", "tel:+12065551212"},
		{"tel:0788383383", "RW", "tel:+250788383383"},
		{"tel:(206) 555-1212", "US", "tel:+12065551212"},
		{"tel:0788383383", "", "tel:0788383383"},
		{"tel:MTN", "RW", "tel:mtn"},
		{"tel:+250788383383?channel=abc", "US", "tel:+250788383383?channel=abc"},
		{"twitter:@NyaRuka", "", "twitter:nyaruka"},
		{"twitter:TAKEN123", "", "twitter:taken123"},
		{"twitterid:12345#@NyaRuka", "", "twitterid:12345#nyaruka"},
		{"mailto:Foo@Bar.COM", "", "mailto:foo@bar.com"},
		{"viber:xy5/5y6O81+/kbWHpLhBoA==", "", "viber:xy5/5y6O81+/kbWHpLhBoA=="},
		{"not a urn", "", "not a urn"},
	}
	for _, tc := range tcs {
		is.Equal(t, tc.expected, tc.urn.Normalize(tc.country), string(tc.urn))
	}
}

func TestFormat(t *testing.T) {
	tcs := []struct {
		urn      urns.URN
		expected string
	}{
		{"tel:+250781234567", "0781 234 567"},
		{"tel:+12024561111?channel=57f1078f-88aa-46f4-a59a-948a5739c03d", "(202) 456-1111"},
		{"tel:+12065551212", "(206) 555-1212"},
		{"tel:1234", "1234"},
		{"twitterid:54784326227#nyaruka", "nyaruka"},
		{"twitter:nyaruka", "nyaruka"},
		{"mailto:foo@bar.com", "foo@bar.com"},
	}
	for _, tc := range tcs {
		// the first is formatted, the second remembered: both the same
		is.Equal(t, tc.expected, tc.urn.Format(), string(tc.urn))
		is.Equal(t, tc.expected, tc.urn.Format(), string(tc.urn)+", remembered")
	}
}

func TestFormatCacheBounded(t *testing.T) {
	for i := range 3 * urns.FormatCacheSize {
		u := urns.URN(fmt.Sprintf("tel:+2507812%05d", i))
		is.Equal(t, fmt.Sprintf("0781 2%02d %03d", i/1000, i%1000), u.Format())
	}
	if n := urns.FormatCacheLen(); n > 2*urns.FormatCacheSize {
		t.Errorf("the format cache holds %d numbers, more than twice its size %d", n, urns.FormatCacheSize)
	}
}

func TestParseNumber(t *testing.T) {
	tcs := []struct {
		raw, country string
		short        bool
		expected     string
		err          bool
	}{
		{"(206) 555-1212", "US", false, "+12065551212", false},
		{"+250 788 383 383", "", false, "+250788383383", false},
		{"-", "US", false, "", true},
		{"", "US", false, "", true},
		{"1234", "US", true, "1234", false},
		{"1234", "US", false, "", true},
	}
	for _, tc := range tcs {
		n, err := urns.ParseNumber(tc.raw, tc.country, tc.short)
		if tc.err {
			is.ErrorIs(t, err, urns.ErrNotNumber, tc.raw)
			continue
		}
		is.NoError(t, err, tc.raw)
		is.Equal(t, tc.expected, n, tc.raw)
	}
	is.Equal(t, "not a possible number", urns.ErrNotNumber.Error())
}

func TestFindNumber(t *testing.T) {
	is.Equal(t, "+12067799294", urns.FindNumber("my number is 206 779 9294", "US"))
	is.Equal(t, "+250788383383", urns.FindNumber("call +250 788 383 383 now", "US"))
	is.Equal(t, "+250788383383", urns.FindNumber("0788383383", "RW"))
	is.Equal(t, "", urns.FindNumber("my number is none of your business", "US"))
	is.Equal(t, "", urns.FindNumber("I am 12", "US"))
}

func TestSchemes(t *testing.T) {
	is.Contains(t, urns.Schemes(), "tel")
	is.Contains(t, urns.Schemes(), "whatsapp")
	is.True(t, urns.IsValidScheme("mailto"))
	is.False(t, urns.IsValidScheme("xyz"))
}

func TestParseErrorsAndLenientAccessors(t *testing.T) {
	tcs := []struct{ in, err, scheme, path, query string }{
		{"not a urn", "'not a urn' has no scheme: scheme or path cannot be empty", "", "not a urn", ""},
		{"tel:", "scheme or path cannot be empty", "", "tel:", ""},
		{":1234", "scheme or path cannot be empty", "", ":1234", ""},
		{"TEL:1234?x=1", "scheme 'TEL': invalid scheme", "", "TEL:1234?x=1", ""},
		{"1tel:1234", "scheme '1tel': invalid scheme", "", "1tel:1234", ""},
		{"tel2:1234?x=1#Bo%zz", "", "tel2", "1234", "x=1"},
	}
	for _, tc := range tcs {
		_, _, _, _, err := urns.Parse(tc.in)
		if tc.err == "" {
			is.NoError(t, err, tc.in)
		} else if err == nil {
			t.Errorf("%s: expected error %q", tc.in, tc.err)
		} else {
			is.Equal(t, tc.err, err.Error(), tc.in)
		}
		u := urns.URN(tc.in)
		is.Equal(t, []string{tc.scheme, tc.path, tc.query}, []string{u.Scheme(), u.Path(), u.RawQuery()}, tc.in)
	}
}
