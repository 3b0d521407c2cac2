// Package serverconf models serverConf.xml and config-<instance>.xml:
// security zones, sub-networks, proxies, relay rules, and the facts the
// CONF, SEC, JSSP, JS and SQL rules read across files.
package serverconf

import (
	"net/netip"
	"path"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
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

// Fact kinds recorded by srvConfCollector. Keys start with the group
// directory and a NUL.
const (
	FactFile      = "srv.file"      // dir → base names
	FactSubnet    = "srv.subnet"    // dir\0zonePath → base\0mask
	FactZone      = "srv.zone"      // zone name → dir
	FactZoneIn    = "srv.zoneIn"    // dir → zone names
	FactFlag      = "srv.flag"      // flag name → dir\0zonePath\0base
	FactProxy     = "srv.proxy"     // dir → proxy address
	FactRelayOn   = "srv.relayOn"   // dir → base (relay module explicitly started)
	FactRelayOff  = "srv.relayOff"  // dir → base (relay module explicitly stopped)
	FactRelayURL  = "srv.relayURL"  // dir → base\0ordinal\0line\0urlPath\0httpAllowed\0deny\0IPMask
	FactHTTPAll   = "srv.httpAll"   // dir → zone path allowing HTTP for every address
	FactInternal  = "srv.internal"  // dir → "set" when an internal password is configured
	FactTrackLogd = "srv.trackLogd" // dir → base when trackinglogd autoStart="true"
	FactNoRedir   = "srv.noRedir"   // dir → base when the redirection service is stopped
)

// Collector records the facts of every server configuration file,
// whatever rules run.
var Collector = audit.Collector{
	Name:    "server-configuration",
	Schemas: ConfSchemas,
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		dir, base := Dir(u.File), Base(u.File)
		root := u.Entity.Root
		rec.Record(FactFile, dir, base)
		for _, z := range Zones(root) {
			rec.Record(FactZone, z.Name, dir)
			rec.Record(FactZoneIn, dir, z.Name)
			for _, f := range zoneFlags {
				if True(z.El.AttrValue(f)) {
					rec.Record(FactFlag, f, dir+"\x00"+z.Path+"\x00"+base)
				}
			}
			for _, s := range z.Subnets {
				rec.Record(FactSubnet, dir+"\x00"+z.Path, base+"\x00"+s.Mask.Raw)
				for _, p := range s.Proxies {
					if p.Ok && !p.All {
						rec.Record(FactProxy, dir, p.prefix.Addr().String())
					}
				}
				if s.Mask.All && True(z.El.AttrValue("allowHTTP")) {
					rec.Record(FactHTTPAll, dir, z.Path)
				}
			}
		}
		ordinal := 0
		root.Walk(func(el *xmltree.Element) bool {
			switch el.LocalName() {
			case "relay":
				if el.Parent != nil && el.Parent.LocalName() == "web" {
					if True(el.AttrValue("startRelay")) || True(el.AttrValue("startRelayInModule")) {
						rec.Record(FactRelayOn, dir, base)
					} else if v, ok := el.Attr("startRelayInModule"); ok && !True(v) {
						rec.Record(FactRelayOff, dir, base)
					}
				}
			case "url":
				if el.Parent != nil && el.Parent.LocalName() == "relay" {
					line, _ := u.Loc.Position(el.Start)
					rec.Record(FactRelayURL, dir, strings.Join([]string{base, srvOrdinal(ordinal), strconv.Itoa(line),
						el.AttrValue("urlPath"), el.AttrValue("httpAllowed"), el.AttrValue("deny"), el.AttrValue("IPMask")}, "\x00"))
					ordinal++
				}
			case "xtk":
				if el.Parent != nil && el.Parent.LocalName() == "authentication" && strings.TrimSpace(el.AttrValue("internalPassword")) != "" {
					rec.Record(FactInternal, dir, "set")
				}
			case "trackinglogd":
				if True(el.AttrValue("autoStart")) {
					rec.Record(FactTrackLogd, dir, base)
				}
			case "redirection":
				if v, ok := el.Attr("startRedirection"); ok && !True(v) {
					rec.Record(FactNoRedir, dir, base)
				}
			}
			return true
		})
	},
}

// srvOrdinal keeps relay rules sortable as strings.
func srvOrdinal(n int) string {
	s := strconv.Itoa(n)
	return strings.Repeat("0", max(0, 6-len(s))) + s
}

// GroupMasks returns the sub-network masks that a zone flag set in file
// base of group dir applies to: the masks of the zone and of its
// descendants, in every related file of the group.
func GroupMasks(ix *audit.Index, dir, zonePath, base string) []Mask {
	var out []Mask
	prefix := dir + "\x00"
	for _, k := range ix.FactKeys(FactSubnet) {
		zp, ok := strings.CutPrefix(k, prefix)
		if !ok || (zp != zonePath && !strings.HasPrefix(zp, zonePath+"/")) {
			continue
		}
		for _, v := range ix.Facts(FactSubnet, k) {
			b, mask, _ := strings.Cut(v, "\x00")
			if related(base, b) {
				out = append(out, parseMask(mask))
			}
		}
	}
	return out
}

// RelayActive reports whether the web relay runs in a group: it starts
// within the web server by default (startRelayInModule="true").
func RelayActive(ix *audit.Index, dir string) bool {
	return ix.HasFact(FactRelayOn, dir) || !ix.HasFact(FactRelayOff, dir)
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
