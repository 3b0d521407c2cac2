package conf

import (
	"net/netip"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfProxyMaskMistakes flags trusted sub-networks that swallow proxy
// traffic, and catch-all masks in nested zones.
var ConfProxyMaskMistakes = &audit.Rule{
	ID:        "CONF-007",
	Name:      "trusted-zone-holds-proxy-or-catch-all",
	Title:     "Trusted zone whose sub-network holds a proxy address or every address",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
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
		URL: docs.ZonesRecs,
	},
	Effort:   2,
	Schemas:  serverconf.ConfSchemas,
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		dir := serverconf.Dir(p.File)
		for _, z := range serverconf.Zones(p.Entity.Root) {
			if !z.Privileged() {
				continue
			}
			for _, s := range z.Subnets {
				a := s.El.AttrNode("mask")
				if a == nil {
					continue
				}
				if s.Mask.All && z.Depth > 0 {
					p.ReportAttr(a, "sub-network %q of nested zone %s has mask=%q: every Internet address gets the zone's rights; "+
						"list the operators' networks instead (mask=\"*\" belongs to the top public zone only)", s.Name(), z.Label(), s.Mask.Raw)
					continue
				}
				if !s.Mask.Ok || s.Mask.All {
					continue
				}
				start, end := audit.AttrRange(a)
				f := p.Newf(start, end, "sub-network %q (mask %s) of privileged zone %s contains", s.Name(), s.Mask.Raw, z.Label())
				mask, proxies := s.Mask, s.Proxies
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					var hits []string
					for _, ps := range serverconf.Proxies.Values(ix, dir) {
						pa, err := netip.ParseAddr(ps)
						if err == nil && mask.Contains(pa) && !serverconf.ListCovers(proxies, pa) {
							hits = append(hits, "proxy "+ps)
						}
					}
					if serverconf.RelayActive(ix, dir) {
						for _, lo := range loopbacks {
							if mask.Contains(lo) && !serverconf.ListCovers(proxies, lo) {
								hits = append(hits, lo.String()+", the address the web relay connects from,")
							}
						}
					}
					if len(hits) == 0 {
						return false
					}
					sort.Strings(hits)
					f.Message += " " + strings.Join(hits, " and ") + " without declaring it in its proxy attribute: every request " +
						"relayed through it is trusted as this zone; add proxy=\"" + proxySuggestion(proxies, hits) + "\" to the sub-network"
					return true
				})
			}
		}
	},
}
