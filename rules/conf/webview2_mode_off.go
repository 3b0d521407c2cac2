package conf

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// ConfWebView2Off flags the console rendering left on Internet Explorer.
var ConfWebView2Off = &audit.Rule{
	ID:        "CONF-016",
	Name:      "webview2-mode-off",
	Title:     "Edge Chromium rendering not enabled (webView2Mode=\"0\")",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.ServerConf,
	Doc: audit.Doc{
		Rationale: "Since v7.3 the console renders dashboards with Edge Chromium: \"a new `webView2Mode` attribute is " +
			"available in the Campaign server configuration file `serverConf.xml`. This attribute must be enabled\" " +
			"(`webView2Mode = \"1\"` in the `<web>` module) on every on-premise and hybrid instance. The rule reports " +
			"the attribute written with another value; when it is absent the export cannot tell the build, and " +
			"nothing is reported.",
		Remediation: "Set `<web webView2Mode=\"1\">` on the marketing, mid-sourcing and execution instances, then run " +
			"`nlserver config -reload` and `nlserver restart web`.",
		Bad: `<serverconf>
  <web httpPort="8080" webView2Mode="0"/>
</serverconf>`,
		Good: `<serverconf>
  <web httpPort="8080" webView2Mode="1"/>
</serverconf>`,
		URL: docs.Edge,
	},
	Effort:  0.5,
	Schemas: serverconf.ConfSchemas,
	Run: func(p *audit.Pass) {
		each(p.Entity.Root, "web", func(el *xmltree.Element) {
			if a := el.AttrNode("webView2Mode"); a != nil && strings.TrimSpace(a.Value) != "1" {
				p.ReportAttr(a, "webView2Mode=\"%s\": from v7.3 the attribute must be 1 so that the console renders with Edge Chromium", a.Value)
			}
		})
	},
}
