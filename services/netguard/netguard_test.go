package netguard

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		addr string
		kind Kind
	}{
		{"127.0.0.1", KindLoopback},
		{"127.255.255.254", KindLoopback},
		{"::1", KindLoopback},
		{"10.1.2.3", KindPrivate},
		{"172.16.0.1", KindPrivate},
		{"172.31.255.255", KindPrivate},
		{"192.168.1.1", KindPrivate},
		{"169.254.1.1", KindLinkLocal},
		{"fe80::1", KindLinkLocal},
		{"fe80::1%eth0", KindLinkLocal},
		{"100.64.0.1", KindCGNAT},
		{"100.127.255.255", KindCGNAT},
		{"fd12:3456::1", KindUniqueLocal},
		{"fc00::1", KindUniqueLocal},
		{"169.254.169.254", KindMetadata},
		{"100.100.100.200", KindMetadata},
		{"fd00:ec2::254", KindMetadata},
		{"::ffff:169.254.169.254", KindMetadata},
		{"224.0.0.1", KindMulticast},
		{"ff02::1", KindMulticast},
		{"0.0.0.0", KindUnspecified},
		{"::", KindUnspecified},
		{"255.255.255.255", KindReserved},
		{"240.0.0.1", KindReserved},
		{"192.0.2.10", KindReserved},
		{"::ffff:127.0.0.1", KindLoopback},
		{"::ffff:10.0.0.1", KindPrivate},
		{"::127.0.0.1", KindLoopback},
		{"::10.0.0.1", KindPrivate},
		{"64:ff9b::7f00:1", KindLoopback},
		{"2002:7f00:1::", KindLoopback},
		{"2002:a9fe:a9fe::", KindMetadata},
		{"2001:0:0:0:0:0:80ff:fefe", KindLoopback},
		// public
		{"8.8.8.8", ""},
		{"1.1.1.1", ""},
		{"172.32.0.1", ""},
		{"100.128.0.1", ""},
		{"2606:4700:4700::1111", ""},
		{"::ffff:8.8.8.8", ""},
		{"64:ff9b::808:808", ""},
	}
	for _, tc := range tests {
		got := Classify(netip.MustParseAddr(tc.addr))
		if got != tc.kind {
			t.Errorf("Classify(%s) = %q, want %q", tc.addr, got, tc.kind)
		}
	}
}

func TestCheckAddrAllowances(t *testing.T) {
	safe := Safe()
	dev := AllowingPrivate(true)
	custom := &Policy{Allow: []netip.Prefix{netip.MustParsePrefix("10.9.0.0/16"), netip.MustParsePrefix("169.254.169.254/32")}}
	tests := []struct {
		policy *Policy
		addr   string
		ok     bool
	}{
		{safe, "127.0.0.1", false},
		{safe, "8.8.8.8", true},
		{dev, "127.0.0.1", true},
		{dev, "::1", true},
		{dev, "192.168.0.10", true},
		{dev, "::ffff:127.0.0.1", true},
		{dev, "169.254.169.254", false},
		{dev, "fd00:ec2::254", false},
		{dev, "224.0.0.1", false},
		{dev, "0.0.0.0", false},
		{custom, "10.9.1.1", true},
		{custom, "::ffff:10.9.1.1", true},
		{custom, "10.8.1.1", false},
		{custom, "169.254.169.254", true},
		{custom, "127.0.0.1", false},
	}
	for _, tc := range tests {
		err := tc.policy.CheckAddr("", netip.MustParseAddr(tc.addr))
		if (err == nil) != tc.ok {
			t.Errorf("policy %+v, %s: got %v, want allowed=%v", tc.policy, tc.addr, err, tc.ok)
		}
	}
}

func TestRefusalMessageNamesTheFlag(t *testing.T) {
	err := Safe().CheckAddr("127.0.0.1", netip.MustParseAddr("127.0.0.1"))
	want := "refused to connect: 127.0.0.1 is a loopback address (private addresses are refused unless allowed with -allow-private-hosts)"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %q", err, want)
	}
	// metadata addresses can't be allowed by the flag, so the message doesn't offer it
	err = AllowingPrivate(true).CheckAddr("169.254.169.254", netip.MustParseAddr("169.254.169.254"))
	if err == nil || strings.Contains(err.Error(), AllowPrivateFlag) {
		t.Fatalf("metadata refusal: got %v", err)
	}
}

func TestHostDenied(t *testing.T) {
	denied := []string{"graph.facebook.com", "Internal.Example."}
	tests := []struct {
		host string
		want bool
	}{
		{"graph.facebook.com", true},
		{"GRAPH.facebook.com", true},
		{"graph.facebook.com.", true},
		{"x.graph.facebook.com", true},
		{"a.b.internal.example", true},
		{"internal.example", true},
		{"facebook.com", false},
		{"evilgraph.facebook.com", false},
		{"graph.facebook.com.evil.org", false},
		{"", false},
	}
	for _, tc := range tests {
		if got := HostDenied(tc.host, denied); got != tc.want {
			t.Errorf("HostDenied(%q) = %v, want %v", tc.host, got, tc.want)
		}
	}
	if HostDenied("anything", []string{"", "."}) {
		t.Errorf("an empty deny entry must not match everything")
	}
}

