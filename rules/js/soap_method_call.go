package js

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// JSSoapMethodCall flags new SoapMethodCall(), supported only from
// sessionTokenOnly security zones.
var JSSoapMethodCall = &audit.Rule{
	ID:        "JS-015",
	Name:      "soap-method-call",
	Title:     "new SoapMethodCall() works only from a sessionTokenOnly security zone",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.JS,
	Compat:    []string{"PU-0004"},
	Doc: audit.Doc{
		Rationale: "The post-upgrade check reports `new SoapMethodCall(` (PU-0004): it \"is only supported when it is " +
			"used in JavaScript code executed from a security zone that is in sessionTokenOnly mode\". The rule " +
			"reports every construction, also written with several spaces, a line break or a space before the " +
			"parenthesis (which the vendor's exact search misses), in browser and server code, and not in " +
			"comments or strings. When the scan holds server configuration files and none of their security " +
			"zones sets `sessionTokenOnly=\"true\"`, the call cannot work: error.",
		Remediation: "Call it only from clients of a dedicated `securityZone` with `sessionTokenOnly=\"true\"` limited " +
			"to the needed addresses, or move the SOAP call to server-side code (a script activity or a JSSP).",
		Bad: `<webApp internalName="quickUpdate" label="Quick update" xtkschema="nms:webApp">
  <activities>
    <page name="page"><html><![CDATA[<script>var call = new SoapMethodCall("xtk:session", "GetOption"); call.execute();</script>]]></html></page>
  </activities>
</webApp>`,
		Good: `<webApp internalName="quickUpdate" label="Quick update" xtkschema="nms:webApp">
  <activities>
    <page name="page"><html><![CDATA[<script>document.controller.submit('next', '_self', 'transition1');</script>]]></html></page>
  </activities>
</webApp>`,
		URL: docs.JSCheck,
	},
	Effort:   2,
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, true, "SoapMethodCall") {
			for i := range c.T {
				n := c.Next(i)
				if !c.IsKeyword(i, "new") || n < 0 || c.T[n].Kind != jsscan.Ident || c.T[n].Text != "SoapMethodCall" || !c.Is(c.Next(n), "(") {
					continue
				}
				start, end := c.Span(i, n)
				f := p.Newf(start, end, "new SoapMethodCall() in %s", c.Where())
				p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
					confs := serverconf.ConfFiles.Keys(ix)
					if len(confs) > 0 && len(serverconf.SessionTokenOnly.Keys(ix)) == 0 {
						f.Severity = audit.SeverityError
						f.Message += " cannot work: no security zone of " + strings.Join(confs, ", ") + " sets sessionTokenOnly=\"true\"; move the call server-side or add a dedicated zone"
						return true
					}
					f.Message += " only works for clients of a security zone with sessionTokenOnly=\"true\"; check the zone of its callers or move the call server-side"
					return true
				})
			}
		}
	},
}
