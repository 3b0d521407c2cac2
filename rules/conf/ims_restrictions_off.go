package conf

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// imsDefaultOperators are the technical operators the build allows to
// log on natively.
var imsDefaultOperators = map[string]bool{"admin": true, "aemserver": true, "campaign-loginmonitor": true, "internal|monitoring": true}

// ConfIMSRestrictions flags native authentication left open after the
// move to Adobe IMS.
var ConfIMSRestrictions = &audit.Rule{
	ID:        "CONF-017",
	Name:      "ims-restrictions-off",
	Title:     "Native operator management or API logon left open (imsConfig)",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
	Doc: audit.Doc{
		Rationale: "From v7.4.1, \"To complete the migration to Adobe Identify Management System (IMS), you must block " +
			"new native user creation, native user login, and API access for native operators\": in `<imsConfig>`, " +
			"`nonIMSOperatorMgmtInClientConsoleRestricted` and `nonIMSAuthnAPI/@disableAPI` set to true. A few " +
			"technical operators stay allowed (`allowOperator` admin, aemserver, campaign-loginmonitor, " +
			"internal|monitoring). The rule reports either switch set to false, and operators added to the allow " +
			"list beyond those four.",
		Remediation: "Migrate the remaining operators and API integrations to IMS (technical accounts), then set both " +
			"switches to `true` and remove the extra `allowOperator` entries.",
		Bad: `<serverconf>
  <shared>
    <imsConfig>
      <nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted="false"/>
    </imsConfig>
  </shared>
</serverconf>`,
		Good: `<serverconf>
  <shared>
    <imsConfig>
      <nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted="true"/>
      <nonIMSAuthnAPI disableAPI="true"><allowOperator name="admin"/></nonIMSAuthnAPI>
    </imsConfig>
  </shared>
</serverconf>`,
		URL: docs.IMSImpact,
	},
	Effort:  1,
	Schemas: serverconf.ConfSchemas,
	Run: func(p *audit.Pass) {
		each(p.Entity.Root, "imsConfig", func(ims *xmltree.Element) {
			ims.Walk(func(el *xmltree.Element) bool {
				switch strings.ToLower(el.LocalName()) {
				case "nonimsoperatormgmtinclientconsole":
					if a := el.AttrNode("nonIMSOperatorMgmtInClientConsoleRestricted"); a != nil && srvFalse(a.Value) {
						p.ReportAttr(a, "operators can still be created with a login and password in the console: once every operator uses Adobe IMS, set nonIMSOperatorMgmtInClientConsoleRestricted=\"true\"")
					}
				case "nonimsauthnapi":
					if a := el.AttrNode("disableAPI"); a != nil && srvFalse(a.Value) {
						p.ReportAttr(a, "native operators can still call the API with a login and password: once integrations use technical accounts, set disableAPI=\"true\"")
					}
				case "allowoperator":
					if a := el.AttrNode("name"); a != nil && !imsDefaultOperators[strings.TrimSpace(a.Value)] {
						p.ReportAttr(a, "operator %q is allowed to log on natively beyond the technical operators of the build: migrate it to Adobe IMS and remove it from the list", a.Value)
					}
				}
				return true
			})
		})
	},
}
