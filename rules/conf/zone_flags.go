package conf

import (
	"fmt"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// The security-reducing flags of a securityZone. Adobe documents
// allowSQLInjection, allowUserPassword and allowEmptyPassword as temporary
// migration bypasses ("Never set allowEmptyPassword, allowUserPassword,
// allowSQLInjection to true"), and the others as acceptable only for the
// addresses that need them. The flag of a zone applies to the addresses of
// its nested zones too, and an instance file can add sub-networks to a zone
// of serverConf.xml, so the addresses a flag reaches are gathered across
// the configuration files of the scan before judging.

const zoneFlagsBad = `<serverconf>
  <securityZone allowDebug="false" allowHTTP="false" allowSQLInjection="true" allowUserPassword="true"
                allowEmptyPassword="true" sessionTokenOnly="true" showErrors="true" label="Public Network" name="public">
    <subNetwork name="all" label="All addresses" mask="*" proxy="127.0.0.1, ::1"/>
  </securityZone>
</serverconf>`

const zoneFlagsGood = `<serverconf>
  <securityZone allowDebug="false" allowHTTP="false" allowSQLInjection="false" label="Public Network" name="public">
    <subNetwork name="all" label="All addresses" mask="*" proxy="127.0.0.1, ::1"/>
    <securityZone allowDebug="true" allowHTTP="false" allowSQLInjection="false" label="Private Network (VPN)" name="vpn" showErrors="true">
      <securityZone allowDebug="true" allowEmptyPassword="false" allowHTTP="true" allowUserPassword="false"
                    allowSQLInjection="false" label="Private Network (LAN)" name="lan" sessionTokenOnly="true" showErrors="true">
        <subNetwork name="lan1" label="Lan 1" mask="192.168.0.0/16" proxy="127.0.0.1, ::1"/>
        <subNetwork name="localhost" label="Localhost" mask="127.0.0.0/8" proxy="127.0.0.1, ::1"/>
      </securityZone>
    </securityZone>
  </securityZone>
</serverconf>`

// narrowableFlag reports a flag that is a warning in general and info
// when every address it reaches is a host or a small network.
func narrowableFlag(p *audit.Pass, flag, what string) {
	dir, base := serverconf.Dir(p.File), serverconf.Base(p.File)
	for _, z := range serverconf.Zones(p.Entity.Root) {
		a := serverconf.ZoneAttr(z, flag)
		if a == nil {
			continue
		}
		start, end := audit.AttrRange(a)
		f := p.Newf(start, end, "security zone %s has %s=\"true\": %s", z.Label(), flag, what)
		zonePath := z.Path
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			masks := serverconf.GroupMasks(ix, dir, zonePath, base)
			if len(masks) == 0 {
				return true
			}
			for _, m := range masks {
				if !m.Narrow() {
					if m.Public() {
						f.Message += fmt.Sprintf(" (the zone reaches public addresses: %s)", serverconf.MaskList(masks))
					}
					return true
				}
			}
			f.Severity = audit.SeverityInfo
			f.Message += fmt.Sprintf(" (the zone only lists hosts or small networks: %s; keep it only for the technical callers that need it)", serverconf.MaskList(masks))
			return true
		})
	}
}

// exposedFlag reports a true flag when one of the addresses it reaches
// satisfies exposed.
func exposedFlag(p *audit.Pass, flag string, exposed func(serverconf.Mask) bool, what string) {
	dir, base := serverconf.Dir(p.File), serverconf.Base(p.File)
	for _, z := range serverconf.Zones(p.Entity.Root) {
		a := serverconf.ZoneAttr(z, flag)
		if a == nil {
			continue
		}
		start, end := audit.AttrRange(a)
		f := p.Newf(start, end, "security zone %s has %s=\"true\": %s", z.Label(), flag, what)
		zonePath := z.Path
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			var hit []serverconf.Mask
			for _, m := range serverconf.GroupMasks(ix, dir, zonePath, base) {
				if exposed(m) {
					hit = append(hit, m)
				}
			}
			if len(hit) == 0 {
				return false
			}
			f.Message += " " + describeMasks(hit) + "; set " + flag + "=\"false\" here and enable it only in a nested zone that lists the addresses that need it"
			return true
		})
	}
}

// describeMasks names the masks that expose a zone.
func describeMasks(ms []serverconf.Mask) string {
	for _, m := range ms {
		if m.All {
			return "every address (mask " + m.Raw + ")"
		}
	}
	return "the public range(s) " + serverconf.MaskList(ms)
}
