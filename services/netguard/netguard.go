// Package netguard decides which network addresses the engine's outbound requests may
// reach, so that flows written by strangers cannot use webhooks to read internal services
// (server-side request forgery).
//
// A Policy is checked twice. Before a request is sent, CheckURL refuses schemes other than
// http and https, hosts on the deny list (and their subdomains), and hosts written as
// refused IP addresses, including the decimal, hexadecimal and octal spellings some
// resolvers accept. At dial time, the Control function of the Dialer checks the IP address
// the connection is actually made to, after name resolution: a name that resolves to
// 127.0.0.1, a DNS answer that changes between two lookups and every redirect hop are all
// caught there, because nothing is connected without passing through it.
//
// Refused unless allowed: loopback, private (RFC 1918), link-local, carrier-grade NAT,
// multicast, unspecified and reserved IPv4 ranges; IPv6 loopback, unspecified, link-local,
// site-local, unique-local, multicast, discard and documentation ranges; IPv4 addresses
// carried inside IPv6 (mapped, compatible, NAT64, 6to4, Teredo) are checked as the IPv4
// address they carry. AllowPrivate lets local development reach loopback and private
// networks; cloud metadata addresses stay refused unless listed in Allow.
package netguard

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// AllowPrivateFlag is the name of the command-line flag with which commands allow private
// addresses; refusals name it so that whoever meets one knows how to lift it deliberately.
const AllowPrivateFlag = "allow-private-hosts"

// Kind says why an address is refused.
type Kind string

// The kinds of refused addresses.
const (
	KindLoopback    Kind = "loopback"
	KindPrivate     Kind = "private"
	KindLinkLocal   Kind = "link-local"
	KindCGNAT       Kind = "carrier-grade NAT"
	KindUniqueLocal Kind = "unique-local"
	KindMetadata    Kind = "cloud metadata"
	KindMulticast   Kind = "multicast"
	KindUnspecified Kind = "unspecified"
	KindReserved    Kind = "reserved"
	KindDeniedHost  Kind = "denied host"
	KindScheme      Kind = "scheme"
	KindSpelling    Kind = "non-standard address spelling"
)

// allowedByPrivate are the kinds that AllowPrivate lets through: what a developer's own
// machine and network use. Metadata, multicast, unspecified and reserved addresses are
// never reached through AllowPrivate.
var allowedByPrivate = map[Kind]bool{
	KindLoopback: true, KindPrivate: true, KindLinkLocal: true, KindCGNAT: true, KindUniqueLocal: true,
}

type rangeKind struct {
	prefix netip.Prefix
	kind   Kind
}

// metadataAddrs are the instance metadata services of the common clouds. Each lies inside
// a refused range too; they are named so that AllowPrivate does not open them.
var metadataAddrs = []netip.Addr{
	netip.MustParseAddr("169.254.169.254"), // AWS, GCP, Azure, OpenStack, DigitalOcean
	netip.MustParseAddr("169.254.170.2"),   // AWS ECS task metadata
	netip.MustParseAddr("100.100.100.200"), // Alibaba Cloud
	netip.MustParseAddr("192.0.0.192"),     // Oracle Cloud
	netip.MustParseAddr("fd00:ec2::254"),   // AWS over IPv6
}

// v4Ranges are the refused IPv4 ranges, from the IANA special-purpose registry.
var v4Ranges = []rangeKind{
	{netip.MustParsePrefix("0.0.0.0/8"), KindUnspecified},
	{netip.MustParsePrefix("10.0.0.0/8"), KindPrivate},
	{netip.MustParsePrefix("100.64.0.0/10"), KindCGNAT},
	{netip.MustParsePrefix("127.0.0.0/8"), KindLoopback},
	{netip.MustParsePrefix("169.254.0.0/16"), KindLinkLocal},
	{netip.MustParsePrefix("172.16.0.0/12"), KindPrivate},
	{netip.MustParsePrefix("192.0.0.0/24"), KindReserved},
	{netip.MustParsePrefix("192.0.2.0/24"), KindReserved},
	{netip.MustParsePrefix("192.88.99.0/24"), KindReserved},
	{netip.MustParsePrefix("192.168.0.0/16"), KindPrivate},
	{netip.MustParsePrefix("198.18.0.0/15"), KindReserved},
	{netip.MustParsePrefix("198.51.100.0/24"), KindReserved},
	{netip.MustParsePrefix("203.0.113.0/24"), KindReserved},
	{netip.MustParsePrefix("224.0.0.0/4"), KindMulticast},
	{netip.MustParsePrefix("240.0.0.0/4"), KindReserved},
}

