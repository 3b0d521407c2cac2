package rules

import (
	"fmt"

	"github.com/acc-audit/acc-audit/audit"
)

// The security-reducing flags of a securityZone. Adobe documents
// allowSQLInjection, allowUserPassword and allowEmptyPassword as temporary
// migration bypasses ("Never set allowEmptyPassword, allowUserPassword,
// allowSQLInjection to true"), and the others as acceptable only for the
// addresses that need them. The flag of a zone applies to the addresses of
// its nested zones too, and an instance file can add sub-networks to a zone
// of serverConf.xml, so the addresses a flag reaches are gathered across
// the configuration files of the scan before judging.

const srvZoneFlagsBad = `<serverconf>
  <securityZone allowDebug="false" allowHTTP="false" allowSQLInjection="true" allowUserPassword="true"
                allowEmptyPassword="true" sessionTokenOnly="true" showErrors="true" label="Public Network" name="public">
    <subNetwork name="all" label="All addresses" mask="*" proxy="127.0.0.1, ::1"/>
  </securityZone>
</serverconf>`

const srvZoneFlagsGood = `<serverconf>
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

// ConfAllowSQLInjection flags zones that still accept SQLData.
var ConfAllowSQLInjection = &audit.Rule{
	ID:        "CONF-002",
	Name:      "zone-allows-sql-injection",
	Title:     "Security zone left with allowSQLInjection=\"true\"",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "allowSQLInjection \"authorizes the use of SQLDATA in expressions\" for the callers of the zone. The " +
			"migration guide only sets it to true to let the postupgrade pass while SQLData expressions are " +
			"rewritten, then asks to \"reactivate the security\"; the security recommendations say never to leave it " +
			"true. A zone left with it re-opens raw SQL injection through expressions for all its addresses.",
		Remediation: "Rewrite the SQLData expressions (sub-queries, aggregates, `[schema:alias:xpath]` joins), then set " +
			"`allowSQLInjection=\"false\"` on every securityZone of serverConf.xml and config-<instance>.xml.",
		Bad:  srvZoneFlagsBad,
		Good: srvZoneFlagsGood,
		URL:  srvDocZonesRecs,
	},
	Effort:  0.5,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		for _, z := range srvZones(p.Entity.Root) {
			if a := srvZoneAttr(z, "allowSQLInjection"); a != nil {
				p.ReportAttr(a, "security zone %s has allowSQLInjection=\"true\": raw SQLData in expressions is accepted from its "+
					"addresses; once the SQLData expressions are rewritten, set allowSQLInjection=\"false\"", z.label())
			}
		}
	},
}

// ConfAllowUserPassword flags zones accepting login/password session
// tokens.
var ConfAllowUserPassword = &audit.Rule{
	ID:        "CONF-003",
	Name:      "zone-allows-user-password",
	Title:     "Security zone left with allowUserPassword=\"true\"",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "With allowUserPassword \"the session token can have the following form <login>/<password>\": " +
			"credentials travel in URLs and SOAP parameters and end up in Apache/IIS/proxy logs. The migration guide " +
			"only enables it temporarily for identified web applications that fail to connect after the postupgrade, " +
			"then asks to deactivate it. A zone restricted to a few hosts (the documented Message Center " +
			"event-source case) is reported as info; a zone that reaches broad or public ranges as a warning.",
		Remediation: "Adapt the API clients and identified web applications to the Logon SOAP call and its security " +
			"token, then set `allowUserPassword=\"false\"`; if a technical caller really needs it, give it a dedicated " +
			"zone that lists only its address.",
		Bad:  srvZoneFlagsBad,
		Good: srvZoneFlagsGood,
		URL:  srvDocZonesRecs,
	},
	Effort:  1,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		srvNarrowableFlag(p, "allowUserPassword", "operators can send their login and password as session token "+
			"(logged by web servers and proxies); once web applications and API clients use the Logon call, set allowUserPassword=\"false\"")
	},
}

// ConfAllowEmptyPassword flags zones accepting operators without
// password.
var ConfAllowEmptyPassword = &audit.Rule{
	ID:        "CONF-004",
	Name:      "zone-allows-empty-password",
	Title:     "Security zone left with allowEmptyPassword=\"true\"",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "allowEmptyPassword \"authorizes a connection to an instance without a password\". It exists only " +
			"to let v5/v6.0 operators migrate; Adobe asks to notify the operators, set a deadline for them to choose " +
			"a password, then switch it to false. Note that the security-zone sample of the documentation itself " +
			"shows allowEmptyPassword=\"true\" on the lan zone while the reference default is false. A zone " +
			"restricted to a few hosts (monitoring, Message Center) is reported as info.",
		Remediation: "Give every operator a password, then set `allowEmptyPassword=\"false\"`.",
		Bad:         srvZoneFlagsBad,
		Good:        srvZoneFlagsGood,
		URL:         srvDocZonesRecs,
	},
	Effort:  1,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		srvNarrowableFlag(p, "allowEmptyPassword", "operators without a password can log on; once every operator has a "+
			"password, set allowEmptyPassword=\"false\"")
	},
}

