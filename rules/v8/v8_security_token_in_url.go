package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// V8SecurityTokenURL flags security tokens passed in GET URLs.
var V8SecurityTokenURL = &audit.Rule{
	ID:        "V8-019",
	Name:      "v8-security-token-in-url",
	Title:     "Security token read from or written into a URL parameter",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Since Campaign v8 (2022 release) \"security tokens are not retrieved from the GET URL securitytoken " +
			"parameter anymore\". Code that reads the token with `request.getParameter(\"securitytoken\")` or builds " +
			"links carrying `securitytoken=` or `__securitytoken=` stops authenticating. The rule reports the " +
			"parameter in string literals of server and browser scripts and JSSP pages.",
		Remediation: "Get the token from the session: `getNewSecurityToken(jsspContext.getSessionToken(), " +
			"jsspContext.getSecurityToken(), true)`, or log on through the Login API and send the token in the " +
			"X-Security-Token header.",
		Bad: `<jssp name="cus/export.jssp" xtkschema="xtk:jssp">
  <data><![CDATA[<% var token = request.getParameter("securitytoken"); %>]]></data>
</jssp>`,
		Good: `<jssp name="cus/export.jssp" xtkschema="xtk:jssp">
  <data><![CDATA[<% var token = getNewSecurityToken(jsspContext.getSessionToken(), jsspContext.getSecurityToken(), true); %>]]></data>
</jssp>`,
		URL: docs.RN2022,
	},
	Effort:   2,
	Keywords: []string{"securitytoken"},
	Run: func(p *audit.Pass) {
		for _, s := range p.Scripts() {
			if !strings.Contains(strings.ToLower(s.Src()), "securitytoken") {
				continue
			}
			c := jsflow.CodeOf(s, jsflow.KindOf(p.Entity, s.Code.Elem))
			for k, t := range s.JS().Tokens {
				if t.Kind != jsscan.String {
					continue
				}
				v := strings.ToLower(t.Value)
				at := strings.Index(v, "securitytoken=")
				if at < 0 && strings.TrimLeft(v, "_") == "securitytoken" && v8GetParameterArg(c, k) {
					at = strings.Index(v, "securitytoken")
				}
				if at < 0 {
					continue
				}
				// The value may be shorter than the token (escapes): report at
				// the token when the offset cannot be mapped.
				if len(t.Value) == t.End-t.Start-2 {
					p.ReportValue(s.JS().Span, t.Start+1+at, t.Start+1+at+len("securitytoken"),
						"the securitytoken URL parameter is ignored since Campaign v8: take the token from the session (getNewSecurityToken) or the X-Security-Token header")
				} else {
					p.ReportToken(s, t, "the securitytoken URL parameter is ignored since Campaign v8: take the token from the session (getNewSecurityToken) or the X-Security-Token header")
				}
			}
		}
	},
}

// v8GetParameterArg reports whether string token k is the first argument
// of a getParameter call (request.getParameter("securitytoken")).
func v8GetParameterArg(c *jsflow.Code, k int) bool {
	open := c.Prev(k)
	if !c.Is(open, "(") {
		return false
	}
	name := c.Prev(open)
	return c.IsName(name) && c.T[name].Text == "getParameter"
}
