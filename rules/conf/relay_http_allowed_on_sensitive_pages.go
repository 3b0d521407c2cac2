package conf

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// Sample URLs of the pages a relay rule may open to plain HTTP. The
// documentation names the end-user pages that "can display some PII (such
// as email content, address), redeem coupon, offer" and the operator
// pages (SOAP router, logon page, web views, reports).
var (
	piiPages = []struct{ url, what string }{
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
	operatorPages = []struct{ url, what string }{
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
	Category:  area.ServerConf,
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
		URL: docs.ServerRelay,
	},
	Effort:  0.5,
	Schemas: serverconf.ConfSchemas,
	Run: func(p *audit.Pass) {
		p.Entity.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() != "url" || el.Parent == nil || el.Parent.LocalName() != "relay" {
				return true
			}
			a := el.AttrNode("httpAllowed")
			if a == nil || !serverconf.True(a.Value) || serverconf.True(el.AttrValue("deny")) {
				return true
			}
			mask := strings.TrimSpace(el.AttrValue("urlPath"))
			if mask == "" {
				return true
			}
			for _, op := range operatorPages {
				if serverconf.Glob(mask, op.url) {
					start, end := audit.AttrRange(a)
					f := p.Newf(start, end, "relay rule %q allows plain HTTP for %s (%s): operator sessions and credentials would "+
						"travel unencrypted; set httpAllowed=\"false\" and allow HTTP only on the public pages that need it", mask, op.what, op.url)
					f.Severity = audit.SeverityWarning
					p.Emit(f)
					return true
				}
			}
			for _, pg := range piiPages {
				if serverconf.Glob(mask, pg.url) {
					p.ReportAttr(a, "relay rule %q allows plain HTTP for %s, which can display personal data, coupons or "+
						"offers: serve them over HTTPS and set httpAllowed=\"false\"", mask, pg.what)
					return true
				}
			}
			return true
		})
	},
}
