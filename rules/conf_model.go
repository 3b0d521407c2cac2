package rules

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

// Risk areas of the server configuration and web families.
const (
	srvCatServerConf = "Server configuration"
	srvCatSecurity   = "Authentication and sessions"
	srvCatWebApps    = "Web applications and JSSP"
)

// Documentation pages cited by these families.
const (
	srvDocZones        = docBase + "installation/using/security-zones.md"
	srvDocZonesRecs    = docBase + "installation/using/security-zones.md#recommendations"
	srvDocZonesProxies = docBase + "installation/using/security-zones.md#sub-networks-and-proxies-in-a-security-zone"
	srvDocServerRelay  = docBase + "installation/using/server-configuration.md#relay"
	srvDocURLPerm      = docBase + "installation/using/url-permissions.md"
	srvDocMigSecurity  = docBase + "migration/using/general-configurations.md#security-zones"
	srvDocMigPasswords = docBase + "migration/using/general-configurations.md#user-passwords"
	srvDocMigNew       = docBase + "migration/using/general-configurations.md#new-features-in-v7"
	srvDocMigToken     = docBase + "migration/using/general-configurations.md#sessiontoken-parameter"
	srvDocMigIdentWeb  = docBase + "migration/using/general-configurations.md#identified-web-applications"
	srvDocMigAnonWeb   = docBase + "migration/using/general-configurations.md#anonymous-web-applications"
	srvDocMigJSSP      = docBase + "migration/using/general-configurations.md#jssp"
	srvDocMigPlatform  = docBase + "migration/using/configuring-your-platform.md"
	srvDocMigLinux     = docBase + "migration/using/migrating-in-linux-for-adobe-campaign-v7.md"
	srvDocAccessMgmt   = docBase + "installation/using/access-management.md#access-management"
	srvDocPublishForm  = docBase + "web/using/publishing-a-web-form.md#import-web-packages"
)

// srvConfSchemas are the entity schemas of server configuration files
// (serverConf.xml and config-<instance>.xml, whatever the case of the root).
var srvConfSchemas = []string{acc.SchemaServerConf}

// srvTrue reads a serverConf boolean ("true", "1").
func srvTrue(v string) bool {
	v = strings.TrimSpace(v)
	return strings.EqualFold(v, "true") || v == "1"
}

// srvZoneFlags are the securityZone attributes that, set to true, reduce
// security ("In a zone definition, each attribute with the true value
// reduces security").
var srvZoneFlags = []string{"allowDebug", "allowEmptyPassword", "allowHTTP", "allowSQLInjection",
	"allowUserPassword", "sessionTokenOnly", "showErrors"}

// A srvMask is a sub-network mask or a proxy address: "*", an address, a
// CIDR prefix (possibly not canonical, as the documented 127.0.0.1/16) or a
// dotted pattern with trailing wildcards (192.168.*.*).
type srvMask struct {
	raw    string
	all    bool // every address: "*" or a /0 prefix
	ok     bool // prefix is valid
	prefix netip.Prefix
}

func srvParseMask(s string) srvMask {
	m := srvMask{raw: strings.TrimSpace(s)}
	v := m.raw
	switch {
	case v == "":
		return m
	case strings.Trim(v, "*.") == "" || v == "*":
		m.all = true
		return m
	case strings.Contains(v, "/"):
		p, err := netip.ParsePrefix(v)
		if err != nil {
			return m
		}
		m.prefix, m.ok = p.Masked(), true
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
		m.prefix, m.ok = netip.PrefixFrom(netip.AddrFrom4(b), bits), true
	default:
		a, err := netip.ParseAddr(v)
		if err != nil {
			return m
		}
		m.prefix, m.ok = netip.PrefixFrom(a, a.BitLen()), true
	}
	if m.ok && m.prefix.Bits() == 0 {
		m.all = true
	}
	return m
}

// srvNonPublic are the ranges that are not reachable from the Internet:
// RFC 1918 private networks, loopback, link-local, carrier-grade NAT, and
// their IPv6 counterparts.
var srvNonPublic = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"), netip.MustParsePrefix("127.0.0.0/8"),
	netip.MustParsePrefix("169.254.0.0/16"), netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("fc00::/7"), netip.MustParsePrefix("fe80::/10"),
}

// public reports whether the mask holds Internet addresses. Unreadable
// masks are not judged.
func (m srvMask) public() bool {
	if m.all {
		return true
	}
	if !m.ok {
		return false
	}
	for _, r := range srvNonPublic {
		if r.Addr().Is4() == m.prefix.Addr().Is4() && m.prefix.Bits() >= r.Bits() && r.Contains(m.prefix.Addr()) {
			return false
		}
	}
	return true
}

// broad reports whether the mask opens the zone to a large part of the
// Internet: every address, or a public IPv4 block larger than a /16 (IPv6:
// larger than a /32, an ISP allocation).
func (m srvMask) broad() bool {
	if m.all {
		return true
	}
	if !m.public() {
		return false
	}
	if m.prefix.Addr().Is4() {
		return m.prefix.Bits() < 16
	}
	return m.prefix.Bits() < 32
}

