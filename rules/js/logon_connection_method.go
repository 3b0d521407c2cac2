package js

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// JSLogonMethod flags the logon( connection method.
var JSLogonMethod = &audit.Rule{
	ID:        "JS-014",
	Name:      "logon-connection-method",
	Title:     "Deprecated logon() connection method",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.JS,
	Compat:    []string{"PU-0003"},
	Doc: audit.Doc{
		Rationale: "The post-upgrade check reports `logon(` (PU-0003): \"This connection method must no longer be " +
			"used\"; earlier versions of the page tied it to identified web applications, whose connection " +
			"methods changed in v7. The rule reports calls of a function or method named exactly `logon`, " +
			"whitespace before the parenthesis included (which the vendor search misses), in server and " +
			"browser code. The SOAP method `Logon` (`session.Logon(…)`, `xtk:session#Logon`) is the documented API " +
			"and is not reported; nor are identifiers that merely contain the word (`logonRemote(`, " +
			"`logonEscalation`), variables named logon, comments, and calls of a `logon` function the " +
			"customer's code declares.",
		Remediation: "Let the platform authenticate: session tokens issued by Campaign, the `/nl/jsp/logon.jsp` " +
			"redirection (`/nl/jsp/logon.jsp?login=<trusted login>&action=submit&target=/view/home`), or SOAP " +
			"`xtk:session#Logon` from server code.",
		Bad: `<webApp internalName="extranet" label="Extranet" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>var session = logon(ctx.vars.login, ctx.vars.password);</script></script>
  </activities>
</webApp>`,
		Good: `<webApp internalName="extranet" label="Extranet" xtkschema="nms:webApp">
  <activities>
    <script name="script"><script>var operator = application.operator.login;</script></script>
  </activities>
</webApp>`,
		URL: docs.JSCheck,
	},
	Effort:   3,
	Requires: []*audit.Collector{jsflow.LibraryCollector},
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, true, "logon") {
			if c.DeclaresFunction("logon") {
				continue
			}
			c.Calls("logon", func(i, open int, member bool) {
				start, end := c.Span(i, open)
				f := p.Newf(start, end, "%s() in %s: the logon() connection method must no longer be used in v7; rely on session tokens or /nl/jsp/logon.jsp", c.Text(c.ChainStart(i), i+1), c.Where())
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					return member || !jsflow.FuncDeclared.Has(ix, "logon")
				})
			})
		}
	},
}
