package fetch

import (
	"fmt"
	"net/netip"
	"strings"
)

// neverFetched are the cloud providers' metadata services: a link to one
// would hand the server's credentials to whoever pasted it. No allow-list
// entry opens them.
var neverFetched = map[netip.Addr]string{
	netip.MustParseAddr("169.254.169.254"): "AWS, GCP, Azure, OpenStack",
	netip.MustParseAddr("fd00:ec2::254"):   "AWS over IPv6",
	netip.MustParseAddr("168.63.129.16"):   "Azure",
	netip.MustParseAddr("100.100.100.200"): "Alibaba Cloud",
}

// notPublic lists the addresses that are not on the public internet, each
// with what it is for the refusal. The first prefix holding an address
// names it (so ::1 is loopback before it is IPv4-compatible).
var notPublic = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), "a “this network” address (0.0.0.0/8), which reaches this server"},
	{netip.MustParsePrefix("10.0.0.0/8"), "a private address"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a carrier-grade NAT address (100.64.0.0/10)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "a loopback address (this server itself)"},
	{netip.MustParsePrefix("169.254.0.0/16"), "a link-local address"},
	{netip.MustParsePrefix("172.16.0.0/12"), "a private address"},
	{netip.MustParsePrefix("192.0.0.0/24"), "an IETF protocol address"},
	{netip.MustParsePrefix("192.0.2.0/24"), "a documentation address"},
	{netip.MustParsePrefix("192.88.99.0/24"), "a 6to4 relay address"},
	{netip.MustParsePrefix("192.168.0.0/16"), "a private address"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking address"},
	{netip.MustParsePrefix("198.51.100.0/24"), "a documentation address"},
	{netip.MustParsePrefix("203.0.113.0/24"), "a documentation address"},
	{netip.MustParsePrefix("224.0.0.0/4"), "a multicast address"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved or broadcast address"},
	{netip.MustParsePrefix("::/128"), "the unspecified address, which reaches this server"},
	{netip.MustParsePrefix("::1/128"), "a loopback address (this server itself)"},
	{netip.MustParsePrefix("::/96"), "an IPv4-compatible address"},
	{netip.MustParsePrefix("64:ff9b::/96"), "a NAT64 address (it reaches IPv4 addresses through a gateway)"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "a local NAT64 address"},
	{netip.MustParsePrefix("100::/64"), "a discard-only address"},
	{netip.MustParsePrefix("2001::/32"), "a Teredo tunnel address"},
	{netip.MustParsePrefix("2001:db8::/32"), "a documentation address"},
	{netip.MustParsePrefix("2002::/16"), "a 6to4 address (it reaches IPv4 addresses through a relay)"},
	{netip.MustParsePrefix("fc00::/7"), "a private (unique local) address"},
	{netip.MustParsePrefix("fe80::/10"), "a link-local address"},
	{netip.MustParsePrefix("fec0::/10"), "a site-local address"},
	{netip.MustParsePrefix("ff00::/8"), "a multicast address"},
}

// notPublicReason says why ip (IPv4-mapped forms already unmapped) is not
// a public address, or "" when it is one.
func notPublicReason(ip netip.Addr) string {
	for _, n := range notPublic {
		if n.prefix.Contains(ip) {
			return n.what
		}
	}
	if !ip.IsGlobalUnicast() { // anything the table missed
		return "not a public unicast address"
	}
	return ""
}

// Allow is the allow-list of intranet sources (LANDSCAPE_FETCH_ALLOW):
// host names, which may then resolve to private addresses, and networks,
// whose addresses are fetched from whatever name.
type Allow struct {
	hosts   map[string]bool // lower case, no trailing dot
	domains []string        // "*.corp.example" as ".corp.example"
	nets    []netip.Prefix
}

// ParseAllow reads a list of host names ("wiki.corp.example", or
// "*.corp.example" for every name under it), addresses and CIDR networks
// ("10.20.0.0/16"), separated by commas or spaces.
func ParseAllow(s string) (Allow, error) {
	a := Allow{hosts: map[string]bool{}}
	for _, e := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		if p, err := netip.ParsePrefix(e); err == nil {
			a.nets = append(a.nets, p.Masked())
			continue
		}
		if ip, err := netip.ParseAddr(e); err == nil {
			ip = ip.Unmap()
			a.nets = append(a.nets, netip.PrefixFrom(ip, ip.BitLen()))
			continue
		}
		host := normalHost(e)
		if rest, ok := strings.CutPrefix(host, "*."); ok && validHost(rest) {
			a.domains = append(a.domains, "."+rest)
			continue
		}
		if !validHost(host) {
			return Allow{}, fmt.Errorf("LANDSCAPE_FETCH_ALLOW: %q is neither a host name (wiki.corp.example, *.corp.example), an address nor a network (10.20.0.0/16)", e)
		}
		a.hosts[host] = true
	}
	return a, nil
}

// host reports whether the host name is allowed.
func (a Allow) host(name string) bool {
	name = normalHost(name)
	if a.hosts[name] {
		return true
	}
	for _, d := range a.domains {
		if strings.HasSuffix(name, d) {
			return true
		}
	}
	return false
}

// addr reports whether ip is in an allowed network.
func (a Allow) addr(ip netip.Addr) bool {
	for _, n := range a.nets {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

func normalHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), ".")
}

func validHost(h string) bool {
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
				return false
			}
		}
	}
	return true
}

// check refuses to connect to ip for host (the name in the link, or the
// address itself): cloud metadata always; an address that is not public
// unless the host or the address is allowed.
func (a Allow) check(host string, ip netip.Addr) error {
	shown := ip.String()
	if ip.Is4In6() {
		ip = ip.Unmap()
		shown += " (IPv4-mapped " + ip.String() + ")"
	}
	ip = ip.WithZone("")
	subject := shown + " is"
	if _, err := netip.ParseAddr(host); err != nil { // a name, not an address
		subject = fmt.Sprintf("%s resolves to %s,", host, shown)
	}
	if who, ok := neverFetched[ip]; ok {
		return &Refusal{Reason: fmt.Sprintf("%s the cloud metadata service (%s): never fetched", subject, who)}
	}
	if a.host(host) || a.addr(ip) {
		return nil
	}
	if why := notPublicReason(ip); why != "" {
		return &Refusal{Reason: fmt.Sprintf("%s %s: only public addresses are fetched (an intranet source can be allowed with LANDSCAPE_FETCH_ALLOW)", subject, why)}
	}
	return nil
}
