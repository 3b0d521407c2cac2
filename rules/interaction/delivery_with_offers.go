package interaction

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// propositionRef matches personalization that inserts propositions.
var propositionRef = regexp.MustCompile(`\btargetData\.proposition\w*`)

// DeliveryWithOffers flags deliveries still to send that insert offers.
var DeliveryWithOffers = &audit.Rule{
	ID:        "INT-004",
	Name:      "delivery-with-offers",
	Title:     "Delivery using offers to recreate in v7",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.Interaction,
	From:      []string{audit.V602},
	Doc: audit.Doc{
		Rationale: "\"If some deliveries using configured offers were to be sent after the migration, you must delete and " +
			"recreate all these deliveries in v7\" (the alternative compatibility mode is not recommended). The rule " +
			"reports deliveries and delivery templates whose content inserts propositions " +
			"(`<%@ include proposition=\"targetData.proposition\" view=\"…\" %>`, `targetData.proposition…`) or that link " +
			"an offer space or environment. Deliveries already sent (state 85 stopped, 95 finished and later) are not " +
			"reported.",
		Remediation: "Recreate the delivery (or template) in v7 with the offer space of the new environment and the " +
			"v7 rendering (`<%@ include proposition=\"targetData.proposition\" view=\"rendering/html\" %>`), then delete the " +
			"v6.02 one.",
		Bad: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="nms:delivery">
    <delivery internalName="DM_spring" isModel="0" label="Spring newsletter" state="0">
      <content>
        <html><source><![CDATA[<html><body><%@ include proposition="targetData.proposition" view="htmlSource" %></body></html>]]></source></html>
      </content>
    </delivery>
  </entities>
</package>`,
		Good: `<package buildNumber="6412" buildVersion="6.02">
  <entities schema="nms:delivery">
    <delivery internalName="DM_winter" isModel="0" label="Winter newsletter" state="95">
      <content>
        <html><source><![CDATA[<html><body><%@ include proposition="targetData.proposition" view="htmlSource" %></body></html>]]></source></html>
      </content>
    </delivery>
  </entities>
</package>`,
		URL: docs.IntContent,
	},
	Effort:  3,
	Schemas: []string{"nms:delivery"},
	Run:     runDeliveryWithOffers,
}

func runDeliveryWithOffers(p *audit.Pass) {
	root := p.Entity.Root
	if srcschema.Deleted(root) {
		return
	}
	if st, err := strconv.Atoi(strings.TrimSpace(root.AttrValue("state"))); err == nil && st >= 85 {
		return
	}
	kind := "delivery"
	if srcschema.IsTrue(root.AttrValue("isModel")) {
		kind = "delivery template"
	}
	name := srcschema.Or(p.Entity.Key, "(unnamed)")
	reported := false
	srcschema.Sites(p, func(s srcschema.Site) {
		if reported || !strings.Contains(s.Text, "proposition") {
			return
		}
		if strings.Contains(s.Text, "<%@") {
			for _, part := range jsscan.SplitTemplate(s.Text) {
				if part.Kind == jsscan.DirectivePart && part.Directive != nil && part.Directive.Name == "include" &&
					part.Directive.Attrs["proposition"] != "" && !s.Skipped(part.Start) {
					p.ReportValue(s.Span, part.Start, part.End, "%s %s inserts offers (%s): deliveries using offers must be recreated in v7 before they are sent",
						kind, name, strings.TrimSpace(s.Text[part.Start:part.End]))
					reported = true
					return
				}
			}
		}
		if m := propositionRef.FindStringIndex(s.Text); m != nil && !s.Skipped(m[0]) {
			p.ReportValue(s.Span, m[0], m[1], "%s %s inserts offers (%s): deliveries using offers must be recreated in v7 before they are sent",
				kind, name, s.Text[m[0]:m[1]])
			reported = true
		}
	})
	if reported {
		return
	}
	root.Walk(func(el *xmltree.Element) bool {
		if reported {
			return false
		}
		if ln := el.LocalName(); (ln == "offerSpace" || ln == "offerEnv") && el != root && el.AttrValue("name") != "" {
			p.ReportElement(el, "%s %s is configured with the %s %s: deliveries using offers must be recreated in v7 before they are sent",
				kind, name, ln, el.AttrValue("name"))
			reported = true
		}
		return true
	})
}
