package conf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfAllowEmptyPassword flags zones accepting operators without
// password.
var ConfAllowEmptyPassword = &audit.Rule{
	ID:        "CONF-004",
	Name:      "zone-allows-empty-password",
	Title:     "Security zone left with allowEmptyPassword=\"true\"",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.ServerConf,
	Doc: audit.Doc{
		Rationale: "allowEmptyPassword \"authorizes a connection to an instance without a password\". It exists only " +
			"to let v5/v6.0 operators migrate; Adobe asks to notify the operators, set a deadline for them to choose " +
			"a password, then switch it to false. Note that the security-zone sample of the documentation itself " +
			"shows allowEmptyPassword=\"true\" on the lan zone while the reference default is false. A zone " +
			"restricted to a few hosts (monitoring, Message Center) is reported as info.",
		Remediation: "Give every operator a password, then set `allowEmptyPassword=\"false\"`.",
		Bad:         zoneFlagsBad,
		Good:        zoneFlagsGood,
		URL:         docs.ZonesRecs,
	},
	Effort:   1,
	Schemas:  serverconf.ConfSchemas,
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		narrowableFlag(p, "allowEmptyPassword", "operators without a password can log on; once every operator has a "+
			"password, set allowEmptyPassword=\"false\"")
	},
}
