package conf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfAllowSQLInjection flags zones that still accept SQLData.
var ConfAllowSQLInjection = &audit.Rule{
	ID:        "CONF-002",
	Name:      "zone-allows-sql-injection",
	Title:     "Security zone left with allowSQLInjection=\"true\"",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.ServerConf,
	Doc: audit.Doc{
		Rationale: "allowSQLInjection \"authorizes the use of SQLDATA in expressions\" for the callers of the zone. The " +
			"migration guide only sets it to true to let the postupgrade pass while SQLData expressions are " +
			"rewritten, then asks to \"reactivate the security\"; the security recommendations say never to leave it " +
			"true. A zone left with it re-opens raw SQL injection through expressions for all its addresses.",
		Remediation: "Rewrite the SQLData expressions (sub-queries, aggregates, `[schema:alias:xpath]` joins), then set " +
			"`allowSQLInjection=\"false\"` on every securityZone of serverConf.xml and config-<instance>.xml.",
		Bad:  zoneFlagsBad,
		Good: zoneFlagsGood,
		URL:  docs.ZonesRecs,
	},
	Effort:  0.5,
	Schemas: serverconf.ConfSchemas,
	Run: func(p *audit.Pass) {
		for _, z := range serverconf.Zones(p.Entity.Root) {
			if a := serverconf.ZoneAttr(z, "allowSQLInjection"); a != nil {
				p.ReportAttr(a, "security zone %s has allowSQLInjection=\"true\": raw SQLData in expressions is accepted from its "+
					"addresses; once the SQLData expressions are rewritten, set allowSQLInjection=\"false\"", z.Label())
			}
		}
	},
}
