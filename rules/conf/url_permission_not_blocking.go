package conf

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfURLPermissionMode flags outgoing URL protection left in a permissive
// mode.
var ConfURLPermissionMode = &audit.Rule{
	ID:        "CONF-010",
	Name:      "url-permission-not-blocking",
	Title:     "Outgoing URL protection in warning or permissive mode",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.ServerConf,
	Doc: audit.Doc{
		Rationale: "shared > urlPermission/@action decides what happens to URLs that JavaScript calls outside the " +
			"allowlist: deny (default, and the mode after a postupgrade) blocks them, warn lets them through with " +
			"JST-310027 warnings, ignore lets them through silently. Adobe documents warn as the temporary mode " +
			"that lets a migrated instance inventory its outgoing traffic before switching to blocking; ignore " +
			"disables the protection.",
		Remediation: "Collect the JST-310027 warnings, add each legitimate host to the allowlist " +
			"(`<url dnsSuffix=\"abc.company1.com\" urlRegEx=\"https://abc.company1.com/.*\"/>`), then set " +
			"`<urlPermission action=\"deny\">`.",
		Bad: `<serverconf>
  <shared>
    <urlPermission action="warn" debugTrace="true">
      <url dnsSuffix="abc.company1.com" urlRegEx=".*"/>
    </urlPermission>
  </shared>
</serverconf>`,
		Good: `<serverconf>
  <shared>
    <urlPermission action="deny" debugTrace="false">
      <url dnsSuffix="abc.company1.com" urlRegEx="https://abc.company1.com/.*"/>
    </urlPermission>
  </shared>
</serverconf>`,
		URL: docs.URLPerm,
	},
	Effort:  4,
	Schemas: serverconf.ConfSchemas,
	Run: func(p *audit.Pass) {
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() != "urlPermission" {
				return true
			}
			a := el.AttrNode("action")
			if a == nil {
				return false
			}
			switch strings.ToLower(strings.TrimSpace(a.Value)) {
			case "warn":
				p.ReportAttr(a, "urlPermission action=\"warn\" lets JavaScript call URLs outside the allowlist (logged as "+
					"JST-310027): add the legitimate hosts as <url dnsSuffix=\"...\" urlRegEx=\"...\"/>, then set action=\"deny\"")
			case "ignore":
				p.ReportAttr(a, "urlPermission action=\"ignore\" disables the outgoing URL protection: JavaScript can call "+
					"any URL without trace; switch to action=\"warn\" to inventory the calls, then to action=\"deny\"")
			}
			return false
		})
	},
}
