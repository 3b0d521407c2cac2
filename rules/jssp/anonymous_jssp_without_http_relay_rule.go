package jssp

import (
	"fmt"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
	"github.com/acc-audit/acc-audit/rules/internal/webapp"
)

// A relayRule is one web > relay > url rule as recorded by the
// collector.
type relayRule struct {
	base, urlPath, ipMask string
	ordinal, line         int
	httpAllowed, deny     bool
}

func relayRules(ix *audit.Index, dir string) []relayRule {
	var out []relayRule
	for _, v := range serverconf.RelayURLs.Values(ix, dir) {
		out = append(out, relayRule{base: v.Base, ordinal: v.Ordinal, line: v.Line, urlPath: v.URLPath,
			httpAllowed: v.HTTPAllowed, deny: v.Deny, ipMask: v.IPMask})
	}
	// Instance and default files override serverConf.xml: their rules are
	// tried first (inferred: the documentation only says that the insertion
	// order defines the priority within a file).
	sort.SliceStable(out, func(i, j int) bool {
		si, sj := strings.EqualFold(out[i].base, "serverConf.xml"), strings.EqualFold(out[j].base, "serverConf.xml")
		if si != sj {
			return !si
		}
		if out[i].base != out[j].base {
			return out[i].base < out[j].base
		}
		return out[i].ordinal < out[j].ordinal
	})
	return out
}

// defaultRelay is the relay section of the reference serverConf.xml, in
// order, for servers whose files in the scan define no rule.
var defaultRelay = []relayRule{
	{urlPath: "/pipelined/*"}, {urlPath: "/view/*"}, {urlPath: "*ooconv.jsp*", deny: true},
	{urlPath: "/res/*.jsp*", deny: true}, {urlPath: "*/sc.jssp", httpAllowed: true},
	{urlPath: "*/interactionProposal.jssp", httpAllowed: true}, {urlPath: "*/zoneJson.jssp", httpAllowed: true},
	{urlPath: "/nms/jsp/barcode.jsp", httpAllowed: true}, {urlPath: "/nms/jsp/captcha.jsp", httpAllowed: true},
	{urlPath: "/nms/jsp/webForm.jsp", httpAllowed: true}, {urlPath: "/xtk/jsp/zoneinfo.jsp", httpAllowed: true},
	{urlPath: "*/facebookCallback.jssp", httpAllowed: true}, {urlPath: "/nl/jsp/m.jsp", httpAllowed: true},
	{urlPath: "/nl/jsp/s.jsp", httpAllowed: true}, {urlPath: "/nms/jsp/*.jsp"}, {urlPath: "/xtk/jsp/*.jsp"},
	{urlPath: "/nl/jsp/*.jsp"}, {urlPath: "*.jssp"}, {urlPath: "/webApp/*", httpAllowed: true}, {urlPath: "/report/*"},
	{urlPath: "/jssp/*"}, {urlPath: "/strings/*"}, {urlPath: "/interaction/*", httpAllowed: true},
	{urlPath: "/barcode/*", httpAllowed: true}, {urlPath: "/lineImage/*", httpAllowed: true},
}

// httpVerdict decides whether a URL is reachable over plain HTTP by an
// anonymous visitor through the relay rules of one server; it returns ""
// when it is, or the reason why not.
func httpVerdict(rules []relayRule, url string, defaults bool) string {
	for _, r := range rules {
		if r.ipMask != "" || !serverconf.Glob(r.urlPath, url) {
			continue // rules restricted to some source addresses do not serve visitors
		}
		where := "the reference rules"
		if !defaults {
			where = fmt.Sprintf("%s line %d", r.base, r.line)
		}
		switch {
		case r.deny:
			return fmt.Sprintf("the first matching relay rule urlPath=%q (%s) denies it", r.urlPath, where)
		case r.httpAllowed:
			return ""
		}
		return fmt.Sprintf("the first matching relay rule is urlPath=%q (%s), without httpAllowed=\"true\"", r.urlPath, where)
	}
	if defaults {
		return "no reference relay rule matches it"
	}
	return "no relay rule matches it"
}

