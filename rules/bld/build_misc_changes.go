package bld

import (
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
)

// BuildMiscChanges flags the smaller 18.10 to 20.1 changes an export shows.
var BuildMiscChanges = &audit.Rule{
	ID:        "BLD-014",
	Name:      "build-misc-changes",
	Title:     "Smaller 18.10–20.1 changes: request.scheme, cookie domains, recipient indexes, report republishing",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.Build,
	Doc: audit.Doc{
		Rationale: "Several changes of builds 18.10 to 20.1 show in an export: `request.scheme` is deprecated and " +
			"removed from the JSAPI documentation (18.10); tracking and web application domains under a " +
			"three-letter second-level domain such as `.com.au` need the `cookieDomain` setting of the " +
			"serverConf `redirection` node (18.10); the indexes of NmsRecipient were reworked, so an extension " +
			"of nms:recipient may declare an index that now duplicates a built-in one (18.10); reports must be " +
			"republished to get the clickjacking protection (20.1). The URL options (NmsTracking_ServerUrl, " +
			"NmsTracking_SecureServerUrl, NmsServer_URL) are compared with the cookie domains of the " +
			"serverConf files of the scan.",
		Remediation: "Read the scheme from the request URL instead of `request.scheme`; add the domain to " +
			"`<redirection cookieDomain=\"example.com.au\"/>`; drop extension indexes that duplicate the new " +
			"built-in ones; republish each report after the upgrade.",
		Bad: `<jssp name="redirect.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var secure = request.scheme == "https"; %>]]></data>
</jssp>`,
		Good: `<jssp name="redirect.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<% var secure = String(request.getHeader("X-Forwarded-Proto")) == "https"; %>]]></data>
</jssp>`,
		URL: docs.OldRN + "release-18_10---build-8977.md",
	},
	Effort:   0.5,
	Requires: []*audit.Collector{serverconf.Collector},
	Run:      runBuildMiscChanges,
}

var trackingURLOptions = map[string]bool{"NmsTracking_ServerUrl": true, "NmsTracking_SecureServerUrl": true, "NmsServer_URL": true}

func runBuildMiscChanges(p *audit.Pass) {
	e := p.Entity
	for _, c := range jsflow.Codes(p, false, "scheme") {
		for i := range c.T {
			n := c.Next(i)
			m := c.Next(n)
			if c.IsName(i) && c.T[i].Text == "request" && !c.IsMember(i) && c.Is(n, ".") && m >= 0 &&
				c.T[m].Kind == jsscan.Ident && c.T[m].Text == "scheme" && c.ScopeOf("request", i) < 0 {
				start, end := c.Span(i, m)
				p.Reportf(start, end, "request.scheme is deprecated since build 18.10: read the scheme from the request URL or a forwarding header")
			}
		}
	}
	switch e.Schema {
	case "xtk:option":
		if !trackingURLOptions[e.Name] {
			return
		}
		url := srcschema.EntityOptionValue(e)
		host, ok := serverconf.URLHost(strings.TrimSpace(url), false)
		domain := complexDomain(host)
		if !ok || domain == "" {
			return
		}
		f := p.Newf(e.Root.Start, e.Root.Start+1+int64(len(e.Root.Name)), "option %s points to %s, under the three-letter second-level domain of %s", e.Name, host, domain)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			for _, d := range serverconf.CookieDomains.Values(ix, "") {
				d = strings.TrimPrefix(d, ".")
				if d == host || strings.HasSuffix(host, "."+d) {
					return false
				}
			}
			f.Message += ": since build 18.10 cookies of such domains need <redirection cookieDomain=\"" + domain + "\"/> in serverConf.xml"
			return true
		})
	case "xtk:srcSchema":
		if e.Root.AttrValue("extendedSchema") != "nms:recipient" {
			return
		}
		e.Root.Walk(func(el *xmltree.Element) bool {
			if el.LocalName() == "dbindex" {
				f := p.Newf(el.Start, el.Start+1+int64(len(el.Name)), "index %s extends nms:recipient, whose indexes were reworked in build 18.10: check that it does not duplicate a new built-in index", el.AttrValue("name"))
				p.EmitAdvisory(f, audit.ScopeExport, "recipient-index")
			}
			return true
		})
	case "xtk:report":
		f := p.Newf(e.Root.Start, e.Root.Start+1+int64(len(e.Root.Name)), "report %s must be republished after the upgrade to get the clickjacking protection of build 20.1", or(e.Key, "without a name"))
		p.EmitAdvisory(f, audit.ScopeExport, "report-republish")
	}
}

// genericSLD are the generic second-level labels of country domains
// (com.au, org.uk, gov.br...).
var genericSLD = map[string]bool{
	"com": true, "net": true, "org": true, "gov": true, "edu": true, "asn": true, "ltd": true,
	"plc": true, "sch": true, "nic": true, "mil": true, "biz": true, "nom": true,
}

// complexDomain returns the registrable domain of host when it sits
// under a second-level domain of three letters or more below a two-letter
// country domain (example.com.au), or "".
func complexDomain(host string) string {
	labels := strings.Split(host, ".")
	n := len(labels)
	if n < 3 || len(labels[n-1]) != 2 || !genericSLD[labels[n-2]] {
		return ""
	}
	for _, r := range labels[n-1] {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return strings.Join(labels[n-3:], ".")
}
