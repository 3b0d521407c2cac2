package rules

import (
	"net/netip"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// When a connection comes from an address listed in the proxy attribute of
// a sub-network, the server checks the X-Forwarded-For address instead;
// when it comes from an address inside the mask of a sub-network that does
// not list it as a proxy, the connection itself belongs to the zone. So a
// reverse proxy (or the web relay, which connects from 127.0.0.1) whose
// address lies in a trusted sub-network without being declared as its
// proxy makes every visitor look like a member of that zone.

// srvLoopbacks are the addresses the web relay connects from.
var srvLoopbacks = []netip.Addr{netip.MustParseAddr("127.0.0.1"), netip.MustParseAddr("::1")}

// ConfProxyMaskMistakes flags trusted sub-networks that swallow proxy
// traffic, and catch-all masks in nested zones.
var ConfProxyMaskMistakes = &audit.Rule{
	ID:        "CONF-007",
	Name:      "trusted-zone-holds-proxy-or-catch-all",
	Title:     "Trusted zone whose sub-network holds a proxy address or every address",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "\"Make sure that your reverse proxy is not allowed in subNetwork. If it is the case, all traffic " +
			"will be detected as coming from this local IP, so will be trusted.\" The rule looks at the sub-networks " +
			"of privileged zones (nested zones, or zones with a security-reducing flag): a mask that contains the " +
			"address of a proxy declared anywhere in the server's configuration, or the loopback address the web " +
			"relay connects from, without listing that address in its own proxy attribute, hands the zone's rights " +
			"to every visitor coming through it. A mask=\"*\" (or /0) is only legitimate on the top public zone; in a " +
			"nested zone it gives the zone's rights to the whole Internet.",
		Remediation: "Remove the proxy's address from the trusted masks and declare it as a proxy instead, both on the " +
			"sub-networks its users come from and on the top `all` sub-network: " +
			"`<subNetwork name=\"localhost\" mask=\"127.0.0.0/8\" proxy=\"127.0.0.1, ::1\"/>`; replace catch-all masks of " +
			"nested zones by the networks of their operators.",
		Bad: `<serverconf>
  <securityZone allowDebug="false" allowHTTP="false" label="Public Network" name="public">
    <subNetwork name="all" label="All addresses" mask="*" proxy="10.131.146.102, 127.0.0.1, ::1"/>
    <securityZone allowDebug="true" allowHTTP="true" label="Private Network (LAN)" name="lan" sessionTokenOnly="true" showErrors="true">
      <subNetwork name="lan3" label="Lan 3" mask="10.0.0.0/8"/>
    </securityZone>
  </securityZone>
</serverconf>`,
		Good: `<serverconf>
  <securityZone allowDebug="false" allowHTTP="false" label="Public Network" name="public">
    <subNetwork name="all" label="All addresses" mask="*" proxy="10.131.146.102, 127.0.0.1, ::1"/>
    <securityZone allowDebug="true" allowHTTP="true" label="Private Network (LAN)" name="lan" sessionTokenOnly="true" showErrors="true">
      <subNetwork name="lan3" label="Lan 3" mask="10.0.0.0/8" proxy="10.131.146.102, 127.0.0.1, ::1"/>
    </securityZone>
  </securityZone>
</serverconf>`,
		URL: srvDocZonesRecs,
	},
	Effort:  2,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		dir := srvDir(p.File)
		for _, z := range srvZones(p.Entity.Root) {
			if !z.privileged() {
				continue
			}
			for _, s := range z.subnets {
				a := s.el.AttrNode("mask")
				if a == nil {
					continue
				}
				if s.mask.all && z.depth > 0 {
					p.ReportAttr(a, "sub-network %q of nested zone %s has mask=%q: every Internet address gets the zone's rights; "+
						"list the operators' networks instead (mask=\"*\" belongs to the top public zone only)", s.name(), z.label(), s.mask.raw)
					continue
				}
				if !s.mask.ok || s.mask.all {
					continue
				}
				start, end := audit.AttrRange(a)
				f := p.Newf(start, end, "sub-network %q (mask %s) of privileged zone %s contains", s.name(), s.mask.raw, z.label())
				mask, proxies := s.mask, s.proxies
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					var hits []string
					for _, ps := range ix.Facts(srvFactProxy, dir) {
						pa, err := netip.ParseAddr(ps)
						if err == nil && mask.contains(pa) && !srvListCovers(proxies, pa) {
							hits = append(hits, "proxy "+ps)
						}
					}
					if srvRelayActive(ix, dir) {
						for _, lo := range srvLoopbacks {
							if mask.contains(lo) && !srvListCovers(proxies, lo) {
								hits = append(hits, lo.String()+", the address the web relay connects from,")
							}
						}
					}
					if len(hits) == 0 {
						return false
					}
					sort.Strings(hits)
					f.Message += " " + strings.Join(hits, " and ") + " without declaring it in its proxy attribute: every request " +
						"relayed through it is trusted as this zone; add proxy=\"" + srvProxySuggestion(proxies, hits) + "\" to the sub-network"
					return true
				})
			}
		}
	},
}

