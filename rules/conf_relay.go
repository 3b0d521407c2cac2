package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// srvGlob matches a relay urlPath mask ('*' any sequence, '?' one byte)
// against a URL path.
func srvGlob(pattern, s string) bool {
	// Iterative wildcard matching with backtracking on the last '*'.
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// Sample URLs of the pages a relay rule may open to plain HTTP. The
// documentation names the end-user pages that "can display some PII (such
// as email content, address), redeem coupon, offer" and the operator
// pages (SOAP router, logon page, web views, reports).
var (
	srvPIIPages = []struct{ url, what string }{
		{"/nl/jsp/m.jsp", "mirror pages (email content)"},
		{"/nl/jsp/s.jsp", "viral and sponsoring pages"},
		{"/webApp/APP264", "web applications and forms (profile data)"},
		{"/nms/jsp/webForm.jsp", "web forms"},
		{"/nms/sc.jssp", "sc.jssp"},
		{"/interaction/cus/offer", "interaction offers"},
		{"/nms/interactionProposal.jssp", "interaction offer proposals"},
		{"/barcode/coupon", "coupon barcodes"},
		{"/nms/jsp/barcode.jsp", "coupon barcodes"},
	}
	srvOperatorPages = []struct{ url, what string }{
		{"/nl/jsp/soaprouter.jsp", "the SOAP router (console and API connections)"},
		{"/nl/jsp/logon.jsp", "the operator logon page"},
		{"/view/recipientOverview", "operator web views"},
		{"/report/deliveryFeedback", "reports"},
		{"/xtk/report.jssp", "report pages"},
	}
)

// ConfRelayHTTPAllowed flags relay rules that open pages showing personal
// data, or operator pages, to plain HTTP.
var ConfRelayHTTPAllowed = &audit.Rule{
	ID:        "CONF-009",
	Name:      "relay-http-allowed-on-sensitive-pages",
	Title:     "Relay rule with httpAllowed=\"true\" on pages showing personal data or operator pages",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "httpAllowed=\"true\" on a web > relay > url rule allows HTTP \"no matter what the security zone\". " +
			"\"Out of the box, we have forced the capability to display end user resources using http " +
			"(httpAllowed=\"true\"). As these pages can display some PII (such as email content, address), redeem " +
			"coupon, offer, you should force HTTPS again on these paths.\" The rule matches each rule's urlPath " +
			"against those end-user pages (mirror page m.jsp, s.jsp, /webApp/*, webForm.jsp, sc.jssp, interaction, " +
			"barcodes), reported as info, and against operator pages (soaprouter.jsp, logon.jsp, /view/, /report/, " +
			"report.jssp), reported as a warning because operator sessions would travel in clear text. Rules with " +
			"deny=\"true\" are ignored; a custom rule for a single anonymous JSSP (see JSSP-001) matches none of them.",
		Remediation: "Set `httpAllowed=\"false\"` on these rules once the pages are served over HTTPS " +
			"(`<url ... httpAllowed=\"false\" urlPath=\"/nl/jsp/m.jsp\"/>`), and remove the relay rules of modules you do not use.",
		Bad: `<serverconf>
  <web httpPort="8080">
    <relay debugRelay="false" startRelay="false" startRelayInModule="true" timeout="60">
      <url IPMask="" deny="" hostMask="" relayHost="true" relayPath="true" targetUrl="http://localhost:8080"
           timeout="" status="normal" httpAllowed="true" urlPath="/nl/jsp/m.jsp"/>
    </relay>
  </web>
</serverconf>`,
		Good: `<serverconf>
  <web httpPort="8080">
    <relay debugRelay="false" startRelay="false" startRelayInModule="true" timeout="60">
      <url IPMask="" deny="" hostMask="" relayHost="true" relayPath="true" targetUrl="http://localhost:8080"
           timeout="" status="normal" httpAllowed="false" urlPath="/nl/jsp/m.jsp"/>
    </relay>
  </web>
</serverconf>`,
		URL: srvDocServerRelay,
	},
	Effort:  0.5,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() != "url" || el.Parent == nil || el.Parent.LocalName() != "relay" {
				return true
			}
			a := el.AttrNode("httpAllowed")
			if a == nil || !srvTrue(a.Value) || srvTrue(el.AttrValue("deny")) {
				return true
			}
			mask := strings.TrimSpace(el.AttrValue("urlPath"))
			if mask == "" {
				return true
			}
			for _, op := range srvOperatorPages {
				if srvGlob(mask, op.url) {
					start, end := audit.AttrRange(a)
					f := p.Newf(start, end, "relay rule %q allows plain HTTP for %s (%s): operator sessions and credentials would "+
						"travel unencrypted; set httpAllowed=\"false\" and allow HTTP only on the public pages that need it", mask, op.what, op.url)
					f.Severity = audit.SeverityWarning
					p.Emit(f)
					return true
				}
			}
			for _, pg := range srvPIIPages {
				if srvGlob(mask, pg.url) {
					p.ReportAttr(a, "relay rule %q allows plain HTTP for %s, which can display personal data, coupons or "+
						"offers: serve them over HTTPS and set httpAllowed=\"false\"", mask, pg.what)
					return true
				}
			}
			return true
		})
	},
}

// ConfURLPermissionMode flags outgoing URL protection left in a permissive
// mode.
var ConfURLPermissionMode = &audit.Rule{
	ID:        "CONF-010",
	Name:      "url-permission-not-blocking",
	Title:     "Outgoing URL protection in warning or permissive mode",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  srvCatServerConf,
	Doc: audit.Doc{
		Rationale: "shared > urlPermission/@action decides what happens to URLs that JavaScript calls outside the " +
			"allowlist: deny (default, and the mode after a postupgrade) blocks them, warn lets them through with " +
			"JST-310027 warnings, ignore lets them through silently. Adobe documents warn as the temporary mode " +
			"that lets a migrated instance inventory its outgoing traffic before switching to blocking; ignore " +
			"disables the protection.",
		Remediation: "Collect the JST-310027 warnings, add each legitimate host to the allowlist " +
			"(`<url dnsSuffix=\"abc.company1.com\" urlRegEx=\"https://abc.company1.com/.*\"/>`), then set " +
			"`<urlPermission action=\"deny\">`.",
		Bad: `<serverconf>
  <shared>
    <urlPermission action="warn" debugTrace="true">
      <url dnsSuffix="abc.company1.com" urlRegEx=".*"/>
    </urlPermission>
  </shared>
</serverconf>`,
		Good: `<serverconf>
  <shared>
    <urlPermission action="deny" debugTrace="false">
      <url dnsSuffix="abc.company1.com" urlRegEx="https://abc.company1.com/.*"/>
    </urlPermission>
  </shared>
</serverconf>`,
		URL: srvDocURLPerm,
	},
	Effort:  4,
	Schemas: srvConfSchemas,
	Run: func(p *audit.Pass) {
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() != "urlPermission" {
				return true
			}
			a := el.AttrNode("action")
			if a == nil {
				return false
			}
			switch strings.ToLower(strings.TrimSpace(a.Value)) {
			case "warn":
				p.ReportAttr(a, "urlPermission action=\"warn\" lets JavaScript call URLs outside the allowlist (logged as "+
					"JST-310027): add the legitimate hosts as <url dnsSuffix=\"...\" urlRegEx=\"...\"/>, then set action=\"deny\"")
			case "ignore":
				p.ReportAttr(a, "urlPermission action=\"ignore\" disables the outgoing URL protection: JavaScript can call "+
					"any URL without trace; switch to action=\"warn\" to inventory the calls, then to action=\"deny\"")
			}
			return false
		})
	},
}
