package conf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfDisabledAutoStart flags modules disabled by the migration procedure
// and never re-enabled.
var ConfDisabledAutoStart = &audit.Rule{
	ID:        "CONF-013",
	Name:      "migration-autostart-left-disabled",
	Title:     "Module left with _autoStart by the migration procedure",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
	From:      []string{audit.V511, audit.V602},
	Doc: audit.Doc{
		Rationale: "Before migrating, the procedure has the mta, wfserver, stat, inMail… modules disabled by renaming " +
			"autoStart to _autoStart in config-<instance>.xml, and reactivated once the migration is validated. " +
			"_autoStart is not a setting the server reads: a module still carrying it does not start (no deliveries, " +
			"no workflows, no bounce processing). Modules disabled on purpose use autoStart=\"false\".",
		Remediation: "Rename the attribute back: `<mta autoStart=\"true\" statServerAddress=\"localhost\"/>` " +
			"(or `autoStart=\"false\"` for a module that must stay stopped on this server).",
		Bad: `<serverconf>
  <mta _autoStart="true" statServerAddress="localhost"/>
  <wfserver _autoStart="true"/>
</serverconf>`,
		Good: `<serverconf>
  <mta autoStart="true" statServerAddress="localhost"/>
  <wfserver autoStart="true"/>
</serverconf>`,
		URL: docs.MigLinux,
	},
	Effort:  0.25,
	Schemas: serverconf.ConfSchemas,
	Run: func(p *audit.Pass) {
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if a := el.AttrNode("_autoStart"); a != nil {
				v := a.Value
				if !serverconf.True(v) {
					v = "false"
				} else {
					v = "true"
				}
				p.ReportAttr(a, "module <%s> still carries _autoStart, set by the migration procedure to keep it stopped: "+
					"the server ignores it and the module does not start; write autoStart=%q", el.Name, v)
			}
			return true
		})
	},
}
