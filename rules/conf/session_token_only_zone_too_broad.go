package conf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfSessionTokenOnlyScope flags sessionTokenOnly zones open to large
// ranges.
var ConfSessionTokenOnlyScope = &audit.Rule{
	ID:        "CONF-005",
	Name:      "session-token-only-zone-too-broad",
	Title:     "sessionTokenOnly=\"true\" on a zone open to broad public ranges",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
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
		Bad:  zoneFlagsBad,
		Good: zoneFlagsGood,
		URL:  docs.ZonesRecs,
	},
	Effort:   1,
	Schemas:  serverconf.ConfSchemas,
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		exposedFlag(p, "sessionTokenOnly", serverconf.Mask.Broad, "the security token is not required and the session "+
			"cookie is readable by scripts (CSRF exposure) for")
	},
}
