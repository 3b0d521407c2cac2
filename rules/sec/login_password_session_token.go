package sec

import (
	"regexp"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

var soapTokenRE = regexp.MustCompile(`(?is)<((?:[\w-]+:)?_{0,2}sessiontoken)\b[^>]*>([^<]*)</`)

// isSessionTokenElement matches SOAP session token parameters:
// <sessiontoken>, <__sessiontoken>, <urn:sessiontoken>.
func isSessionTokenElement(el *xmltree.Element) bool {
	return strings.EqualFold(strings.TrimLeft(el.LocalName(), "_"), "sessiontoken")
}

// SecUserPasswordToken flags session tokens of the form login/password.
var SecUserPasswordToken = &audit.Rule{
	ID:        "SEC-002",
	Name:      "login-password-session-token",
	Title:     "Session token written as <login>/<password>",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.Security,
	Doc: audit.Doc{
		Rationale: "A session token of the form \"<login>/<password>\" is only accepted from security zones with " +
			"allowUserPassword=\"true\", which is false by default and which Adobe asks never to leave true: the " +
			"credentials end up in web server and proxy logs. The rule finds such values in __sessiontoken URL " +
			"parameters and in SOAP session token parameters (<sessiontoken>, <__sessiontoken>, <urn:sessiontoken>) " +
			"written in stored XML, E4X literals or strings. When a serverConf.xml of the scan still sets " +
			"allowUserPassword=\"true\" the call works for now, and the finding is a warning naming that zone.",
		Remediation: "Call `xtk:session#Logon` and pass the session token and security token it returns (or link " +
			"through `/nl/jsp/logon.jsp`); for technical callers, use an operator with a trusted IP mask in a " +
			"dedicated sessionTokenOnly zone.",
		Bad: `<javascript name="crmSync.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[
var url = "https://acc.example.com/nl/jsp/soaprouter.jsp?__sessiontoken=crmsync/Summer2019";
]]></data>
</javascript>`,
		Good: `<javascript name="crmSync.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[
var url = "https://acc.example.com/nl/jsp/soaprouter.jsp?__sessiontoken=" + sessionToken;
]]></data>
</javascript>`,
		URL: docs.Zones,
	},
	Effort:   2,
	Requires: []*audit.Collector{serverconf.Collector},
	Keywords: []string{"sessiontoken"},
	Run: func(p *audit.Pass) {
		report := func(start, end int64, format string, args ...any) {
			f := p.Newf(start, end, format, args...)
			p.Defer(f, downgradeForUserPassword)
		}
		webapp.Texts(p, func(x *webapp.Text) {
			if !webapp.HasFold(x.Text, "sessiontoken") {
				return
			}
			for _, t := range literalTokens(x.Text) {
				if loginPassword(t.value) {
					start, end := x.Rng(t.start, t.end)
					report(start, end, "%s passes a <login>/<password> session token (login %q): v7 refuses it unless the "+
						"caller's security zone sets allowUserPassword=\"true\"; log on with xtk:session#Logon and pass the returned tokens", x.Where(), loginOf(t.value))
				}
			}
			for _, m := range soapTokenRE.FindAllStringSubmatchIndex(x.Text, -1) {
				v := strings.TrimSpace(x.Text[m[4]:m[5]])
				if loginPassword(v) && !strings.ContainsAny(v, "{$") {
					start, end := x.Rng(m[4], m[5])
					report(start, end, "%s passes a <login>/<password> SOAP session token (login %q): v7 refuses it unless the "+
						"caller's security zone sets allowUserPassword=\"true\"; log on with xtk:session#Logon and pass the returned tokens", x.Where(), loginOf(v))
				}
			}
		})
		check := func(el *xmltree.Element, suffix string) {
			if !isSessionTokenElement(el) {
				return
			}
			for _, c := range el.Children {
				t, ok := c.(*xmltree.Text)
				if !ok || t.Expr {
					continue
				}
				v := strings.TrimSpace(t.Data)
				if loginPassword(v) && !strings.ContainsAny(v, "{$<") {
					i := strings.Index(t.Data, v)
					start, end := audit.ValueRange(t.Span, i, i+len(v))
					report(start, end, "<%s>%s holds a <login>/<password> session token (login %q): v7 refuses it unless the "+
						"caller's security zone sets allowUserPassword=\"true\"; log on with xtk:session#Logon and pass the returned tokens", el.Name, suffix, loginOf(v))
				}
			}
		}
		p.Entity.Root.Walk(func(el *xmltree.Element) bool { check(el, ""); return true })
		for _, s := range p.Scripts() {
			for _, t := range s.JS().Tokens {
				if t.Kind == jsscan.XML && t.XML != nil {
					t.XML.Walk(func(el *xmltree.Element) bool { check(el, " (E4X literal)"); return true })
				}
			}
		}
	},
}

func loginOf(v string) string {
	login, _, _ := strings.Cut(v, "/")
	return login
}

// downgradeForUserPassword keeps a login/password finding, as a warning
// naming the zone when the scan's configuration still accepts such tokens.
func downgradeForUserPassword(ix *audit.Index, f *audit.Finding) bool {
	vals := serverconf.Flags.Values(ix, "allowUserPassword")
	if len(vals) == 0 {
		return true
	}
	var zones []string
	for _, v := range vals {
		if z := v.Zone + " in " + v.Base; !slices.Contains(zones, z) {
			zones = append(zones, z)
		}
	}
	f.Severity = audit.SeverityWarning
	f.Message += "; it works today only because allowUserPassword=\"true\" on zone " + strings.Join(zones, ", ") + " (see CONF-003)"
	return true
}
