package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
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
			"export, the code that opens such sessions, and the logons to another instance: `Logon` on a SoapService " +
			"of xtk:session (`new SoapService(cnx, \"xtk:session\")`, as the web service documentation writes it) and " +
			"`NL.ExecutionInstance.logonRemote(url, login, password)`. Whether the login is a technical operator " +
			"cannot always be seen, hence the medium precision.",
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
		for _, c := range jsflow.Codes(p, false, "Logon", "logonRemote") {
			c.Calls("Logon", func(i, _ int, member bool) {
				if !member {
					return
				}
				switch recv := v8Receiver(c, i); {
				case v8SessionReceivers[recv]:
					p.ReportToken(c.S, c.T[i], "%s.Logon() opens a session with a login and password: Campaign v8 requires a technical account (Adobe IMS, OAuth Server-to-Server) for API access", recv)
				case v8SessionService(c, recv, i):
					p.ReportToken(c.S, c.T[i], "%s.Logon() on a SoapService of xtk:session opens a session on a Campaign instance with a login and password: Campaign v8 requires a technical account (Adobe IMS, OAuth Server-to-Server) for API access", recv)
				}
			})
			c.Calls("logonRemote", func(i, _ int, member bool) {
				if member && v8Receiver(c, i) == "ExecutionInstance" {
					p.ReportToken(c.S, c.T[i], "NL.ExecutionInstance.logonRemote() logs on to the remote instance with a login and password: Campaign v8 requires a technical account (Adobe IMS, OAuth Server-to-Server) for API access")
				}
			})
		}
	},
}

// v8SessionService reports whether name, at token at, holds a SoapService
// of xtk:session (new SoapService(cnx, "xtk:session")), the documented way
// to call xtk:session#Logon on another instance.
func v8SessionService(c *jsflow.Code, name string, at int) bool {
	if name == "" {
		return false
	}
	a, _ := c.LastAssign(name, at)
	if a == nil || a.Lo < 0 {
		return false
	}
	service, session := false, false
	for k := a.Lo; k < a.Hi && k < len(c.T); k++ {
		switch t := c.T[k]; {
		case t.Kind == jsscan.Ident && t.Text == "SoapService":
			service = true
		case t.Kind == jsscan.String && strings.EqualFold(strings.TrimSpace(t.Value), "xtk:session"):
			session = true
		}
	}
	return service && session
}