// JSSPAnonymousRelay flags anonymous JSSPs that no relay rule opens to
// HTTP.
var JSSPAnonymousRelay = &audit.Rule{
	ID:        "JSSP-001",
	Name:      "anonymous-jssp-without-http-relay-rule",
	Title:     "Anonymous JSSP without a relay rule allowing HTTP",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.WebApps,
	Doc: audit.Doc{
		Rationale: "\"If you use anonymous JSSPs, you must add the httpAllowed=\"true\" parameter in a relay rule for your " +
			"JSSP\": the reference relay rules end with urlPath=\"*.jssp\" httpAllowed=\"false\", and an anonymous " +
			"visitor's zone (public) does not allow HTTP. A JSSP of a customer namespace that never checks an " +
			"operator session (no checkAuthentication, hasRight or hasNamedRight call) is taken as anonymous; its " +
			"URL is /<namespace>/<name>. The rule replays the web > relay > url rules of every server configuration " +
			"of the scan (instance and default files first, then serverConf.xml; insertion order within a file; rules " +
			"restricted by IPMask skipped; the reference rules when a server's files define none) and reports the " +
			"page when the first matching rule does not allow HTTP, unless a zone covering every address sets " +
			"allowHTTP=\"true\". Without serverConf.xml in the scan the finding is info and says what to check. A page " +
			"served only over HTTPS does not need the rule.",
		Remediation: "Add a rule for the page before the `*.jssp` rule: `<url IPMask=\"\" deny=\"\" hostMask=\"\" " +
			"httpAllowed=\"true\" relayHost=\"true\" relayPath=\"true\" status=\"blacklist\" targetUrl=\"https://localhost:8080\" " +
			"timeout=\"\" urlPath=\"*/cus/myPublicPage.jssp\"/>`.",
		Bad: `<jssp name="myPublicPage.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<%@ page import="/nl/core/shared/nl.js" %><%
  logonEscalation("webapp");
  var email = request.getParameter("email");
%><html><body>Thank you</body></html>]]></data>
</jssp>`,
		Good: `<jssp name="workflowLogs.jssp" namespace="cus" xtkschema="xtk:jssp">
  <data><![CDATA[<%@ page import="/nl/core/shared/nl.js" %><%
  NL.require('/nl/core/jsspcontext.js');
  var jsspContext = new NL.JSSPContext(request);
  if( !jsspContext.checkAuthentication(response) )
    return;
%><html><body>Logs</body></html>]]></data>
</jssp>`,
		URL: docs.MigJSSP,
	},
	Effort:   0.5,
	Schemas:  []string{"xtk:jssp"},
	Requires: []*audit.Collector{serverconf.Collector},
	Run: func(p *audit.Pass) {
		e := p.Entity
		if e.Namespace == "" || e.Name == "" || !webapp.JSSPAnonymous(p) {
			return
		}
		url := "/" + e.Namespace + "/" + e.Name
		root := e.Root
		f := p.Newf(root.Start, root.Start+1+int64(len(root.Name)), "anonymous JSSP %s (no operator session check) needs a relay "+
			"rule with httpAllowed=\"true\" placed before urlPath=\"*.jssp\"", url)
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			dirs := serverconf.Files.Keys(ix)
			fix := fmt.Sprintf("; add <url IPMask=\"\" deny=\"\" hostMask=\"\" httpAllowed=\"true\" relayHost=\"true\" relayPath=\"true\" "+
				"status=\"blacklist\" targetUrl=\"http://localhost:8080\" timeout=\"\" urlPath=\"*%s\"/> before it (not needed if the page is only served over HTTPS)", url)
			if len(dirs) == 0 {
				f.Severity = audit.SeverityInfo
				f.Message += ": no serverConf.xml is part of the scan, so the relay rules could not be checked" + fix
				return true
			}
			var problems []string
			for _, dir := range dirs {
				if serverconf.HTTPAll.Has(ix, dir) {
					continue
				}
				rules, defaults := relayRules(ix, dir), false
				if len(rules) == 0 {
					rules, defaults = defaultRelay, true
				}
				if why := httpVerdict(rules, url, defaults); why != "" {
					if len(dirs) > 1 {
						why = "in " + dir + ", " + why
					}
					problems = append(problems, why)
				}
			}
			if len(problems) == 0 {
				return false
			}
			f.Message += ": " + strings.Join(problems, "; ") + fix
			return true
		})
	},
}
