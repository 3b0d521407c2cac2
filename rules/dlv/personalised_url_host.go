package dlv

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// DeliveryPersonalisedURLHost flags links whose scheme or host part is
// personalised, which signed tracking links refuse.
var DeliveryPersonalisedURLHost = &audit.Rule{
	ID:        "DLV-005",
	Name:      "personalised-url-host",
	Title:     "Link whose host part is personalised",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.Deliveries,
	Doc: audit.Doc{
		Rationale: "Since the tracking-link signature (builds 19.1.4 and 20.2, on by default), personalising the domain " +
			"of a URL is a security gap and a tracked link whose host comes from personalisation no longer " +
			"resolves (\"Requested URL '…' was not found\"). The documentation lists the forms to avoid: " +
			"`<%= url %>`, `https://<%= url %>`, `https://<%= domain %>/path`, `https://<%= sub-domain %>.domain.tld/path`, " +
			"`https://sub.domain<%= main domain %>/path`. The rule reads the HTML and text of deliveries, " +
			"delivery templates and personalization blocks, and tracked URLs, and reports href/src/action values " +
			"that start with personalisation and URLs whose host holds a <% %> or <%= %> block. Personalisation " +
			"in the path or the query string is fine, and so are directives evaluated once per delivery such as " +
			"`<%@ include view='MirrorPageUrl' %>` or `<%@ include option='NmsServer_URL' %>`.",
		Remediation: "Keep the scheme and the host static and personalise only the path or the query: " +
			"`https://www.acme.com/offers/<%= escapeUrl(recipient.account) %>` rather than " +
			"`https://<%= recipient.country %>.acme.com/offers`; use one static link per domain with conditional " +
			"content when the domain must vary.",
		Bad: `<delivery internalName="DM_offer" label="Offer" xtkschema="nms:delivery">
  <content>
    <html><source><![CDATA[<a href="https://<%= recipient.country %>.acme.com/offers">Offers</a>]]></source></html>
  </content>
</delivery>`,
		Good: `<delivery internalName="DM_offer" label="Offer" xtkschema="nms:delivery">
  <content>
    <html><source><![CDATA[<a href="https://www.acme.com/<%= recipient.country %>/offers">Offers</a>]]></source></html>
  </content>
</delivery>`,
		URL: docs.URLPerso,
	},
	Effort:  1,
	Schemas: []string{"nms:delivery", "nms:includeView", "nms:trackingUrl"},
	Run:     runDeliveryPersonalisedURLHost,
}

var (
	urlAttr   = regexp.MustCompile(`(?i)\b(?:href|src|action)\s*=\s*["']?`)
	urlScheme = regexp.MustCompile(`(?i)\b(?:https?|ftp)://`)
)

// Marks of the masked template text.
const (
	maskCode      = '\x01' // <% %> and <%= %>: personalisation
	maskDirective = '\x02' // <%@ %>: evaluated once per delivery
)

func runDeliveryPersonalisedURLHost(p *audit.Pass) {
	walk.Templates(p, func(c *acc.Code, parts []jsscan.Part) {
		if c.Attr != nil && acc.IsDescriptiveAttr(c.Attr.Name) {
			return
		}
		mask := []byte(c.Text)
		for _, part := range parts {
			switch part.Kind {
			case jsscan.CodePart, jsscan.ExprPart:
				for i := part.Start; i < part.End; i++ {
					mask[i] = maskCode
				}
			case jsscan.DirectivePart:
				for i := part.Start; i < part.End; i++ {
					mask[i] = maskDirective
				}
			}
		}
		m := string(mask)
		reported := map[int]bool{}
		report := func(at int, url string) {
			if reported[at] {
				return
			}
			reported[at] = true
			p.ReportValue(c.Span, at, at+2, "%s personalises the host of the link %s: signed tracking links refuse it and it "+
				"opens the link to other domains; keep scheme and host static and personalise only the path or the query",
				walk.MessageName(p), walk.Shorten(url, 80))
		}
		// A link that starts with personalisation chooses its own host.
		starts := urlAttrMatches(m)
		if c.Attr != nil && p.Entity.Schema == "nms:trackingUrl" {
			starts = append(starts, []int{0, 0})
		}
		for _, s := range starts {
			if v := s[1]; v < len(m) && m[v] == maskCode {
				report(v, urlAt(c.Text, m, v))
			}
		}
		// A URL whose host holds personalisation.
		for _, s := range urlSchemeMatches(m) {
			for i := s[1]; i < len(m); i++ {
				ch := m[i]
				if ch == maskCode {
					report(i, urlAt(c.Text, m, s[0]))
					break
				}
				if ch == '/' || ch == '?' || ch == '#' || ch == '"' || ch == '\'' || ch == '<' || ch == '>' ||
					ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == maskDirective {
					break
				}
			}
		}
	})
}

// urlAt returns the link starting at i of a template, as written, for
// the message: up to the end of the attribute value or of the line.
func urlAt(text, mask string, i int) string {
	j := i
	for j < len(mask) && strings.IndexByte("\"' \t\r\n<>", mask[j]) < 0 {
		j++
	}
	return strings.TrimSpace(text[i:j])
}
