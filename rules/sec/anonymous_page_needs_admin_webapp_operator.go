package sec

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

// adminCalls are server calls that need the admin right (or a right the
// admin right includes) in v7.
var adminCalls = map[string]string{
	"EvaluateJavaScript":         "xtk:builder#EvaluateJavaScript needs administration permissions in v7",
	"EvaluateJavaScriptTemplate": "xtk:builder#EvaluateJavaScriptTemplate needs administration permissions in v7",
	"GetCnxInfo":                 "xtk:session#GetCnxInfo is restricted to admin users (21.1.3)",
	"execCommand":                "execCommand needs the PROGRAM EXECUTION (createProcess) right, which admin includes",
	"InstallPackage":             "xtk:builder#InstallPackage writes admin-only schemas",
}

var adminCallNames = func() map[string]bool {
	m := map[string]bool{}
	for n := range adminCalls {
		m[n] = true
	}
	return m
}()

// SecWebAppOperatorRights flags anonymous pages that depend on the webApp
// operator being an administrator.
var SecWebAppOperatorRights = &audit.Rule{
	ID:        "SEC-007",
	Name:      "anonymous-page-needs-admin-webapp-operator",
	Title:     "Anonymous web application or JSSP relying on the admin right of the webApp operator",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  area.Security,
	Doc: audit.Doc{
		Rationale: "\"Out of the box, the webApp operator is an administrator.\" Adobe asks to replace its admin right by " +
			"a dedicated one and to grant it folder rights only; anonymous web applications and JSSPs run as that " +
			"operator (unless they use a specific account), so everything they do that needs admin in v7 breaks on " +
			"the day the operator is hardened. The rule reports, in the server code of anonymous web applications " +
			"(see WEB-002 for how identified ones are recognised) and of custom JSSPs that check no operator " +
			"session and raise their rights with logonEscalation(\"webapp\") (an escalation to another operator does " +
			"not depend on webApp's rights and is left out), the calls reserved to administrators " +
			"(EvaluateJavaScript, EvaluateJavaScriptTemplate, GetCnxInfo, execCommand, InstallPackage) and the writes to the built-in schemas that v7 opens for " +
			"writing to admin operators only (nms:calendar, xtk:operatorGroup, xtk:strings…; writes of code and " +
			"definitions such as xtk:jssp are reported by JSSP-002). Whether the webApp operator still holds admin " +
			"cannot be read from a package: operator rights are not documented in the export format.",
		Remediation: "Move the privileged work into a SOAP method or a workflow run by a technical operator, or give the " +
			"web application a specific account (Properties > Access control > Use a specific account) with exactly " +
			"the rights it needs, then remove admin from the webApp operator.",
		Bad: `<webApp internalName="quickQuote" label="Quick quote" xtkschema="nms:webApp">
  <activities>
    <script name="compute" label="Compute">
      <script>ctx.vars.price = xtk.builder.EvaluateJavaScript(ctx.vars.formula);</script>
    </script>
  </activities>
</webApp>`,
		Good: `<webApp internalName="quickQuote" label="Quick quote" xtkschema="nms:webApp">
  <activities>
    <script name="compute" label="Compute">
      <script>ctx.vars.price = cus.quote.Compute(ctx.vars.productId);</script>
    </script>
  </activities>
</webApp>`,
		URL: docs.AccessMgmt,
	},
	Effort:  2,
	Schemas: []string{"nms:webApp", "xtk:jssp"},
	Run: func(p *audit.Pass) {
		what, runs := "anonymous JSSP", "raises its rights with logonEscalation to those of the webApp operator"
		if p.Entity.Schema == "nms:webApp" {
			runs = "runs as the webApp operator (unless it uses a specific account)"
			if _, identified := webapp.WebAppIdentity(p); identified {
				return
			}
			what = "anonymous web application"
		} else if !webapp.JSSPAnonymous(p) || !escalates(p) {
			return // without logonEscalation an anonymous page has no operator rights at all
		}
		for _, s := range p.Scripts() {
			if !s.Server {
				continue
			}
			webapp.CodeCalls(s, adminCallNames, func(t jsscan.Token, _ int, _ []jsscan.Token) {
				p.ReportToken(s, t, "%s %q %s and calls %s(): %s, so it only works while the webApp "+
					"operator keeps the admin right Adobe asks to remove; move the call to a SOAP method or workflow run by a "+
					"technical operator, or use a specific account with the needed rights", what, p.Entity.Key, runs, t.Text, adminCalls[t.Text])
			})
		}
		for _, w := range webapp.Writes(p, func(s string) bool { return webapp.AdminOnlySchemas[s] && !webapp.CodeSchemas[s] && s != "xtk:builder" }) {
			if w.Browser {
				continue
			}
			p.Reportf(w.Start, w.End, "%s %q %s and writes %s (%s): v7 lets only admin operators "+
				"write this schema, so it only works while the webApp operator keeps the admin right Adobe asks to remove; "+
				"write through a SOAP method or workflow run by a technical operator", what, p.Entity.Key, runs, w.Schema, w.How)
		}
	},
}

// escalates reports whether a page raises its rights to those of the
// webApp operator with logonEscalation("webapp"); an escalation to another
// operator (a technical account of its own) does not depend on webApp's
// rights.
func escalates(p *audit.Pass) bool {
	hit := false
	for _, s := range p.Scripts() {
		if s.Server {
			webapp.CodeCalls(s, map[string]bool{"logonEscalation": true}, func(_ jsscan.Token, i int, code []jsscan.Token) {
				if i+2 < len(code) && code[i+2].Kind == jsscan.String && strings.EqualFold(strings.TrimSpace(code[i+2].Value), "webapp") {
					hit = true
				}
			})
		}
	}
	return hit
}