// v6Ranges are the refused IPv6 ranges. Ranges that carry an IPv4 address are handled by
// embeddedV4 before these are looked at.
var v6Ranges = []rangeKind{
	{netip.MustParsePrefix("::/128"), KindUnspecified},
	{netip.MustParsePrefix("::1/128"), KindLoopback},
	{netip.MustParsePrefix("64:ff9b:1::/48"), KindPrivate},
	{netip.MustParsePrefix("100::/64"), KindReserved},
	{netip.MustParsePrefix("2001:db8::/32"), KindReserved},
	{netip.MustParsePrefix("3fff::/20"), KindReserved},
	{netip.MustParsePrefix("fc00::/7"), KindUniqueLocal},
	{netip.MustParsePrefix("fe80::/10"), KindLinkLocal},
	{netip.MustParsePrefix("fec0::/10"), KindLinkLocal},
	{netip.MustParsePrefix("ff00::/8"), KindMulticast},
}

var (
	compatible = netip.MustParsePrefix("::/96")
	nat64      = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour  = netip.MustParsePrefix("2002::/16")
	teredo     = netip.MustParsePrefix("2001::/32")
)

// embeddedV4 returns the IPv4 address an IPv6 address carries, if it carries one.
func embeddedV4(a netip.Addr) (netip.Addr, bool) {
	if a.Is4In6() {
		return a.Unmap(), true
	}
	b := a.As16()
	switch {
	case compatible.Contains(a) && a != netip.IPv6Unspecified() && a != netip.IPv6Loopback():
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case nat64.Contains(a):
		return netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]}), true
	case sixToFour.Contains(a):
		return netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]}), true
	case teredo.Contains(a):
		// the client's address, stored with its bits inverted
		return netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]}), true
	}
	return netip.Addr{}, false
}

// Classify returns the kind of a refused address, or "" for an address on the public
// internet. Addresses carried inside IPv6 are classified as the IPv4 address they carry.
func Classify(a netip.Addr) Kind {
	a = a.WithZone("")
	for _, m := range metadataAddrs {
		if a == m || (a.Is4In6() && a.Unmap() == m) {
			return KindMetadata
		}
	}
	if a.Is6() {
		if v4, ok := embeddedV4(a); ok {
			return Classify(v4)
		}
		for _, r := range v6Ranges {
			if r.prefix.Contains(a) {
				return r.kind
			}
		}
		return ""
	}
	for _, r := range v4Ranges {
		if r.prefix.Contains(a) {
			return r.kind
		}
	}
	if a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return KindReserved
	}
	return ""
}

// RefusedError is returned for a request or connection the policy refuses.
type RefusedError struct {
	// Host is the host as the URL names it, or the address dialled.
	Host string
	// Addr is the refused IP address, when the refusal is about one.
	Addr netip.Addr
	Kind Kind
	// Hint says how the refusal could be lifted, when it can be.
	Hint string
}

// Error says what was refused and why, and how to allow it when that is possible.
func (e *RefusedError) Error() string { return "refused to connect: " + e.Reason() }

// Reason says why the request was refused, and how to allow it when that is possible:
// "127.0.0.1 is a loopback address (private addresses are refused unless ...)".
func (e *RefusedError) Reason() string {
	var what string
	switch e.Kind {
	case KindDeniedHost:
		what = fmt.Sprintf("host %s is on the deny list", e.Host)
	case KindScheme:
		what = fmt.Sprintf("scheme '%s' is not http or https", e.Host)
	case KindSpelling:
		what = fmt.Sprintf("host %s is an IP address in a non-standard spelling", e.Host)
	default:
		if e.Host != "" && e.Host != e.Addr.String() {
			what = fmt.Sprintf("host %s resolves to %s, a %s address", e.Host, e.Addr, e.Kind)
		} else {
			what = fmt.Sprintf("%s is a %s address", e.Addr, e.Kind)
		}
	}
	if e.Hint != "" {
		what += " (" + e.Hint + ")"
	}
	return what
}

// IsRefused reports whether err is, or wraps, a refusal of the policy.
func IsRefused(err error) (*RefusedError, bool) {
	var r *RefusedError
	if errors.As(err, &r) {
		return r, true
	}
	return nil, false
}

// DefaultDeniedHosts are names refused whatever they resolve to: the metadata services
// reached by name.
func DefaultDeniedHosts() []string {
	return []string{"metadata.google.internal", "metadata.goog", "metadata"}
}

// Policy says which hosts and addresses outbound requests may reach. The zero value is
// the safe policy: every refused range refused, no host denied by name.
type Policy struct {
	// AllowPrivate lets loopback, private, link-local, carrier-grade NAT and unique-local
	// addresses through, for local development. Metadata addresses stay refused.
	AllowPrivate bool
	// Allow lists networks that are reached even though a range refuses them, e.g. one
	// internal service a deployment means its flows to call.
	Allow []netip.Prefix
	// DeniedHosts are refused by name, with their subdomains: "example.com" refuses
	// "api.example.com" and "example.com." too.
	DeniedHosts []string
	// Unchecked turns every check off. It is meant for stand-in transports that never
	// connect, like the mocks of recorded sessions, whose URLs name hosts such as localhost.
	Unchecked bool
}

// Unchecked returns the policy that checks nothing, for stand-in transports only.
func Unchecked() *Policy { return &Policy{Unchecked: true} }

// Safe returns the default policy: nothing private reachable, the metadata names denied.
func Safe() *Policy { return &Policy{DeniedHosts: DefaultDeniedHosts()} }

