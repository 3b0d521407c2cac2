package rules

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
)

// DeliveryV5MirrorPage flags mirror-page links built by hand, the way the
// v5 personalization block did, instead of the v7 blocks.
var DeliveryV5MirrorPage = &audit.Rule{
	ID:        "DLV-002",
	Name:      "v5-mirror-page-link",
	Title:     "Mirror-page link built by hand (v5 personalization block)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  opsCatDeliveries,
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
		URL: opsDocMirrorPage,
	},
	Effort:  1,
	Schemas: []string{"nms:delivery", "nms:includeView"},
	Run:     runDeliveryV5MirrorPage,
}

var opsMirrorJSP = regexp.MustCompile(`(?i)(?:/nl/jsp/)?\bm\.jsp\b`)

// opsMessageName names a delivery, a delivery template or a
// personalization block for messages.
func opsMessageName(p *audit.Pass) string {
	e := p.Entity
	kind := "delivery"
	switch {
	case e.Schema == "nms:includeView":
		kind = "personalization block"
	case e.Schema == "nms:trackingUrl":
		kind = "tracked URL"
	case e.Root.AttrValue("isModel") == "1" || strings.EqualFold(e.Root.AttrValue("isModel"), "true"):
		kind = "delivery template"
	}
	s := kind + " " + e.Key
	if l := strings.TrimSpace(e.Label); l != "" {
		s += " (" + opsShorten(l, 60) + ")"
	}
	return s
}

func runDeliveryV5MirrorPage(p *audit.Pass) {
	if p.Entity.Schema == "nms:includeView" {
		switch strings.ToLower(p.Entity.Name) {
		case "mirrorpage", "mirrorpageurl":
			return // the v7 blocks themselves
		}
	}
	opsLiteralSites(p, nil, func(s opsSite) {
		if !opsHasFold(s.text, "m.jsp") {
			return
		}
		for _, m := range opsMirrorJSP.FindAllStringIndex(s.text, -1) {
			p.ReportValue(s.span, m[0], m[1], "%s builds the mirror-page link by hand (%s, %s), as the v5 personalization block "+
				"did: the mirror page fails after the migration; use <%%@ include view='MirrorPageUrl' %%>",
				opsMessageName(p), s.text[m[0]:m[1]], s.where)
		}
	})
}
