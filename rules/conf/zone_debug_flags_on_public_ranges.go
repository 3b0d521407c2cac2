package conf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfExposedDebugFlags flags allowHTTP, showErrors and allowDebug on
// zones reaching public addresses.
var ConfExposedDebugFlags = &audit.Rule{
	ID:        "CONF-006",
	Name:      "zone-debug-flags-on-public-ranges",
	Title:     "allowHTTP, showErrors or allowDebug enabled for public addresses",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
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
		Good: zoneFlagsGood,
		URL:  docs.ZonesRecs,
	},
	Effort:   0.5,
	Schemas:  serverconf.ConfSchemas,
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		exposedFlag(p, "allowHTTP", serverconf.Mask.Public, "operator sessions may use plain HTTP for")
		exposedFlag(p, "showErrors", serverconf.Mask.Broad, "technical errors (SQL included) are displayed to")
		exposedFlag(p, "allowDebug", serverconf.Mask.Broad, "web applications and reports can run in debug mode for")
	},
}
