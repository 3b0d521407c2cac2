package sec

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

// SecSessionTokenLink flags links passing a trusted login as
// __sessiontoken.
var SecSessionTokenLink = &audit.Rule{
	ID:        "SEC-001",
	Name:      "sessiontoken-url-parameter",
	Title:     "Link passing a trusted login in the __sessiontoken URL parameter",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Security,
	Doc: audit.Doc{
		Rationale: "\"In v5, the sessiontoken parameter worked on both client side (list of overview type screens, link " +
			"editor, etc.) and server side (web applications, reports, jsp, jssp, etc.). In v7, it only works on the " +
			"server side.\" Links such as /view/recipientOverview?__sessiontoken=<trusted login> (an operator with a " +
			"trusted IP mask) stop working and must go through the logon page. The rule reads every link of every " +
			"entity (page markup, attributes, script string literals, E4X literals; comments and labels excluded) " +
			"and reports a __sessiontoken parameter whose value is written literally. Tokens generated on the " +
			"server (`&__sessiontoken=<%=document.controller.getSessionToken()%>`, documented for overviews), " +
			"values built by concatenation, SOAP <__sessiontoken> parameters and the netreport sessiontoken attribute " +
			"are not URL parameters and are not reported; `<login>/<password>` values are reported by SEC-002.",
		Remediation: "Open the page through the logon page: " +
			"`/nl/jsp/logon.jsp?login=<trusted login>&action=submit&target=/view/recipientOverview`; give the " +
			"trusted-IP-mask operator the minimum rights and a sessionTokenOnly zone limited to the needed addresses.",
		Bad: `<navtree name="extranet" namespace="cus" label="Extranet" xtkschema="xtk:navtree">
  <model name="root">
    <nodeModel name="overview" label="Overview" href="/view/recipientOverview?__sessiontoken=extranet"/>
  </model>
</navtree>`,
		Good: `<navtree name="extranet" namespace="cus" label="Extranet" xtkschema="xtk:navtree">
  <model name="root">
    <nodeModel name="overview" label="Overview" href="/nl/jsp/logon.jsp?login=extranet&amp;action=submit&amp;target=/view/recipientOverview"/>
  </model>
</navtree>`,
		URL: docs.MigToken,
	},
	Effort:   1,
	Keywords: []string{"sessiontoken"},
	Run: func(p *audit.Pass) {
		webapp.Texts(p, func(x *webapp.Text) {
			if !webapp.HasFold(x.Text, "__sessiontoken=") {
				return
			}
			for _, t := range literalTokens(x.Text) {
				if loginPassword(t.value) {
					continue
				}
				target := t.urlPath
				if target == "" {
					target = "<page>"
				}
				start, end := x.Rng(t.start, t.end)
				p.Reportf(start, end, "%s passes the login %q as __sessiontoken: v7 accepts this parameter on "+
					"the server side only; link through /nl/jsp/logon.jsp?login=%s&action=submit&target=%s", x.Where(), t.value, t.value, target)
			}
		})
	},
}