// narrow reports whether the mask names a host or a small network (IPv4 /24
// or smaller, IPv6 /64 or smaller): the documented shape of the dedicated
// zones of Message Center event sources or monitoring hosts.
func (m srvMask) narrow() bool {
	if m.all || !m.ok {
		return false
	}
	if m.prefix.Addr().Is4() {
		return m.prefix.Bits() >= 24
	}
	return m.prefix.Bits() >= 64
}

func (m srvMask) contains(a netip.Addr) bool {
	if m.all {
		return true
	}
	return m.ok && m.prefix.Contains(a)
}

// srvProxyList reads a proxy attribute ("127.0.0.1, ::1").
func srvProxyList(v string) []srvMask {
	var out []srvMask
	for _, part := range strings.Split(v, ",") {
		if strings.TrimSpace(part) != "" {
			out = append(out, srvParseMask(part))
		}
	}
	return out
}

func srvListCovers(list []srvMask, a netip.Addr) bool {
	for _, m := range list {
		if m.contains(a) {
			return true
		}
	}
	return false
}

// A srvZone is a securityZone element. Zones nest: a nested zone holds
// fewer addresses and more rights, and the rights of a zone apply to the
// addresses of its descendants too.
type srvZone struct {
	el       *xmltree.Element
	name     string
	path     string // names from the top zone, "public/vpn/lan"
	depth    int
	parent   *srvZone
	children []*srvZone
	subnets  []*srvSubnet
}

// A srvSubnet is a subNetwork element of a zone.
type srvSubnet struct {
	el      *xmltree.Element
	zone    *srvZone
	mask    srvMask
	proxies []srvMask
}

// name names the sub-network: name, or id in instance files.
func (s *srvSubnet) name() string {
	if n := s.el.AttrValue("name"); n != "" {
		return n
	}
	return s.el.AttrValue("id")
}

// label names the zone for messages: `"lan" (Private Network (LAN))`.
func (z *srvZone) label() string {
	s := strconv.Quote(z.name)
	if l := z.el.AttrValue("label"); l != "" {
		s += " (" + l + ")"
	}
	return s
}

// privileged reports whether the zone grants more than the Internet at
// large gets: a nested zone, or a zone with a security-reducing flag.
func (z *srvZone) privileged() bool {
	if z.depth > 0 {
		return true
	}
	for _, f := range srvZoneFlags {
		if srvTrue(z.el.AttrValue(f)) {
			return true
		}
	}
	return false
}

