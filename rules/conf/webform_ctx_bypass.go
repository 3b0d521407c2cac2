package conf

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfWebFormCtx flags the temporary bypass that lets webForm.jsp read a
// client-supplied ctx again.
var ConfWebFormCtx = &audit.Rule{
	ID:        "CONF-015",
	Name:      "webform-ctx-bypass",
	Title:     "webForm.jsp allowed to read a client-supplied ctx (disableCtxInWebForm=\"false\")",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.ServerConf,
	Doc: audit.Doc{
		Rationale: "From build 7.4.3 (9397) \"`webForm.jsp` now ignores client-supplied `ctx` parameters by default " +
			"(controlled by the `disableCtxInWebForm` option, which defaults to `true`)\". The documented way to keep " +
			"old links working, `<jsp disableCtxInWebForm=\"false\"/>` in the `<web>` element, is temporary: \"Plan to " +
			"phase out this usage over time.\" The rule reports the attribute set to false.",
		Remediation: "Stop passing `ctx` to webForm.jsp (let the web application build its context from its own " +
			"parameters), then remove the attribute.",
		Bad: `<serverconf>
  <web>
    <jsp disableCtxInWebForm="false"/>
  </web>
</serverconf>`,
		Good: `<serverconf>
  <web>
    <jsp/>
  </web>
</serverconf>`,
		URL: docs.Latest,
	},
	Effort:  2,
	Schemas: serverconf.ConfSchemas,
	Run: func(p *audit.Pass) {
		each(p.Entity.Root, "jsp", func(el *xmltree.Element) {
			if a := el.AttrNode("disableCtxInWebForm"); a != nil && srvFalse(a.Value) {
				p.ReportAttr(a, "disableCtxInWebForm=\"%s\" lets webForm.jsp read a client-supplied ctx again, a temporary bypass of build 7.4.3: stop passing ctx, then remove it", a.Value)
			}
		})
	},
}
