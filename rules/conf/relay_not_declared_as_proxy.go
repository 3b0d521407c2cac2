package conf

import (
	"net/netip"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfRelayProxyDeclaration flags sub-networks that do not declare the web
// relay, and proxies missing from the top "all" sub-network.
var ConfRelayProxyDeclaration = &audit.Rule{
	ID:        "CONF-008",
	Name:      "relay-not-declared-as-proxy",
	Title:     "Sub-network without the relay address 127.0.0.1 among its proxies",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
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
		URL: docs.ZonesProxies,
	},
	Effort:  0.25,
	Schemas: serverconf.ConfSchemas,
	// The proxy list is fixed once per configuration file.
	Scope:    audit.ScopeFile,
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		dir := serverconf.Dir(p.File)
		loopback := loopbacks[0]
		for _, z := range serverconf.Zones(p.Entity.Root) {
			for _, s := range z.Subnets {
				if s.Mask.Raw == "" && !s.Mask.All {
					continue
				}
				if z.Privileged() && s.Mask.Contains(loopback) && !s.Mask.All {
					continue // CONF-007
				}
				name := s.Name()
				at := s.El.AttrNode("proxy")
				var start, end int64
				if at != nil {
					start, end = audit.AttrRange(at)
				} else {
					start, end = s.El.Start, s.El.Start+1+int64(len(s.El.Name))
				}
				if !serverconf.ListCovers(s.Proxies, loopback) {
					f := p.Newf(start, end, "sub-network %q (mask %s) of zone %s does not declare 127.0.0.1 as proxy: users "+
						"reaching the server through the web relay are not recognised by their address; add proxy=\"%s\"",
						name, s.Mask.Raw, z.Label(), proxySuggestion(s.Proxies, nil))
					p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
						if !serverconf.RelayOn.Has(ix, dir) && !serverconf.RelayOff.Has(ix, dir) {
							// The default starts the relay in the web server module,
							// but whether users come through it is not in the export.
							f.Message += " (the configuration does not say whether the web relay is used: skip this if no user reaches the server through the web server)"
						}
						return serverconf.RelayActive(ix, dir)
					})
				}
				if !s.Mask.All || z.Depth > 0 {
					continue
				}
				// The top catch-all sub-network must repeat every proxy.
				proxies := s.Proxies
				f := p.Newf(start, end, "the top sub-network %q of zone %s does not list proxy", name, z.Label())
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					var missing []string
					for _, ps := range serverconf.Proxies.Values(ix, dir) {
						pa, err := netip.ParseAddr(ps)
						if err == nil && !pa.IsLoopback() && !serverconf.ListCovers(proxies, pa) {
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