// srvZones returns the security zones of a server configuration in
// document order.
func srvZones(root *xmltree.Element) []*srvZone {
	var out []*srvZone
	byEl := map[*xmltree.Element]*srvZone{}
	enclosing := func(el *xmltree.Element) *srvZone {
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
			z := &srvZone{el: el, name: el.AttrValue("name"), parent: enclosing(el)}
			if z.name == "" {
				z.name = "(unnamed)"
			}
			z.path = z.name
			if z.parent != nil {
				z.depth = z.parent.depth + 1
				z.path = z.parent.path + "/" + z.name
				z.parent.children = append(z.parent.children, z)
			}
			byEl[el] = z
			out = append(out, z)
		case "subNetwork", "subnetwork":
			if z := enclosing(el); z != nil {
				s := &srvSubnet{el: el, zone: z, mask: srvParseMask(el.AttrValue("mask")),
					proxies: srvProxyList(el.AttrValue("proxy"))}
				z.subnets = append(z.subnets, s)
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

func srvDir(file string) string { return path.Dir(strings.ReplaceAll(file, "\\", "/")) }

func srvBase(file string) string { return path.Base(strings.ReplaceAll(file, "\\", "/")) }

// srvInstanceFile reports whether a configuration file is specific to one
// instance.
func srvInstanceFile(base string) bool {
	b := strings.ToLower(base)
	return strings.HasPrefix(b, "config-") && b != "config-default.xml"
}

// srvRelated reports whether the settings of file b apply together with
// those of file a (same group assumed).
func srvRelated(a, b string) bool {
	return a == b || !srvInstanceFile(a) || !srvInstanceFile(b)
}

// Fact kinds recorded by srvConfCollector. Keys start with the group
// directory and a NUL.
const (
	srvFactFile      = "srv.file"      // dir → base names
	srvFactSubnet    = "srv.subnet"    // dir\0zonePath → base\0mask
	srvFactZone      = "srv.zone"      // zone name → dir
	srvFactZoneIn    = "srv.zoneIn"    // dir → zone names
	srvFactFlag      = "srv.flag"      // flag name → dir\0zonePath\0base
	srvFactProxy     = "srv.proxy"     // dir → proxy address
	srvFactRelayOn   = "srv.relayOn"   // dir → base (relay module explicitly started)
	srvFactRelayOff  = "srv.relayOff"  // dir → base (relay module explicitly stopped)
	srvFactRelayURL  = "srv.relayURL"  // dir → base\0ordinal\0line\0urlPath\0httpAllowed\0deny\0IPMask
	srvFactHTTPAll   = "srv.httpAll"   // dir → zone path allowing HTTP for every address
	srvFactInternal  = "srv.internal"  // dir → "set" when an internal password is configured
	srvFactTrackLogd = "srv.trackLogd" // dir → base when trackinglogd autoStart="true"
	srvFactNoRedir   = "srv.noRedir"   // dir → base when the redirection service is stopped
)

// srvConfCollector records the facts of every server configuration file,
// whatever rules run.
var srvConfCollector = audit.Collector{
	Name:    "server-configuration",
	Schemas: srvConfSchemas,
	Collect: func(u *audit.Unit, rec audit.Recorder) {
		dir, base := srvDir(u.File), srvBase(u.File)
		root := u.Entity.Root
		rec.Record(srvFactFile, dir, base)
		for _, z := range srvZones(root) {
			rec.Record(srvFactZone, z.name, dir)
			rec.Record(srvFactZoneIn, dir, z.name)
			for _, f := range srvZoneFlags {
				if srvTrue(z.el.AttrValue(f)) {
					rec.Record(srvFactFlag, f, dir+"\x00"+z.path+"\x00"+base)
				}
			}
			for _, s := range z.subnets {
				rec.Record(srvFactSubnet, dir+"\x00"+z.path, base+"\x00"+s.mask.raw)
				for _, p := range s.proxies {
					if p.ok && !p.all {
						rec.Record(srvFactProxy, dir, p.prefix.Addr().String())
					}
				}
				if s.mask.all && srvTrue(z.el.AttrValue("allowHTTP")) {
					rec.Record(srvFactHTTPAll, dir, z.path)
				}
			}
		}
		ordinal := 0
		root.Walk(func(el *xmltree.Element) bool {
			switch el.LocalName() {
			case "relay":
				if el.Parent != nil && el.Parent.LocalName() == "web" {
					if srvTrue(el.AttrValue("startRelay")) || srvTrue(el.AttrValue("startRelayInModule")) {
						rec.Record(srvFactRelayOn, dir, base)
					} else if v, ok := el.Attr("startRelayInModule"); ok && !srvTrue(v) {
						rec.Record(srvFactRelayOff, dir, base)
					}
				}
			case "url":
				if el.Parent != nil && el.Parent.LocalName() == "relay" {
					line, _ := u.Loc.Position(el.Start)
					rec.Record(srvFactRelayURL, dir, strings.Join([]string{base, srvOrdinal(ordinal), strconv.Itoa(line),
						el.AttrValue("urlPath"), el.AttrValue("httpAllowed"), el.AttrValue("deny"), el.AttrValue("IPMask")}, "\x00"))
					ordinal++
				}
			case "xtk":
				if el.Parent != nil && el.Parent.LocalName() == "authentication" && strings.TrimSpace(el.AttrValue("internalPassword")) != "" {
					rec.Record(srvFactInternal, dir, "set")
				}
			case "trackinglogd":
				if srvTrue(el.AttrValue("autoStart")) {
					rec.Record(srvFactTrackLogd, dir, base)
				}
			case "redirection":
				if v, ok := el.Attr("startRedirection"); ok && !srvTrue(v) {
					rec.Record(srvFactNoRedir, dir, base)
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

// srvGroupMasks returns the sub-network masks that a zone flag set in file
// base of group dir applies to: the masks of the zone and of its
// descendants, in every related file of the group.
func srvGroupMasks(ix *audit.Index, dir, zonePath, base string) []srvMask {
	var out []srvMask
	prefix := dir + "\x00"
	for _, k := range ix.FactKeys(srvFactSubnet) {
		zp, ok := strings.CutPrefix(k, prefix)
		if !ok || (zp != zonePath && !strings.HasPrefix(zp, zonePath+"/")) {
			continue
		}
		for _, v := range ix.Facts(srvFactSubnet, k) {
			b, mask, _ := strings.Cut(v, "\x00")
			if srvRelated(base, b) {
				out = append(out, srvParseMask(mask))
			}
		}
	}
	return out
}

// srvRelayActive reports whether the web relay runs in a group: it starts
// within the web server by default (startRelayInModule="true").
func srvRelayActive(ix *audit.Index, dir string) bool {
	return ix.HasFact(srvFactRelayOn, dir) || !ix.HasFact(srvFactRelayOff, dir)
}

// srvMaskList formats masks for a message.
func srvMaskList(ms []srvMask) string {
	var parts []string
	seen := map[string]bool{}
	for _, m := range ms {
		if !seen[m.raw] {
			seen[m.raw] = true
			parts = append(parts, m.raw)
		}
	}
	if len(parts) > 4 {
		parts = append(parts[:4], "…")
	}
	return strings.Join(parts, ", ")
}

// srvZoneAttr returns a true-valued flag attribute of a zone, or nil.
func srvZoneAttr(z *srvZone, flag string) *xmltree.Attr {
	if a := z.el.AttrNode(flag); a != nil && srvTrue(a.Value) {
		return a
	}
	return nil
}
