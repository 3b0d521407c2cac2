package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// V8Logon flags code that logs on with a login and password.
var V8Logon = &audit.Rule{
	ID:        "V8-003",
	Name:      "v8-logon-technical-operator",
	Title:     "Integration logging on with xtk:session#Logon (login and password)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "\"If you are making API calls from a system external to Campaign into either their Campaign " +
			"Marketing instance or the Real-Time Message Center instance, you must migrate the technical operator(s) " +
			"to technical account(s)\", which is \"**mandatory** starting Campaign v8.6\": \"Connecting with " +
			"user/password (aka native authentication) will no longer be allowed.\" The rule reports calls of " +
			"`Logon` on a session object (`xtk.session.Logon(…)`, `NLWS.xtkSession.Logon(…)`) in scripts of the " +
			"export, the code that opens such sessions. Whether the login is a technical operator cannot always be " +
			"seen, hence the medium precision.",
		Remediation: "Create a technical account in the Adobe Developer Console (OAuth Server-to-Server), give it the " +
			"product profile the integration needs, and authenticate with its access token instead of a login and password.",
		Bad: `<javascript name="remote.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var token = xtk.session.Logon("integration", getOption("cusRemotePwd"), <param/>);]]></data>
</javascript>`,
		Good: `<javascript name="remote.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[var token = getOption("cusRemoteAccessToken");]]></data>
</javascript>`,
		URL: docs.IMS,
	},
	Effort: 4,
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, false, "Logon") {
			c.Calls("Logon", func(i, _ int, member bool) {
				if member && v8SessionReceivers[v8Receiver(c, i)] {
					p.ReportToken(c.S, c.T[i], "%s.Logon() opens a session with a login and password: Campaign v8 requires a technical account (Adobe IMS, OAuth Server-to-Server) for API access", v8Receiver(c, i))
				}
			})
		}
	},
}
