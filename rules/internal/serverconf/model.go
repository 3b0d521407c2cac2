// Package serverconf models serverConf.xml and config-<instance>.xml:
// security zones, sub-networks, proxies, relay rules, and the facts the
// CONF, SEC, JSSP, JS and SQL rules read across files.
package serverconf

import (
	"net/netip"
	"path"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// This file models serverConf.xml and config-<instance>.xml for the CONF,
// SEC and JSSP rules: security zones with their sub-networks and proxies,
// relay rules, and the facts a scan needs to judge one file against the
// others of the same server (an instance file adds sub-networks to the
// zones of serverConf.xml, and a JSSP is only reachable over HTTP if some
// relay rule of the scan allows it).

// ConfSchemas are the entity schemas of server configuration files
// (serverConf.xml and config-<instance>.xml, whatever the case of the root).
var ConfSchemas = []string{acc.SchemaServerConf}

// True reads a serverConf boolean ("true", "1").
func True(v string) bool {
	v = strings.TrimSpace(v)
	return strings.EqualFold(v, "true") || v == "1"
}

// zoneFlags are the securityZone attributes that, set to true, reduce
// security ("In a zone definition, each attribute with the true value
// reduces security").
var zoneFlags = []string{"allowDebug", "allowEmptyPassword", "allowHTTP", "allowSQLInjection",
	"allowUserPassword", "sessionTokenOnly", "showErrors"}

// A Mask is a sub-network mask or a proxy address: "*", an address, a
// CIDR prefix (possibly not canonical, as the documented 127.0.0.1/16) or a
// dotted pattern with trailing wildcards (192.168.*.*).
type Mask struct {
	Raw    string
	All    bool // every address: "*" or a /0 prefix
	Ok     bool // prefix is valid
	prefix netip.Prefix
}

func parseMask(s string) Mask {
	m := Mask{Raw: strings.TrimSpace(s)}
	v := m.Raw
	switch {
	case v == "":
		return m
	case strings.Trim(v, "*.") == "" || v == "*":
		m.All = true
		return m
	case strings.Contains(v, "/"):
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return m
		}
		m.prefix, m.Ok = p.Masked(), true
	case strings.Contains(v, "*"):
		parts := strings.Split(v, ".")
		if len(parts) > 4 {
			return m
		}
		var b [4]byte
		bits := 0
		for i, part := range parts {
			if part == "*" {
				for _, rest := range parts[i:] {
					if rest != "*" {
						return m
					}
				}
				break
			}
			n, err := strconv.Atoi(part)
			if err != nil || n < 0 || n > 255 {
				return m
			}
			b[i] = byte(n)
			bits += 8
		}
		m.prefix, m.Ok = netip.PrefixFrom(netip.AddrFrom4(b), bits), true
	default:
		a, err := netip.ParseAddr(v)
		if err != nil {
			return m
		}
		m.prefix, m.Ok = netip.PrefixFrom(a, a.BitLen()), true
	}
	if m.Ok && m.prefix.Bits() == 0 {
		m.All = true
	}
	return m
}

// nonPublic are the ranges that are not reachable from the Internet:
// RFC 1918 private networks, loopback, link-local, carrier-grade NAT, and
// their IPv6 counterparts.
var nonPublic = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("fc00::/7"), netip.MustParsePrefix("fe80::/10"),
}

// Public reports whether the mask holds Internet addresses. Unreadable
// masks are not judged.
func (m Mask) Public() bool {
	if m.All {
		return true
	}
	if !m.Ok {
		return false
	}
	for _, r := range nonPublic {
		if r.Addr().Is4() == m.prefix.Addr().Is4() && m.prefix.Bits() >= r.Bits() && r.Contains(m.prefix.Addr()) {
			return false
		}
	}
	return true
}

// Broad reports whether the mask opens the zone to a large part of the
// Internet: every address, or a public IPv4 block larger than a /16 (IPv6:
// larger than a /32, an ISP allocation).
func (m Mask) Broad() bool {
	if m.All {
		return true
	}
	if !m.Public() {
		return false
	}
	if m.prefix.Addr().Is4() {
		return m.prefix.Bits() < 16
	}
	return m.prefix.Bits() < 32
}

// Narrow reports whether the mask names a host or a small network (IPv4 /24
// or smaller, IPv6 /64 or smaller): the documented shape of the dedicated
// zones of Message Center event sources or monitoring hosts.
func (m Mask) Narrow() bool {
	if m.All || !m.Ok {
		return false
	}
	if m.prefix.Addr().Is4() {
		return m.prefix.Bits() >= 24
	}
	return m.prefix.Bits() >= 64
}

func (m Mask) Contains(a netip.Addr) bool {
	if m.All {
		return true
	}
	return m.Ok && m.prefix.Contains(a)
}

