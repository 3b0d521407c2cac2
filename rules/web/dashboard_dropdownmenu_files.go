package web

import (
	"regexp"
	"slices"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

var dropDownRE = regexp.MustCompile(`(?i)\bdropDownMenu\.(?:css|js)\b`)

// WebDashboardFiles flags references to the dashboard files v7 no longer
// delivers.
var WebDashboardFiles = &audit.Rule{
	ID:        "WEB-005",
	Name:      "dashboard-dropdownmenu-files",
	Title:     "Reference to dropDownMenu.css or dropDownMenu.js, no longer delivered",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.WebApps,
	From:      []string{audit.V602, audit.V61},
	Doc: audit.Doc{
		Rationale: "After the migration \"some files delivered beforehand are not delivered\": the dashboards of " +
			"v6.02/v6.1 loaded dropDownMenu.css and dropDownMenu.js (datakit/xtk/eng/css and js/client in v6.02, " +
			"deprecated/xtk/css and js/client in v6.1), and \"if a client error appears, you have to either update " +
			"your dashboards with the new Adobe Campaign v7 code, or manually copy the following files\". The rule " +
			"finds the file names in page markup, attributes, script strings and E4X literals of any entity " +
			"(web applications, dashboards, navigation trees, JSSP), comments excluded.",
		Remediation: "Rebuild the menu with v7 code, or copy dropDownMenu.css and dropDownMenu.js from the old instance " +
			"into the v7 installation and reference the copies (`<link rel=\"stylesheet\" href=\"/cus/css/dropDownMenu.css\"/>`).",
		Bad: `<webApp internalName="homeDashboard" label="Home dashboard" xtkschema="nms:webApp">
  <activities>
    <page name="page" label="Home">
      <html><![CDATA[<link rel="stylesheet" href="/xtk/css/dropDownMenu.css"/><div class="menu"></div>]]></html>
    </page>
  </activities>
</webApp>`,
		Good: `<webApp internalName="homeDashboard" label="Home dashboard" xtkschema="nms:webApp">
  <activities>
    <page name="page" label="Home">
      <html><![CDATA[<!-- was /xtk/css/dropDownMenu.css --><link rel="stylesheet" href="/cus/css/menu.css"/><div class="menu"></div>]]></html>
    </page>
  </activities>
</webApp>`,
		URL: docs.MigPlatform,
	},
	Effort: 1,
	Run: func(p *audit.Pass) {
		// Every text Texts visits is decoded from the entity's source.
		if slices.Contains(serverconf.ConfSchemas, p.Entity.Schema) || !p.Mentions("dropdownmenu.") {
			return
		}
		webapp.Texts(p, func(x *webapp.Text) {
			if !webapp.HasFold(x.Text, "dropdownmenu.") {
				return
			}
			for _, m := range dropDownRE.FindAllStringIndex(x.Text, -1) {
				start, end := x.Rng(m[0], m[1])
				p.Reportf(start, end, "%s references %s, which v7 no longer delivers: update the dashboard with v7 code "+
					"or copy the file from the old instance and reference the copy", x.Where(), x.Text[m[0]:m[1]])
			}
		})
	},
}