func TestCheckURL(t *testing.T) {
	tests := []struct {
		url  string
		kind Kind // "" when allowed
	}{
		{"http://example.com/", ""},
		{"https://8.8.8.8/", ""},
		{"ftp://example.com/", KindScheme},
		{"file:///etc/passwd", KindScheme},
		{"gopher://127.0.0.1/", KindScheme},
		{"http://localhost:8080/", KindLoopback},
		{"http://LOCALHOST./", KindLoopback},
		{"http://api.localhost/", KindLoopback},
		{"http://127.0.0.1/", KindLoopback},
		{"http://[::1]/", KindLoopback},
		{"http://[::ffff:127.0.0.1]/", KindLoopback},
		{"http://[::ffff:7f00:1]/", KindLoopback},
		{"http://0.0.0.0/", KindUnspecified},
		{"http://169.254.169.254/latest/meta-data/", KindMetadata},
		{"http://2130706433/", KindLoopback},
		{"http://0x7f000001/", KindLoopback},
		{"http://0x7f.1/", KindLoopback},
		{"http://0177.0.0.1/", KindLoopback},
		{"http://017700000001/", KindLoopback},
		{"http://2852039166/", KindMetadata},
		{"http://134744072/", KindSpelling}, // 8.8.8.8, but spelled so only some resolvers agree
		{"http://metadata.google.internal/", KindDeniedHost},
		{"http://METADATA.google.internal./", KindDeniedHost},
		{"http://0x7g.example.com/", ""},
		{"http://123.example.com/", ""},
	}
	for _, tc := range tests {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatalf("%s: %v", tc.url, err)
		}
		err = Safe().CheckURL(u)
		r, refused := IsRefused(err)
		switch {
		case tc.kind == "" && err != nil:
			t.Errorf("%s: want allowed, got %v", tc.url, err)
		case tc.kind != "" && !refused:
			t.Errorf("%s: want refused (%s), got %v", tc.url, tc.kind, err)
		case tc.kind != "" && r.Kind != tc.kind:
			t.Errorf("%s: want %s, got %s (%v)", tc.url, tc.kind, r.Kind, err)
		}
	}
	u, _ := url.Parse("http://localhost:8080/")
	if err := AllowingPrivate(true).CheckURL(u); err != nil {
		t.Errorf("localhost with private allowed: %v", err)
	}
}

func TestParseLooseIPv4(t *testing.T) {
	tests := map[string]string{
		"2130706433":   "127.0.0.1",
		"0x7f000001":   "127.0.0.1",
		"127.1":        "127.0.0.1",
		"127.0.1":      "127.0.0.1",
		"0x7f.0.0.0x1": "127.0.0.1",
		"0":            "0.0.0.0",
		"4294967295":   "255.255.255.255",
	}
	for in, want := range tests {
		a, ok := parseLooseIPv4(in)
		if !ok || a.String() != want {
			t.Errorf("parseLooseIPv4(%q) = %v %v, want %s", in, a, ok, want)
		}
	}
	for _, in := range []string{"", "4294967296", "256.1.1.1", "1.2.3.4.5", "1..2", "example", "08", "127.0.0.256", "1.16777216"} {
		if a, ok := parseLooseIPv4(in); ok {
			t.Errorf("parseLooseIPv4(%q) = %v, want not an address", in, a)
		}
	}
}

// TestTransportRefusesLoopback connects to a loopback server started here: refused by the
// safe policy at dial time, even through a name that resolves to it and through a
// redirect, and reached when private addresses are allowed.
func TestTransportRefusesLoopback(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect" {
			http.Redirect(w, r, r.URL.Query().Get("to"), http.StatusFound)
			return
		}
		fmt.Fprint(w, "internal secret")
	}))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())

	get := func(p *Policy, u string) (*http.Response, error) {
		client := &http.Client{Transport: p.Transport()}
		req, _ := http.NewRequestWithContext(context.Background(), "GET", u, nil)
		resp, err := client.Do(req)
		if resp != nil {
			resp.Body.Close()
		}
		return resp, err
	}

	// a name resolving to loopback is caught at dial time, after resolution
	for _, u := range []string{srv.URL + "/", "http://localhost:" + port + "/"} {
		_, err := get(Safe(), u)
		r, ok := IsRefused(err)
		if !ok {
			t.Fatalf("%s: want a refusal, got %v", u, err)
		}
		if r.Kind != KindLoopback {
			t.Errorf("%s: kind %s", u, r.Kind)
		}
		if !strings.Contains(err.Error(), "-"+AllowPrivateFlag) {
			t.Errorf("%s: message %q doesn't name the flag", u, err)
		}
	}

	resp, err := get(AllowingPrivate(true), srv.URL+"/")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("with private allowed: %v %v", resp, err)
	}

	// a redirect from an allowed server to a refused one is refused at its own dial: both
	// servers listen on loopback, so this dialer lets only the first one's port through
	first := httptest.NewServer(http.RedirectHandler(srv.URL+"/", http.StatusFound))
	defer first.Close()
	firstPort := netip.MustParseAddrPort(first.Listener.Addr().String()).Port()
	transport := Safe().Transport()
	transport.DialContext = (&net.Dialer{Control: func(network, address string, c syscall.RawConn) error {
		if ap, err := netip.ParseAddrPort(address); err == nil && ap.Port() == firstPort {
			return nil
		}
		return Safe().Control(network, address, c)
	}}).DialContext
	resp, err = (&http.Client{Transport: transport}).Get(first.URL + "/")
	if resp != nil {
		resp.Body.Close()
	}
	if _, ok := IsRefused(err); !ok {
		t.Fatalf("redirect hop to a refused address: want a refusal, got %v", err)
	}
}
