package rules

import (
	"fmt"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xtk"
)

// WebOverviewSQLData flags v6.02 overview web applications built on
// SQLData.
var WebOverviewSQLData = &audit.Rule{
	ID:        "WEB-001",
	Name:      "overview-web-app-with-sqldata",
	Title:     "v6.02 overview web application built on SQLData",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  srvCatWebApps,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "The v6.02 overview web applications (taskOverview, lastTasks, and the other *Overview lists) " +
			"\"used SQLData and are not compatible with v7, due to heightened security. These errors will lead to a " +
			"migration failure\" (the postupgrade logs them as PU-0006). The rule reports once per overview web " +
			"application that still holds [SQLDATA[ in an expression, a text or a script string (comments and " +
			"labels ignored), with the number of occurrences; each occurrence is also reported by SQL-001. Renamed " +
			"copies of the overviews are not recognised.",
		Remediation: "If the overview is not used, run `nlserver javascript -instance:<instance> -file " +
			"<install>/datakit/xtk/fra/js/removeOldWebApp.js` and rerun the postupgrade; if it is, rewrite its " +
			"queries with `<subQuery>`/aggregate syntax (temporarily setting allowSQLInjection=\"true\" and running " +
			"`postupgrade -force`, then back to false).",
		Bad: `<webApp internalName="taskOverview" label="Tasks overview" xtkschema="nms:webApp">
  <activities>
    <query name="tasks" schema="nms:task">
      <where><condition expr="[@owner-id] IN ([SQLDATA[select iGroupId from XtkOperatorGroup]])"/></where>
    </query>
  </activities>
</webApp>`,
		Good: `<webApp internalName="taskOverview" label="Tasks overview" xtkschema="nms:webApp">
  <activities>
    <query name="tasks" schema="nms:task">
      <where>
        <condition expr="[@owner-id]" setOperator="IN">
          <subQuery schema="xtk:operatorGroup"><select><node expr="[@group-id]"/></select></subQuery>
        </condition>
      </where>
    </query>
  </activities>
</webApp>`,
		URL: srvDocMigPlatform,
	},
	Effort:      8,
	Schemas:     []string{"nms:webApp"},
	RootCauses:  []string{"SQL-001"},
	Consequence: "it sits in an overview web application, which the postupgrade stops on: remove it with removeOldWebApp.js if unused, else rewrite its queries (WEB-001)",
	Run: func(p *audit.Pass) {
		key := p.Entity.Key
		builtIn := srvOverviewApps[key]
		if !builtIn && !strings.HasSuffix(strings.ToLower(key), "overview") {
			return
		}
		count := 0
		var first struct {
			start, end int64
			where      string
		}
		srvTexts(p, func(x *srvText) {
			for _, r := range xtk.SQLData(x.text) {
				if count == 0 {
					first.start, first.end = x.rng(r.Start, min(r.Start+9, r.End))
					first.where = x.where()
				}
				count++
			}
		})
		if count == 0 {
			return
		}
		advice := "rewrite its queries with <subQuery> and aggregates (allowSQLInjection=\"true\" only while rewriting)"
		if builtIn {
			advice = "if it is unused, remove it with removeOldWebApp.js and rerun the postupgrade; otherwise " + advice
		}
		p.Reportf(first.start, first.end, "overview web application %q still uses SQLData (%d occurrence(s), first in %s): "+
			"the postupgrade fails on it (PU-0006); %s", key, count, first.where, advice)
	},
}

// srvHasCustomJS reports whether a web application carries JavaScript of
// its own: script activities, server code in pages, or browser scripts.
func srvHasCustomJS(p *audit.Pass) bool {
	for _, s := range p.Scripts() {
		if len(s.JS.Code()) > 0 {
			return true
		}
	}
	return false
}

// WebIdentifiedApp flags identified web applications: custom JavaScript to
// check, old connection methods, republication.
var WebIdentifiedApp = &audit.Rule{
	ID:        "WEB-002",
	Name:      "identified-web-app-to-adapt",
	Title:     "Identified web application to adapt and republish",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  srvCatWebApps,
	Doc: audit.Doc{
		Rationale: "For identified web applications (overviews, approval forms, extranet developments), \"if you had " +
			"added JavaScript, you must check and adapt if necessary. If you wish to benefit from the v7 blue banner … " +
			"you must republish the web application\"; and \"web application connection methods have changed in v7\". " +
			"The export does not document the access-control flag, so a web application counts as identified when " +
			"its code relies on an operator session: the operator's session token (getSessionToken()), the logged " +
			"operator (application.operator), or a link to the operator logon page. Each identified application gets " +
			"one finding (a warning when it holds custom JavaScript, info otherwise), plus a warning on each " +
			"logon(…) call and each new SoapMethodCall(…) (only supported from a sessionTokenOnly zone).",
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
		URL: srvDocMigIdentWeb,
	},
	Effort:  3,
	Schemas: []string{"nms:webApp"},
	Run: func(p *audit.Pass) {
		evidence, identified := srvWebAppIdentity(p)
		if !identified {
			return
		}
		root := p.Entity.Root
		if srvHasCustomJS(p) {
			p.ReportElement(root, "identified web application %q (%s) holds custom JavaScript: check and adapt it to the v7 "+
				"interpreter and connection methods, then republish it to get the v7 banner", p.Entity.Key, evidence)
		} else {
			f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)), "identified web application %q (%s): republish it "+
				"after the postupgrade to get the v7 banner and test its connection", p.Entity.Key, evidence)
			f.Severity = audit.SeverityInfo
			p.Emit(f)
		}
		for _, s := range p.Scripts() {
			code := s.JS.Code()
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

// WebAnonymousApp flags anonymous web applications to republish.
var WebAnonymousApp = &audit.Rule{
	ID:        "WEB-003",
	Name:      "anonymous-web-app-to-republish",
	Title:     "Anonymous web application to republish and test after the postupgrade",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  srvCatWebApps,
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
		URL: srvDocMigAnonWeb,
	},
	Effort:  0.5,
	Scope:   audit.ScopeExport, // republishing and pending imports are one task per migration
	Schemas: []string{"nms:webApp"},
	Run: func(p *audit.Pass) {
		if _, identified := srvWebAppIdentity(p); identified {
			return
		}
		// Overviews (the built-in ones and their *Overview copies, as
		// WEB-001 tells them) are lists operators open in the console,
		// logged on: never anonymous.
		if key := p.Entity.Key; srvOverviewApps[key] || strings.HasSuffix(strings.ToLower(key), "overview") {
			return
		}
		what := "it has no custom JavaScript"
		if srvHasCustomJS(p) {
			what = "test its custom JavaScript with the v7 interpreter"
		}
		p.ReportElement(p.Entity.Root, "anonymous web application %q: republish it after the postupgrade and test it (%s)", p.Entity.Key, what)
	},
}

// WebPendingPublication flags web applications exported in a package, which
// a 7.3.5+ import leaves unpublished.
var WebPendingPublication = &audit.Rule{
	ID:        "WEB-009",
	Name:      "imported-web-app-pending-publication",
	Title:     "Web application imported by package stays in Pending publication",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  srvCatWebApps,
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
		URL: srvDocPublishForm,
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
			"publication after the import; publish it once imported", p.Entity.Key, srvQuoteIf(name))
	},
}

func srvQuoteIf(s string) string {
	if s == "this package" {
		return s
	}
	return fmt.Sprintf("package %q", s)
}
