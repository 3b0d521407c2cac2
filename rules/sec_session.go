package rules

import (
	"regexp"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// A literal session token in a URL or a SOAP envelope is either a trusted
// login (an operator whose trusted IP mask lets the token be its login) or
// a "<login>/<password>" pair. Values produced at run time (a <% %> block,
// a concatenation, an E4X {expression}, an XTK $(...) substitution) are
// real session tokens and are not reported.

var srvSessionParamRE = regexp.MustCompile(`(?i)[?&](?:amp;)?__sessiontoken=`)

// A srvToken is a literal session token found in a text.
type srvToken struct {
	start, end int    // the value, in the text
	value      string // decoded %2F
	urlPath    string // the page the link opens, when readable
}

// srvLiteralTokens finds the literal __sessiontoken URL parameters of a
// text.
func srvLiteralTokens(text string) []srvToken {
	var out []srvToken
	for _, m := range srvSessionParamRE.FindAllStringIndex(text, -1) {
		i := m[1]
		rest := text[i:]
		if rest == "" || strings.HasPrefix(rest, "<%") || strings.HasPrefix(rest, "$(") || strings.HasPrefix(rest, "{") ||
			strings.HasPrefix(strings.ToUpper(rest), "%3C%25") {
			continue
		}
		j := i
		for j < len(text) && !strings.ContainsRune("&\"'<>#)\\ \t\r\n", rune(text[j])) {
			j++
		}
		if j == i {
			continue
		}
		v := text[i:j]
		out = append(out, srvToken{start: i, end: j, value: srvUnescapeSlash(v), urlPath: srvURLPath(text, m[0])})
	}
	return out
}

func srvUnescapeSlash(v string) string {
	return strings.ReplaceAll(strings.ReplaceAll(v, "%2F", "/"), "%2f", "/")
}

// srvURLPath returns the path of the URL whose query holds offset at.
func srvURLPath(text string, at int) string {
	start := strings.LastIndexAny(text[:at], "\"'<>( \t\r\n") + 1
	u := text[start:at]
	if q := strings.IndexByte(u, '?'); q >= 0 {
		u = u[:q]
	}
	if i := strings.Index(u, "://"); i >= 0 {
		if k := strings.IndexByte(u[i+3:], '/'); k >= 0 {
			u = u[i+3+k:]
		}
	}
	return u
}

// srvLoginPassword reports whether a session token value has the
// "<login>/<password>" form.
func srvLoginPassword(v string) bool {
	login, pwd, ok := strings.Cut(v, "/")
	return ok && login != "" && pwd != ""
}

// SecSessionTokenLink flags links passing a trusted login as
// __sessiontoken.
var SecSessionTokenLink = &audit.Rule{
	ID:        "SEC-001",
	Name:      "sessiontoken-url-parameter",
	Title:     "Link passing a trusted login in the __sessiontoken URL parameter",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  srvCatSecurity,
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
		URL: srvDocMigToken,
	},
	Effort: 1,
	Run: func(p *audit.Pass) {
		srvTexts(p, func(x *srvText) {
			if !srvHasFold(x.text, "__sessiontoken=") {
				return
			}
			for _, t := range srvLiteralTokens(x.text) {
				if srvLoginPassword(t.value) {
					continue
				}
				target := t.urlPath
				if target == "" {
					target = "<page>"
				}
				start, end := x.rng(t.start, t.end)
				p.Reportf(start, end, "%s passes the login %q as __sessiontoken: v7 accepts this parameter on "+
					"the server side only; link through /nl/jsp/logon.jsp?login=%s&action=submit&target=%s", x.where(), t.value, t.value, target)
			}
		})
	},
}

var srvSoapTokenRE = regexp.MustCompile(`(?is)<((?:[\w-]+:)?_{0,2}sessiontoken)\b[^>]*>([^<]*)</`)

