package dlv

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// DeliveryV5MirrorPage flags mirror-page links built by hand, the way the
// v5 personalization block did, instead of the v7 blocks.
var DeliveryV5MirrorPage = &audit.Rule{
	ID:        "DLV-002",
	Name:      "v5-mirror-page-link",
	Title:     "Mirror-page link built by hand (v5 personalization block)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.Deliveries,
	From:      []string{audit.V511},
	Doc: audit.Doc{
		Rationale: "\"If you used the v5 personalization block in your messages, the mirror page display will fail\": v7 " +
			"builds the mirror-page URL with its own blocks (`<%@ include view=\"MirrorPage\" %>`, " +
			"`<%@ include view='MirrorPageUrl' %>`) and the v5 link no longer resolves. The documentation does " +
			"not give the v5 block's text; the rule reports the link it produced: a URL to the mirror-page JSP " +
			"(`/nl/jsp/m.jsp`) written in the HTML or text of a delivery or delivery template, or in a " +
			"personalization block, whether in the markup, in an attribute or in a JavaScript string. The " +
			"built-in MirrorPage and MirrorPageUrl blocks, which legitimately build that URL, are not reported.",
		Remediation: "Replace the hand-built link by the v7 block: `<a href=\"<%@ include view='MirrorPageUrl' %>\" " +
			"_type=\"mirrorPage\">view online</a>` or `<%@ include view=\"MirrorPage\" %>`. Until every message is " +
			"rebuilt, the option XtkAcceptOldPasswords set to 1 keeps old links working (remove it afterwards).",
		Bad: `<delivery internalName="DM_welcome" isModel="1" label="Welcome" xtkschema="nms:delivery">
  <content>
    <html><source><![CDATA[<a href="<%@ include option='NmsServer_URL' %>/nl/jsp/m.jsp?c=<%= escapeUrl(cryptString(message.id)) %>">View online</a>]]></source></html>
  </content>
</delivery>`,
		Good: `<delivery internalName="DM_welcome" isModel="1" label="Welcome" xtkschema="nms:delivery">
  <content>
    <html><source><![CDATA[<a href="<%@ include view='MirrorPageUrl' %>" _type="mirrorPage">View online</a>]]></source></html>
  </content>
</delivery>`,
		URL: docs.MirrorPage,
	},
	Effort:   1,
	Schemas:  []string{"nms:delivery", "nms:includeView"},
	Keywords: []string{"m.jsp"},
	Run:      runDeliveryV5MirrorPage,
}

var mirrorJSP = regexp.MustCompile(`(?i)(?:/nl/jsp/)?\bm\.jsp\b`)

func runDeliveryV5MirrorPage(p *audit.Pass) {
	if p.Entity.Schema == "nms:includeView" {
		switch strings.ToLower(p.Entity.Name) {
		case "mirrorpage", "mirrorpageurl":
			return // the v7 blocks themselves
		}
	}
	walk.LiteralSites(p, nil, func(s walk.Site) {
		if !walk.HasFold(s.Text, "m.jsp") {
			return
		}
		for _, m := range mirrorJSP.FindAllStringIndex(s.Text, -1) {
			p.ReportValue(s.Span, m[0], m[1], "%s builds the mirror-page link by hand (%s, %s), as the v5 personalization block "+
				"did: the mirror page fails after the migration; use <%%@ include view='MirrorPageUrl' %%>",
				walk.MessageName(p), s.Text[m[0]:m[1]], s.Where)
		}
	})
}
