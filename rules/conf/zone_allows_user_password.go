package conf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfAllowUserPassword flags zones accepting login/password session
// tokens.
var ConfAllowUserPassword = &audit.Rule{
	ID:        "CONF-003",
	Name:      "zone-allows-user-password",
	Title:     "Security zone left with allowUserPassword=\"true\"",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.ServerConf,
	Doc: audit.Doc{
		Rationale: "With allowUserPassword \"the session token can have the following form <login>/<password>\": " +
			"credentials travel in URLs and SOAP parameters and end up in Apache/IIS/proxy logs. The migration guide " +
			"only enables it temporarily for identified web applications that fail to connect after the postupgrade, " +
			"then asks to deactivate it. A zone restricted to a few hosts (the documented Message Center " +
			"event-source case) is reported as info; a zone that reaches broad or public ranges as a warning.",
		Remediation: "Adapt the API clients and identified web applications to the Logon SOAP call and its security " +
			"token, then set `allowUserPassword=\"false\"`; if a technical caller really needs it, give it a dedicated " +
			"zone that lists only its address.",
		Bad:  zoneFlagsBad,
		Good: zoneFlagsGood,
		URL:  docs.ZonesRecs,
	},
	Effort:   1,
	Schemas:  serverconf.ConfSchemas,
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		narrowableFlag(p, "allowUserPassword", "operators can send their login and password as session token "+
			"(logged by web servers and proxies); once web applications and API clients use the Logon call, set allowUserPassword=\"false\"")
	},
}