// AllowingPrivate returns the safe policy with private addresses allowed, or the safe
// policy itself when allow is false: what a command builds from its AllowPrivateFlag.
func AllowingPrivate(allow bool) *Policy {
	p := Safe()
	p.AllowPrivate = allow
	return p
}

func (p *Policy) hint(k Kind) string {
	if allowedByPrivate[k] && !p.AllowPrivate {
		return fmt.Sprintf("private addresses are refused unless allowed with -%s", AllowPrivateFlag)
	}
	return ""
}

// CheckAddr returns a RefusedError when the policy refuses to connect to a; host is how
// the request named it, for the message.
func (p *Policy) CheckAddr(host string, a netip.Addr) error {
	if p.Unchecked {
		return nil
	}
	a = a.WithZone("")
	kind := Classify(a)
	if kind == "" {
		return nil
	}
	for _, allowed := range p.Allow {
		if allowed.Contains(a) || (a.Is4In6() && allowed.Contains(a.Unmap())) {
			return nil
		}
	}
	if p.AllowPrivate && allowedByPrivate[kind] {
		return nil
	}
	return &RefusedError{Host: host, Addr: a, Kind: kind, Hint: p.hint(kind)}
}

// HostDenied reports whether host is one of denied or a subdomain of one, compared without
// case and trailing dots.
func HostDenied(host string, denied []string) bool {
	host = normalizeHost(host)
	for _, d := range denied {
		d = normalizeHost(d)
		if d == "" {
			continue
		}
		if host == d || strings.HasSuffix(host, "."+d) {
			return true
		}
	}
	return false
}

func normalizeHost(h string) string {
	return strings.TrimRight(strings.ToLower(strings.TrimSpace(h)), ".")
}

// CheckURL refuses what can be refused before resolving any name: a scheme other than
// http or https, a denied host, a host that is a refused IP address, or one spelled in a
// form only some resolvers read as an address (2130706433, 0x7f.1, 0177.0.0.1).
// Names such as "localhost" are refused here too, since every resolver maps them to
// loopback. The dial-time check covers every other name.
func (p *Policy) CheckURL(u *url.URL) error {
	if p.Unchecked {
		return nil
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return &RefusedError{Host: u.Scheme, Kind: KindScheme}
	}
	host := normalizeHost(u.Hostname())
	if HostDenied(host, p.DeniedHosts) {
		return &RefusedError{Host: host, Kind: KindDeniedHost}
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return p.CheckAddr(host, a)
	}
	if a, ok := parseLooseIPv4(host); ok {
		if err := p.CheckAddr(host, a); err != nil {
			return err
		}
		return &RefusedError{Host: host, Kind: KindSpelling}
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return p.CheckAddr(host, netip.IPv6Loopback())
	}
	return nil
}

// parseLooseIPv4 reads the IPv4 spellings of inet_aton: one to four parts, each decimal,
// octal (leading 0) or hexadecimal (leading 0x), the last filling the remaining bytes.
func parseLooseIPv4(s string) (netip.Addr, bool) {
	if s == "" {
		return netip.Addr{}, false
	}
	parts := strings.Split(s, ".")
	if len(parts) > 4 {
		return netip.Addr{}, false
	}
	vals := make([]uint64, len(parts))
	for i, part := range parts {
		base := 10
		digits := part
		switch {
		case strings.HasPrefix(part, "0x") || strings.HasPrefix(part, "0X"):
			base, digits = 16, part[2:]
		case len(part) > 1 && part[0] == '0':
			base, digits = 8, part[1:]
		}
		if digits == "" && base != 16 {
			return netip.Addr{}, false
		}
		if digits == "" {
			vals[i] = 0
			continue
		}
		v, err := strconv.ParseUint(digits, base, 32)
		if err != nil {
			return netip.Addr{}, false
		}
		vals[i] = v
	}
	var n uint64
	last := len(vals) - 1
	for i := 0; i < last; i++ {
		if vals[i] > 255 {
			return netip.Addr{}, false
		}
		n |= vals[i] << (8 * (3 - i))
	}
	if vals[last] >= 1<<(8*(4-last)) {
		return netip.Addr{}, false
	}
	n |= vals[last]
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}), true
}

// Control is a net.Dialer Control function: it refuses a connection to an address the
// policy refuses, after resolution and for every connection made, redirects included.
func (p *Policy) Control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("refused to connect: unreadable address '%s'", address)
	}
	a, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("refused to connect: unreadable address '%s'", address)
	}
	return p.CheckAddr(host, a)
}

// Dialer returns a dialer whose every connection passes the policy.
func (p *Policy) Dialer(timeout time.Duration) *net.Dialer {
	return &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: p.Control}
}

// Transport returns an HTTP transport that connects only where the policy allows. It uses
// no proxy from the environment: a proxy would make the connection on the flow's behalf
// where no check can see it.
func (p *Policy) Transport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = p.Dialer(30 * time.Second).DialContext
	return t
}