// srvNarrowableFlag reports a flag that is a warning in general and info
// when every address it reaches is a host or a small network.
func srvNarrowableFlag(p *audit.Pass, flag, what string) {
	dir, base := srvDir(p.File), srvBase(p.File)
	for _, z := range srvZones(p.Entity.Root) {
		a := srvZoneAttr(z, flag)
		if a == nil {
			continue
		}
		start, end := audit.AttrRange(a)
		f := p.Newf(start, end, "security zone %s has %s=\"true\": %s", z.label(), flag, what)
		zonePath := z.path
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			masks := srvGroupMasks(ix, dir, zonePath, base)
			if len(masks) == 0 {
				return true
			}
			for _, m := range masks {
				if !m.narrow() {
					if m.public() {
						f.Message += fmt.Sprintf(" (the zone reaches public addresses: %s)", srvMaskList(masks))
					}
					return true
				}
			}
			f.Severity = audit.SeverityInfo
			f.Message += fmt.Sprintf(" (the zone only lists hosts or small networks: %s; keep it only for the technical callers that need it)", srvMaskList(masks))
			return true
		})
	}
}

// ConfSessionTokenOnlyScope flags sessionTokenOnly zones open to large
// ranges.
var ConfSessionTokenOnlyScope = &audit.Rule{
	ID:        "CONF-005",
	Name:      "session-token-only-zone-too-broad",
	Title:     "sessionTokenOnly=\"true\" on a zone open to broad public ranges",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "sessionTokenOnly means \"the security token is not required in the connection URL\": operators of " +
			"the zone are exposed to CSRF attacks, and the session cookie is not httpOnly, so client-side JavaScript " +
			"can read it. It is required by some callers (`new SoapMethodCall(` in client code, trusted-IP-mask " +
			"operators, Message Center with several execution cells, the v6.02 home page compatibility package), " +
			"for which Adobe asks for a dedicated zone with \"only the needed IP(s)\". The documented lan zone, " +
			"limited to private ranges, is not reported; a zone whose addresses (its own sub-networks and those of " +
			"its nested zones, in every configuration file of the server) include every address or a public block " +
			"larger than a /16 is.",
		Remediation: "Set `sessionTokenOnly=\"false\"` on the broad zone and create a nested zone " +
			"`<securityZone name=\"mcExec\" sessionTokenOnly=\"true\"><subNetwork name=\"exec1\" mask=\"203.0.113.10\"/></securityZone>` " +
			"that lists only the addresses of the callers that need it.",
		Bad:  srvZoneFlagsBad,
		Good: srvZoneFlagsGood,
		URL:  srvDocZonesRecs,
	},
	Effort:  1,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		srvExposedFlag(p, "sessionTokenOnly", srvMask.broad, "the security token is not required and the session "+
			"cookie is readable by scripts (CSRF exposure) for")
	},
}

// ConfExposedDebugFlags flags allowHTTP, showErrors and allowDebug on
// zones reaching public addresses.
var ConfExposedDebugFlags = &audit.Rule{
	ID:        "CONF-006",
	Name:      "zone-debug-flags-on-public-ranges",
	Title:     "allowHTTP, showErrors or allowDebug enabled for public addresses",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "Adobe recommends allowHTTP=\"false\" (operators must use HTTPS) and showErrors=\"false\" (technical " +
			"and SQL errors hidden) except for localhost, and allowDebug=\"true\" only on the IPs of the marketers who " +
			"preview web applications and reports. allowHTTP is reported when the addresses of the zone (its own " +
			"sub-networks and those of its nested zones, in every configuration file of the server) include public " +
			"addresses: operator sessions would cross the Internet in clear text. showErrors and allowDebug are " +
			"reported when the zone reaches every address or a public block larger than a /16. The documented lan " +
			"and vpn zones, with private ranges and localhost, are not reported.",
		Remediation: "Set `allowHTTP=\"false\"`, `showErrors=\"false\"` and `allowDebug=\"false\"` on zones holding public " +
			"ranges; keep them true only on a nested zone listing localhost and the administrators' addresses.",
		Bad: `<serverconf>
  <securityZone allowDebug="true" allowHTTP="true" label="Public Network" name="public" showErrors="true">
    <subNetwork name="all" label="All addresses" mask="*" proxy="127.0.0.1, ::1"/>
  </securityZone>
</serverconf>`,
		Good: srvZoneFlagsGood,
		URL:  srvDocZonesRecs,
	},
	Effort:  0.5,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		srvExposedFlag(p, "allowHTTP", srvMask.public, "operator sessions may use plain HTTP for")
		srvExposedFlag(p, "showErrors", srvMask.broad, "technical errors (SQL included) are displayed to")
		srvExposedFlag(p, "allowDebug", srvMask.broad, "web applications and reports can run in debug mode for")
	},
}

// srvExposedFlag reports a true flag when one of the addresses it reaches
// satisfies exposed.
func srvExposedFlag(p *audit.Pass, flag string, exposed func(srvMask) bool, what string) {
	dir, base := srvDir(p.File), srvBase(p.File)
	for _, z := range srvZones(p.Entity.Root) {
		a := srvZoneAttr(z, flag)
		if a == nil {
			continue
		}
		start, end := audit.AttrRange(a)
		f := p.Newf(start, end, "security zone %s has %s=\"true\": %s", z.label(), flag, what)
		zonePath := z.path
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			var hit []srvMask
			for _, m := range srvGroupMasks(ix, dir, zonePath, base) {
				if exposed(m) {
					hit = append(hit, m)
				}
			}
			if len(hit) == 0 {
				return false
			}
			f.Message += " " + srvDescribeMasks(hit) + "; set " + flag + "=\"false\" here and enable it only in a nested zone that lists the addresses that need it"
			return true
		})
	}
}

// srvDescribeMasks names the masks that expose a zone.
func srvDescribeMasks(ms []srvMask) string {
	for _, m := range ms {
		if m.all {
			return "every address (mask " + m.raw + ")"
		}
	}
	return "the public range(s) " + srvMaskList(ms)
}
