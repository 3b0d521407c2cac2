package web

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

// WebAnonymousApp flags anonymous web applications to republish.
var WebAnonymousApp = &audit.Rule{
	ID:        "WEB-003",
	Name:      "anonymous-web-app-to-republish",
	Title:     "Anonymous web application to republish and test after the postupgrade",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  area.WebApps,
	Doc: audit.Doc{
		Rationale: "Anonymous web applications (web forms, surveys) run as the webApp operator; after the " +
			"postupgrade, \"if you encounter any problems, republish the web application\". Every web application " +
			"that WEB-002 does not classify as identified is reported once, so that the migration plan lists them. " +
			"Overview web applications (taskOverview, lastTasks and copies named *Overview) open in the console " +
			"with the operator's session: they are not anonymous and stay silent.",
		Remediation: "Republish the web application after the postupgrade (Publication button of the web " +
			"applications list) and test each page and its JavaScript.",
		Bad: `<webApp internalName="newsletterForm" label="Newsletter form" xtkschema="nms:webApp">
  <activities>
    <page name="page" label="Subscribe"><html><![CDATA[<p>Subscribe to our newsletter</p>]]></html></page>
  </activities>
</webApp>`,
		Good: `<webApp internalName="supplierPortal" label="Supplier portal" xtkschema="nms:webApp">
  <activities>
    <page name="page" label="Orders"><html><![CDATA[<p>Welcome <%= application.operator.label %></p>]]></html></page>
  </activities>
</webApp>`,
		URL: docs.MigAnonWeb,
	},
	Effort:  0.5,
	Scope:   audit.ScopeExport, // republishing and pending imports are one task per migration
	Schemas: []string{"nms:webApp"},
	Run: func(p *audit.Pass) {
		if _, identified := webapp.WebAppIdentity(p); identified {
			return
		}
		// Overviews (the built-in ones and their *Overview copies, as
		// WEB-001 tells them) are lists operators open in the console,
		// logged on: never anonymous.
		if key := p.Entity.Key; webapp.OverviewApps[key] || strings.HasSuffix(strings.ToLower(key), "overview") {
			return
		}
		what := "it has no custom JavaScript"
		if hasCustomJS(p) {
			what = "test its custom JavaScript with the v7 interpreter"
		}
		p.ReportElement(p.Entity.Root, "anonymous web application %q: republish it after the postupgrade and test it (%s)", p.Entity.Key, what)
	},
}