// proxyList reads a proxy attribute ("127.0.0.1, ::1").
func proxyList(v string) []Mask {
	var out []Mask
	for _, part := range strings.Split(v, ",") {
		if strings.TrimSpace(part) != "" {
			out = append(out, parseMask(part))
		}
	}
	return out
}

func ListCovers(list []Mask, a netip.Addr) bool {
	for _, m := range list {
		if m.Contains(a) {
			return true
		}
	}
	return false
}

// A zone is a securityZone element. Zones nest: a nested zone holds
// fewer addresses and more rights, and the rights of a zone apply to the
// addresses of its descendants too.
type zone struct {
	El       *xmltree.Element
	Name     string
	Path     string // names from the top zone, "public/vpn/lan"
	Depth    int
	parent   *zone
	children []*zone
	Subnets  []*subnet
}

// A subnet is a subNetwork element of a zone.
type subnet struct {
	El      *xmltree.Element
	zone    *zone
	Mask    Mask
	Proxies []Mask
}

// Name names the sub-network: name, or id in instance files.
func (s *subnet) Name() string {
	if n := s.El.AttrValue("name"); n != "" {
		return n
	}
	return s.El.AttrValue("id")
}

// Label names the zone for messages: `"lan" (Private Network (LAN))`.
func (z *zone) Label() string {
	s := strconv.Quote(z.Name)
	if l := z.El.AttrValue("label"); l != "" {
		s += " (" + l + ")"
	}
	return s
}

// Privileged reports whether the zone grants more than the Internet at
// large gets: a nested zone, or a zone with a security-reducing flag.
func (z *zone) Privileged() bool {
	if z.Depth > 0 {
		return true
	}
	for _, f := range zoneFlags {
		if True(z.El.AttrValue(f)) {
			return true
		}
	}
	return false
}

// Zones returns the security zones of a server configuration in
// document order.
func Zones(root *xmltree.Element) []*zone {
	var out []*zone
	byEl := map[*xmltree.Element]*zone{}
	enclosing := func(el *xmltree.Element) *zone {
		for p := el.Parent; p != nil; p = p.Parent {
			if z := byEl[p]; z != nil {
				return z
			}
		}
		return nil
	}
	root.Walk(func(el *xmltree.Element) bool {
		switch el.LocalName() {
		case "securityZone":
			z := &zone{El: el, Name: el.AttrValue("name"), parent: enclosing(el)}
			if z.Name == "" {
				z.Name = "(unnamed)"
			}
			z.Path = z.Name
			if z.parent != nil {
				z.Depth = z.parent.Depth + 1
				z.Path = z.parent.Path + "/" + z.Name
				z.parent.children = append(z.parent.children, z)
			}
			byEl[el] = z
			out = append(out, z)
		case "subNetwork", "subnetwork":
			if z := enclosing(el); z != nil {
				s := &subnet{El: el, zone: z, Mask: parseMask(el.AttrValue("mask")),
					Proxies: proxyList(el.AttrValue("proxy"))}
				z.Subnets = append(z.Subnets, s)
			}
		}
		return true
	})
	return out
}

// Server configuration files are grouped by directory: serverConf.xml and
// config-<instance>.xml of one conf/ folder describe one server. Files of
// a group relate as the server merges them: serverConf.xml and
// config-default.xml apply to every instance, config-<instance>.xml to its
// instance only.

func Dir(file string) string { return path.Dir(strings.ReplaceAll(file, "\\", "/")) }

func Base(file string) string { return path.Base(strings.ReplaceAll(file, "\\", "/")) }

// instanceFile reports whether a configuration file is specific to one
// instance.
func instanceFile(base string) bool {
	b := strings.ToLower(base)
	return strings.HasPrefix(b, "config-") && b != "config-default.xml"
}

// related reports whether the settings of file b apply together with
// those of file a (same group assumed).
func related(a, b string) bool {
	return a == b || !instanceFile(a) || !instanceFile(b)
}

// MaskList formats masks for a message.
func MaskList(ms []Mask) string {
	var parts []string
	seen := map[string]bool{}
	for _, m := range ms {
		if !seen[m.Raw] {
			seen[m.Raw] = true
			parts = append(parts, m.Raw)
		}
	}
	if len(parts) > 4 {
		parts = append(parts[:4], "…")
	}
	return strings.Join(parts, ", ")
}

// ZoneAttr returns a true-valued flag attribute of a zone, or nil.
func ZoneAttr(z *zone, flag string) *xmltree.Attr {
	if a := z.El.AttrNode(flag); a != nil && True(a.Value) {
		return a
	}
	return nil
}

// Glob matches a relay urlPath mask ('*' any sequence, '?' one byte)
// against a URL path.
func Glob(pattern, s string) bool {
	// Iterative wildcard matching with backtracking on the last '*'.
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
