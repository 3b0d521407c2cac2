package web

import (
	"regexp"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// webFormCtxRE matches a ctx parameter in the query of a webForm.jsp URL;
// group 1 is the parameter name.
var webFormCtxRE = regexp.MustCompile(`(?i)webForm\.jsp\?(?:[^\s"'<>#]*?&(?:amp;)?)?(ctx)=`)

// WebFormCtxParameter flags links that pass a client ctx to webForm.jsp,
// which build 7.4.3 ignores.
var WebFormCtxParameter = &audit.Rule{
	ID:        "WEB-010",
	Name:      "webform-ctx-parameter",
	Title:     "Link passing a ctx parameter to webForm.jsp",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.WebApps,
	Doc: audit.Doc{
		Rationale: "From build 7.4.3 (9397) \"`webForm.jsp` now ignores client-supplied `ctx` parameters by default\"; " +
			"the `disableCtxInWebForm=\"false\"` bypass (CONF-015) is temporary. A web application, delivery or script " +
			"that opens webForm.jsp with `ctx=` in the query loses the context it passes. The rule reports the " +
			"parameter in attribute values, texts, templates and script string literals.",
		Remediation: "Pass the values the web application needs as its own parameters (declared in its properties) " +
			"or let it read them from the database, instead of a serialised `ctx`.",
		Bad: `<delivery internalName="DM_survey" label="Survey invitation" xtkschema="nms:delivery">
  <content><html><source>&lt;a href="https://acme.example.com/webForm.jsp?fo=SURVEY&amp;ctx=&lt;ctx&gt;&lt;/ctx&gt;"&gt;Answer&lt;/a&gt;</source></html></content>
</delivery>`,
		Good: `<delivery internalName="DM_survey" label="Survey invitation" xtkschema="nms:delivery">
  <content><html><source>&lt;a href="https://acme.example.com/webForm.jsp?fo=SURVEY&amp;id=1234"&gt;Answer&lt;/a&gt;</source></html></content>
</delivery>`,
		URL: docs.Latest,
	},
	Effort:   1,
	Keywords: []string{"webform.jsp"},
	Run: func(p *audit.Pass) {
		walk.LiteralSites(p, nil, func(s walk.Site) {
			for _, m := range webFormCtxRE.FindAllStringSubmatchIndex(s.Text, -1) {
				p.ReportValue(s.Span, m[2], m[3], "%s passes ctx to webForm.jsp (%s), which build 7.4.3 ignores by default: pass the values as parameters of the web application",
					walk.PlaceOf(p, s.Elem), s.Where)
			}
		})
	},
}
