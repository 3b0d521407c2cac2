package js

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSGetCnxInfo flags xtk:session#GetCnxInfo, restricted to administrators
// by build 21.1.3.
var JSGetCnxInfo = &audit.Rule{
	ID:        "JS-011",
	Name:      "getcnxinfo-non-admin",
	Title:     "xtk:session#GetCnxInfo called from code that may not run as an administrator",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.JS,
	Doc: audit.Doc{
		Rationale: "Build 21.1.3: \"Access to the xtk:session#GetCnxInfo API method returning the full database " +
			"connection details is now restricted to admin users only.\" Calls from web applications, reports, " +
			"JSSP pages, browser code, forms, and libraries loaded by them or implementing non-admin SOAP " +
			"methods fail (error); in workflows and in libraries without such a caller the call is reported as " +
			"info, since an administrator usually runs them. Strings that are the SOAP action itself " +
			"(`\"xtk:session#GetCnxInfo\"`, as a SOAPAction header or addMethod argument) and " +
			"`<soapCall name=\"GetCnxInfo\" service=\"xtk:session\"/>` are found too; a sentence naming " +
			"the method (a log message) calls nothing and is not reported.",
		Remediation: "Do not read database connection details from application code: use the data APIs " +
			"(`xtk.queryDef.create(…).ExecuteQuery()`, `sqlGetString(…)`), or an external account.",
		Bad: `<jssp name="dbInfo.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var cnx = xtk.session.GetCnxInfo(); %><p><%= cnx.@server %></p>]]></data>
</jssp>`,
		Good: `<jssp name="dbInfo.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var n = sqlGetInt("SELECT count(*) FROM CusOrder"); %><p><%= n %></p>]]></data>
</jssp>`,
		URL: docs.RN2021 + "#release-21-1-3-build-9330",
	},
	Effort:   2,
	Requires: []*audit.Collector{jsflow.LibraryCollector},
	Run: func(p *audit.Pass) {
		jsRunAdminAPI(p, "xtk:session", []string{"GetCnxInfo"},
			"build 21.1.3 restricts it to administrators; do not read connection details from application code")
	},
}
