package web

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

// WebIdentifiedApp flags identified web applications: custom JavaScript to
// check, old connection methods, republication.
var WebIdentifiedApp = &audit.Rule{
	ID:        "WEB-002",
	Name:      "identified-web-app-to-adapt",
	Title:     "Identified web application to adapt and republish",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.WebApps,
	Doc: audit.Doc{
		Rationale: "For identified web applications (overviews, approval forms, extranet developments), \"if you had " +
			"added JavaScript, you must check and adapt if necessary. If you wish to benefit from the v7 blue banner … " +
			"you must republish the web application\"; and \"web application connection methods have changed in v7\". " +
			"The export does not document the access-control flag, so a web application counts as identified when " +
			"its code relies on an operator session: the operator's session token (getSessionToken()), the logged " +
			"operator (application.operator), or a link to the operator logon page. Each identified application gets " +
			"one finding (a warning when it holds custom JavaScript, info otherwise), plus a warning on each " +
			"logon(…) call and each new SoapMethodCall(…) (only supported from a sessionTokenOnly zone). The built-in " +
			"v6.02 overviews (taskOverview, lastTasks) run with the operator's session too, but they are not the " +
			"customer's to adapt: the migration removes them or keeps them through the compatibility package " +
			"(WEB-001, SCH-009), so they are left out.",
		Remediation: "Check and adapt the JavaScript of the pages and script activities, replace logon(...) by the " +
			"platform's session (logon page or xtk:session#Logon tokens), then republish; if it cannot connect after the " +
			"postupgrade, temporarily set `allowUserPassword=\"true\"` and `sessionTokenOnly=\"true\"`, run `postupgrade -force`, " +
			"test, and set both back to false.",
		Bad: `<webApp internalName="supplierPortal" label="Supplier portal" xtkschema="nms:webApp">
  <activities>
    <page name="page" label="Orders">
      <html><![CDATA[<p>Welcome <%= application.operator.label %></p>
<script>var call = new SoapMethodCall("xtk:session", "Write");</script>]]></html>
    </page>
  </activities>
</webApp>`,
		Good: `<webApp internalName="newsletterForm" label="Newsletter form" xtkschema="nms:webApp">
  <activities>
    <page name="page" label="Subscribe">
      <html><![CDATA[<p>Subscribe to our newsletter</p>]]></html>
    </page>
  </activities>
</webApp>`,
		URL: docs.MigIdentWeb,
	},
	Effort:  3,
	Schemas: []string{"nms:webApp"},
	Run: func(p *audit.Pass) {
		if webapp.OverviewApps[p.Entity.Key] {
			return // built-in overview: WEB-001 (SQLData) and SCH-009 (built-in exported)
		}
		evidence, identified := webapp.WebAppIdentity(p)
		if !identified {
			return
		}
		root := p.Entity.Root
		if hasCustomJS(p) {
			p.ReportElement(root, "identified web application %q (%s) holds custom JavaScript: check and adapt it to the v7 "+
				"interpreter and connection methods, then republish it to get the v7 banner", p.Entity.Key, evidence)
		} else {
			f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)), "identified web application %q (%s): republish it "+
				"after the postupgrade to get the v7 banner and test its connection", p.Entity.Key, evidence)
			f.Severity = audit.SeverityInfo
			p.Emit(f)
		}
		for _, s := range p.Scripts() {
			code := s.JS().Code()
			for i, t := range code {
				if t.Kind != jsscan.Ident || i+1 >= len(code) || code[i+1].Text != "(" {
					continue
				}
				switch {
				case t.Text == "logon" && (i == 0 || code[i-1].Text != "function"):
					p.ReportToken(s, t, "logon(...) connection method in an identified web application: v7 changed web "+
						"application connections; rely on the operator's session (logon page, xtk:session#Logon tokens)")
				case t.Text == "SoapMethodCall" && i > 0 && code[i-1].Text == "new":
					p.ReportToken(s, t, "new SoapMethodCall(...) is only supported when called from a security zone in "+
						"sessionTokenOnly mode: move the call to server code (a script activity or a SOAP method) or give "+
						"its users a dedicated sessionTokenOnly zone")
				}
			}
		}
	},
}
