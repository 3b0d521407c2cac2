package js

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSEvaluateJavaScript flags xtk:builder#EvaluateJavaScript(Template),
// reserved to administrators since v7.
var JSEvaluateJavaScript = &audit.Rule{
	ID:        "JS-004",
	Name:      "evaluate-javascript-non-admin",
	Title:     "xtk:builder EvaluateJavaScript called from code that may not run as an administrator",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.JS,
	Doc: audit.Doc{
		Rationale: "\"Administration permissions are now necessary to use the xtk:builder:EvaluateJavaScript and " +
			"xtk:builder:EvaluateJavaScriptTemplate functions.\" Code that calls them as an ordinary operator " +
			"fails after the migration: web applications and reports (run as their visitor), JSSP pages, browser " +
			"code, forms (`<soapCall name=\"EvaluateJavaScript\" service=\"xtk:builder\"/>`), and libraries that " +
			"such code of the scan loads or that implement a SOAP method without `access=\"admin\"` (error). In " +
			"workflows and in libraries with no such caller the call is reported as info: it works when an " +
			"administrator runs it. Out of the box the webApp operator is an administrator, so anonymous web " +
			"applications keep working until that operator is hardened. SOAP method names in strings " +
			"(`\"xtk:builder#EvaluateJavaScript\"`) are found too; comments are not.",
		Remediation: "Move the evaluated logic into a library function or a SOAP method (`<method name=\"Compute\" " +
			"library=\"cus:compute.js\" access=\"admin\"/>`) executed with the required rights, or run the code " +
			"under an administrator knowingly.",
		Bad: `<webApp internalName="preview" label="Preview" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>ctx.vars.html = xtk.builder.EvaluateJavaScriptTemplate("cus:preview", ctx);</script></script>
  </activities>
</webApp>`,
		Good: `<webApp internalName="preview" label="Preview" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>ctx.vars.html = cus.preview.Render(ctx);</script></script>
  </activities>
</webApp>`,
		URL: docs.NewFeatures,
	},
	Effort:   4,
	Requires: []*audit.Collector{jsflow.LibraryCollector},
	Run: func(p *audit.Pass) {
		jsRunAdminAPI(p, "xtk:builder", []string{"EvaluateJavaScript", "EvaluateJavaScriptTemplate"},
			"v7 requires administration rights for it; move the logic into a library or SOAP method run with those rights")
	},
}
