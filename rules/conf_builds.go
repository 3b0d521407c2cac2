package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// Server configuration settings introduced by recent v7 builds (7.3 to
// 7.4.3) that an upgrade must set or remove.

const (
	srvDocLatest    = docBase + "rn/using/latest-release.md#build-9397"
	srvDocEdge      = docBase + "technotes/using/edge-chromium.md"
	srvDocIMSImpact = docBase + "technotes/using/impact-ims-migration.md"
)

// srvEach calls fn for every element named name (case-insensitive) of a
// server configuration.
func srvEach(root *xmltree.Element, name string, fn func(el *xmltree.Element)) {
	root.Walk(func(el *xmltree.Element) bool {
		if strings.EqualFold(el.LocalName(), name) {
			fn(el)
		}
		return true
	})
}

// srvFalse reads an attribute value set to false or 0.
func srvFalse(v string) bool {
	v = strings.TrimSpace(v)
	return v == "0" || strings.EqualFold(v, "false")
}

// ConfWebFormCtx flags the temporary bypass that lets webForm.jsp read a
// client-supplied ctx again.
var ConfWebFormCtx = &audit.Rule{
	ID:        "CONF-015",
	Name:      "webform-ctx-bypass",
	Title:     "webForm.jsp allowed to read a client-supplied ctx (disableCtxInWebForm=\"false\")",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  srvCatServerConf,
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
		URL: srvDocLatest,
	},
	Effort:  2,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		srvEach(p.Entity.Root, "jsp", func(el *xmltree.Element) {
			if a := el.AttrNode("disableCtxInWebForm"); a != nil && srvFalse(a.Value) {
				p.ReportAttr(a, "disableCtxInWebForm=\"%s\" lets webForm.jsp read a client-supplied ctx again, a temporary bypass of build 7.4.3: stop passing ctx, then remove it", a.Value)
			}
		})
	},
}

// ConfWebView2Off flags the console rendering left on Internet Explorer.
var ConfWebView2Off = &audit.Rule{
	ID:        "CONF-016",
	Name:      "webview2-mode-off",
	Title:     "Edge Chromium rendering not enabled (webView2Mode=\"0\")",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  srvCatServerConf,
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
		URL: srvDocEdge,
	},
	Effort:  0.5,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		srvEach(p.Entity.Root, "web", func(el *xmltree.Element) {
			if a := el.AttrNode("webView2Mode"); a != nil && strings.TrimSpace(a.Value) != "1" {
				p.ReportAttr(a, "webView2Mode=\"%s\": from v7.3 the attribute must be 1 so that the console renders with Edge Chromium", a.Value)
			}
		})
	},
}

// srvIMSDefaultOperators are the technical operators the build allows to
// log on natively.
var srvIMSDefaultOperators = map[string]bool{"admin": true, "aemserver": true, "campaign-loginmonitor": true, "internal|monitoring": true}

// ConfIMSRestrictions flags native authentication left open after the
// move to Adobe IMS.
var ConfIMSRestrictions = &audit.Rule{
	ID:        "CONF-017",
	Name:      "ims-restrictions-off",
	Title:     "Native operator management or API logon left open (imsConfig)",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "From v7.4.1, \"To complete the migration to Adobe Identify Management System (IMS), you must block " +
			"new native user creation, native user login, and API access for native operators\": in `<imsConfig>`, " +
			"`nonIMSOperatorMgmtInClientConsoleRestricted` and `nonIMSAuthnAPI/@disableAPI` set to true. A few " +
			"technical operators stay allowed (`allowOperator` admin, aemserver, campaign-loginmonitor, " +
			"internal|monitoring). The rule reports either switch set to false, and operators added to the allow " +
			"list beyond those four.",
		Remediation: "Migrate the remaining operators and API integrations to IMS (technical accounts), then set both " +
			"switches to `true` and remove the extra `allowOperator` entries.",
		Bad: `<serverconf>
  <shared>
    <imsConfig>
      <nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted="false"/>
    </imsConfig>
  </shared>
</serverconf>`,
		Good: `<serverconf>
  <shared>
    <imsConfig>
      <nonIMSOperatorMgmtInClientConsole nonIMSOperatorMgmtInClientConsoleRestricted="true"/>
      <nonIMSAuthnAPI disableAPI="true"><allowOperator name="admin"/></nonIMSAuthnAPI>
    </imsConfig>
  </shared>
</serverconf>`,
		URL: srvDocIMSImpact,
	},
	Effort:  1,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		srvEach(p.Entity.Root, "imsConfig", func(ims *xmltree.Element) {
			ims.Walk(func(el *xmltree.Element) bool {
				switch strings.ToLower(el.LocalName()) {
				case "nonimsoperatormgmtinclientconsole":
					if a := el.AttrNode("nonIMSOperatorMgmtInClientConsoleRestricted"); a != nil && srvFalse(a.Value) {
						p.ReportAttr(a, "operators can still be created with a login and password in the console: once every operator uses Adobe IMS, set nonIMSOperatorMgmtInClientConsoleRestricted=\"true\"")
					}
				case "nonimsauthnapi":
					if a := el.AttrNode("disableAPI"); a != nil && srvFalse(a.Value) {
						p.ReportAttr(a, "native operators can still call the API with a login and password: once integrations use technical accounts, set disableAPI=\"true\"")
					}
				case "allowoperator":
					if a := el.AttrNode("name"); a != nil && !srvIMSDefaultOperators[strings.TrimSpace(a.Value)] {
						p.ReportAttr(a, "operator %q is allowed to log on natively beyond the technical operators of the build: migrate it to Adobe IMS and remove it from the list", a.Value)
					}
				}
				return true
			})
		})
	},
}