// srvProxySuggestion proposes a proxy attribute value.
func srvProxySuggestion(have []srvMask, hits []string) string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, h := range hits {
		if p, ok := strings.CutPrefix(h, "proxy "); ok {
			add(p)
		}
	}
	for _, m := range have {
		add(m.raw)
	}
	add("127.0.0.1")
	add("::1")
	return strings.Join(out, ", ")
}

// ConfRelayProxyDeclaration flags sub-networks that do not declare the web
// relay, and proxies missing from the top "all" sub-network.
var ConfRelayProxyDeclaration = &audit.Rule{
	ID:        "CONF-008",
	Name:      "relay-not-declared-as-proxy",
	Title:     "Sub-network without the relay address 127.0.0.1 among its proxies",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "\"Relays are now generated like proxies. You can therefore add the IP address 127.0.0.1 to the list " +
			"of proxies in your security zone configuration\"; the reference configuration declares " +
			"proxy=\"127.0.0.1, ::1\" on every sub-network. Without it, the users of a sub-network who reach the server " +
			"through the web relay (started within the web server by default) are not recognised by their own address. " +
			"The documentation also asks to declare every proxy \"in both the <subnetwork> concerned and the first " +
			"level subnetwork <subnetwork name=\"all\"/>\". Sub-networks of trusted zones that contain 127.0.0.1 " +
			"themselves are reported by CONF-007, which describes the more serious consequence. Nothing is reported " +
			"when the scan shows the relay stopped (startRelayInModule=\"false\" without startRelay=\"true\").",
		Remediation: "Declare the relay and the proxies on each sub-network and on the top `all` sub-network: " +
			"`<subNetwork name=\"lan1\" mask=\"192.168.0.0/16\" proxy=\"127.0.0.1, ::1\"/>`.",
		Bad: `<serverconf>
  <securityZone allowDebug="false" allowHTTP="false" label="Public Network" name="public">
    <subNetwork name="all" label="All addresses" mask="*" proxy="127.0.0.1, ::1"/>
    <securityZone allowDebug="true" label="Private Network (VPN)" name="vpn" showErrors="true">
      <subNetwork name="office" label="Paris office" mask="192.168.10.0/24"/>
    </securityZone>
  </securityZone>
</serverconf>`,
		Good: `<serverconf>
  <securityZone allowDebug="false" allowHTTP="false" label="Public Network" name="public">
    <subNetwork name="all" label="All addresses" mask="*" proxy="127.0.0.1, ::1"/>
    <securityZone allowDebug="true" label="Private Network (VPN)" name="vpn" showErrors="true">
      <subNetwork name="office" label="Paris office" mask="192.168.10.0/24" proxy="127.0.0.1, ::1"/>
    </securityZone>
  </securityZone>
</serverconf>`,
		URL: srvDocZonesProxies,
	},
	Effort:  0.25,
	Schemas: srvConfSchemas,
	// The proxy list is fixed once per configuration file.
	Scope: audit.ScopeFile,
	Run: func(p *audit.Pass) {
		dir := srvDir(p.File)
		loopback := srvLoopbacks[0]
		for _, z := range srvZones(p.Entity.Root) {
			for _, s := range z.subnets {
				if s.mask.raw == "" && !s.mask.all {
					continue
				}
				if z.privileged() && s.mask.contains(loopback) && !s.mask.all {
					continue // CONF-007
				}
				name := s.name()
				at := s.el.AttrNode("proxy")
				var start, end int64
				if at != nil {
					start, end = audit.AttrRange(at)
				} else {
					start, end = s.el.Start, s.el.Start+1+int64(len(s.el.Name))
				}
				if !srvListCovers(s.proxies, loopback) {
					f := p.Newf(start, end, "sub-network %q (mask %s) of zone %s does not declare 127.0.0.1 as proxy: users "+
						"reaching the server through the web relay are not recognised by their address; add proxy=\"%s\"",
						name, s.mask.raw, z.label(), srvProxySuggestion(s.proxies, nil))
					p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
						if !ix.HasFact(srvFactRelayOn, dir) && !ix.HasFact(srvFactRelayOff, dir) {
							// The default starts the relay in the web server module,
							// but whether users come through it is not in the export.
							f.Message += " (the configuration does not say whether the web relay is used: skip this if no user reaches the server through the web server)"
						}
						return srvRelayActive(ix, dir)
					})
				}
				if !s.mask.all || z.depth > 0 {
					continue
				}
				// The top catch-all sub-network must repeat every proxy.
				proxies := s.proxies
				f := p.Newf(start, end, "the top sub-network %q of zone %s does not list proxy", name, z.label())
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					var missing []string
					for _, ps := range ix.Facts(srvFactProxy, dir) {
						pa, err := netip.ParseAddr(ps)
						if err == nil && !pa.IsLoopback() && !srvListCovers(proxies, pa) {
							missing = append(missing, ps)
						}
					}
					if len(missing) == 0 {
						return false
					}
					f.Message += " " + strings.Join(missing, ", ") + ", declared on other sub-networks: the documentation asks to " +
						"declare each proxy on the sub-networks concerned and on the first-level \"all\" sub-network; add it to its proxy attribute"
					return true
				})
			}
		}
	},
}
