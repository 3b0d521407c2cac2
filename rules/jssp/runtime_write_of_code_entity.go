package jssp

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

// JSSPRuntimeCodeWrite flags pages that create or update code entities at
// run time.
var JSSPRuntimeCodeWrite = &audit.Rule{
	ID:        "JSSP-002",
	Name:      "runtime-write-of-code-entity",
	Title:     "Web page writing JSSP, JavaScript or other code entities at run time",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  area.WebApps,
	Doc: audit.Doc{
		Rationale: "In v7, xtk:jssp, xtk:javascript, xtk:jst, xtk:xslt, xtk:sql, xtk:srcSchema, xtk:form, xtk:navtree " +
			"and xtk:funcList (among the out-of-the-box schemas listed in the migration guide) are writable by " +
			"operators with the admin right only. Web applications, reports and JSSPs run as the webApp operator or " +
			"as the visiting operator, and browser code with the user's session: code in them that creates or " +
			"updates such entities (an E4X document carrying xtkschema=\"xtk:jssp\" for xtk.session.Write, an " +
			"<entities schema=\"xtk:javascript\"> package, XML built in a string, or `x = xtk.jssp.create(...)` " +
			"followed by `x.save()`) fails for non-admin callers, and generating code from a page is a code-injection " +
			"risk in any case. Query documents (xtk:queryDef) are reads and are not reported, nor are pages whose server " +
			"code checks the admin right (hasNamedRight(\"admin\"), hasRight(\"admin\")): only administrators reach " +
			"their writes.",
		Remediation: "Maintain code entities through packages imported by an administrator; if the content really is " +
			"dynamic, store it as data (an option or a custom table) that fixed code reads.",
		Bad: `<jssp name="publishBanner.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<%
  var html = request.getParameter("html");
  xtk.session.Write(<jssp xtkschema="xtk:jssp" name="banner.jssp" namespace="cus" _operation="insertOrUpdate">
    <data>{html}</data></jssp>);
%>]]></data>
</jssp>`,
		Good: `<jssp name="publishBanner.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<%
  var html = request.getParameter("html");
  xtk.session.Write(<option xtkschema="xtk:option" name="cusBannerHtml" _operation="insertOrUpdate" stringValue={html}/>);
%>]]></data>
</jssp>`,
		URL: docs.MigNew,
	},
	Effort:  2,
	Schemas: []string{"nms:webApp", "xtk:jssp", "xtk:report"},
	Run: func(p *audit.Pass) {
		if checksAdminRight(p) {
			return // only administrators reach the write, and v7 lets them write code
		}
		kind := map[string]string{"nms:webApp": "web application", "xtk:jssp": "JSSP", "xtk:report": "report"}[p.Entity.Schema]
		for _, w := range webapp.Writes(p, func(s string) bool { return webapp.CodeSchemas[s] }) {
			runner := "its server code runs as the webApp operator or the visiting operator"
			if w.Browser {
				runner = "browser code runs with the visitor's session"
			}
			p.Reportf(w.Start, w.End, "%s %q writes a %s entity at run time (%s): v7 lets only admin operators write %s, and %s; "+
				"deliver code through packages and keep dynamic content in data", kind, p.Entity.Key, w.Schema, w.How, w.Schema, runner)
		}
	},
}

// rightChecks are the calls by which server code tests an operator right.
var rightChecks = map[string]bool{"hasNamedRight": true, "hasRight": true}

// checksAdminRight reports whether the server code of the page tests the
// admin right of the operator (hasNamedRight("admin")).
func checksAdminRight(p *audit.Pass) bool {
	hit := false
	for _, s := range p.Scripts() {
		if !s.Server {
			continue
		}
		webapp.CodeCalls(s, rightChecks, func(_ jsscan.Token, i int, code []jsscan.Token) {
			if i+3 < len(code) && code[i+2].Kind == jsscan.String && code[i+2].Value == "admin" && code[i+3].Text == ")" {
				hit = true
			}
		})
	}
	return hit
}