// srvIsSessionTokenElement matches SOAP session token parameters:
// <sessiontoken>, <__sessiontoken>, <urn:sessiontoken>.
func srvIsSessionTokenElement(el *xmltree.Element) bool {
	return strings.EqualFold(strings.TrimLeft(el.LocalName(), "_"), "sessiontoken")
}

// SecUserPasswordToken flags session tokens of the form login/password.
var SecUserPasswordToken = &audit.Rule{
	ID:        "SEC-002",
	Name:      "login-password-session-token",
	Title:     "Session token written as <login>/<password>",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  srvCatSecurity,
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
		URL: srvDocZones,
	},
	Effort: 2,
	Run: func(p *audit.Pass) {
		report := func(start, end int64, format string, args ...any) {
			f := p.Newf(start, end, format, args...)
			p.Defer(f, srvDowngradeForUserPassword)
		}
		srvTexts(p, func(x *srvText) {
			if !srvHasFold(x.text, "sessiontoken") {
				return
			}
			for _, t := range srvLiteralTokens(x.text) {
				if srvLoginPassword(t.value) {
					start, end := x.rng(t.start, t.end)
					report(start, end, "%s passes a <login>/<password> session token (login %q): v7 refuses it unless the "+
						"caller's security zone sets allowUserPassword=\"true\"; log on with xtk:session#Logon and pass the returned tokens", x.where(), srvLoginOf(t.value))
				}
			}
			for _, m := range srvSoapTokenRE.FindAllStringSubmatchIndex(x.text, -1) {
				v := strings.TrimSpace(x.text[m[4]:m[5]])
				if srvLoginPassword(v) && !strings.ContainsAny(v, "{$") {
					start, end := x.rng(m[4], m[5])
					report(start, end, "%s passes a <login>/<password> SOAP session token (login %q): v7 refuses it unless the "+
						"caller's security zone sets allowUserPassword=\"true\"; log on with xtk:session#Logon and pass the returned tokens", x.where(), srvLoginOf(v))
				}
			}
		})
		check := func(el *xmltree.Element, suffix string) {
			if !srvIsSessionTokenElement(el) {
				return
			}
			for _, c := range el.Children {
				t, ok := c.(*xmltree.Text)
				if !ok || t.Expr {
					continue
				}
				v := strings.TrimSpace(t.Data)
				if srvLoginPassword(v) && !strings.ContainsAny(v, "{$<") {
					i := strings.Index(t.Data, v)
					start, end := audit.ValueRange(t.Span, i, i+len(v))
					report(start, end, "<%s>%s holds a <login>/<password> session token (login %q): v7 refuses it unless the "+
						"caller's security zone sets allowUserPassword=\"true\"; log on with xtk:session#Logon and pass the returned tokens", el.Name, suffix, srvLoginOf(v))
				}
			}
		}
		p.Entity.Root.Walk(func(el *xmltree.Element) bool { check(el, ""); return true })
		for _, s := range p.Scripts() {
			for _, t := range s.JS.Tokens {
				if t.Kind == jsscan.XML && t.XML != nil {
					t.XML.Walk(func(el *xmltree.Element) bool { check(el, " (E4X literal)"); return true })
				}
			}
		}
	},
}

func srvLoginOf(v string) string {
	login, _, _ := strings.Cut(v, "/")
	return login
}

// srvDowngradeForUserPassword keeps a login/password finding, as a warning
// naming the zone when the scan's configuration still accepts such tokens.
func srvDowngradeForUserPassword(ix *audit.Index, f *audit.Finding) bool {
	vals := ix.Facts(srvFactFlag, "allowUserPassword")
	if len(vals) == 0 {
		return true
	}
	var zones []string
	for _, v := range vals {
		parts := strings.Split(v, "\x00")
		if len(parts) == 3 {
			z := parts[1] + " in " + parts[2]
			if !slices.Contains(zones, z) {
				zones = append(zones, z)
			}
		}
	}
	f.Severity = audit.SeverityWarning
	f.Message += "; it works today only because allowUserPassword=\"true\" on zone " + strings.Join(zones, ", ") + " (see CONF-003)"
	return true
}
