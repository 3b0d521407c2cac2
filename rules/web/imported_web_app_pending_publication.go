package web

import (
	"fmt"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// WebPendingPublication flags web applications exported in a package, which
// a 7.3.5+ import leaves unpublished.
var WebPendingPublication = &audit.Rule{
	ID:        "WEB-009",
	Name:      "imported-web-app-pending-publication",
	Title:     "Web application imported by package stays in Pending publication",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.WebApps,
	Doc: audit.Doc{
		Rationale: "Since 7.3.5, web forms imported through a package land in the \"Pending publication\" status and " +
			"are not online until someone publishes them; only the technical web applications of the " +
			"Administration folder are published automatically. Each web application of a package export is " +
			"reported (the export does not tell technical applications apart; ignore those).",
		Remediation: "After importing the package into the v7 instance, publish each web form (Publication > " +
			"Publish in the web applications list) and check its URL.",
		Bad: `<package buildNumber="8977" buildVersion="6.1" label="Forms" name="forms" namespace="cus">
  <entities schema="nms:webApp">
    <webApp internalName="newsletterForm" label="Newsletter form">
      <activities><page name="page" label="Subscribe"/></activities>
    </webApp>
  </entities>
</package>`,
		Good: `<webApp internalName="newsletterForm" label="Newsletter form" xtkschema="nms:webApp">
  <activities><page name="page" label="Subscribe"/></activities>
</webApp>`,
		URL: docs.PublishForm,
	},
	Effort:  0.25,
	Scope:   audit.ScopeExport, // republishing and pending imports are one task per migration
	Schemas: []string{"nms:webApp"},
	Run: func(p *audit.Pass) {
		pkg := p.Entity.Package
		if pkg == nil {
			return
		}
		name := pkg.Namespace + ":" + pkg.Name
		if pkg.Name == "" {
			name = "this package"
		}
		p.ReportElement(p.Entity.Root, "web application %q is imported through %s: on a 7.3.5+ instance it stays in Pending "+
			"publication after the import; publish it once imported", p.Entity.Key, quoteIf(name))
	},
}

func quoteIf(s string) string {
	if s == "this package" {
		return s
	}
	return fmt.Sprintf("package %q", s)
}
