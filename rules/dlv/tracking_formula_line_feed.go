package dlv

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// DeliveryTrackingFormulaLineFeed flags line breaks left outside the
// <% %> blocks of a tracking formula.
var DeliveryTrackingFormulaLineFeed = &audit.Rule{
	ID:        "DLV-004",
	Name:      "tracking-formula-line-feed",
	Title:     "Line break outside <% %> in a tracking formula",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.Deliveries,
	Doc: audit.Doc{
		Rationale: "\"All linefeed characters present outside of the JavaScript expression will be present in the final " +
			"formula\": a formula that closes a block with `%>` and continues on the next line puts a line break " +
			"in every tracked URL, and some webmails (AOL, Gmail...) break such links. The rule reads the click " +
			"and open formulas of the tracking options and of deliveries and templates, and reports each piece " +
			"of literal text between blocks that holds a line break. Line breaks inside <% %> are harmless.",
		Remediation: "Keep `%>` and the text that follows on the same line, e.g. `{ %>&cid=<%= " +
			"message.delivery.internalName %>`, and do not end the formula with a line break.",
		Bad: `<delivery internalName="DM_news" isModel="1" label="Newsletter" xtkschema="nms:delivery">
  <tracking enabled="true">
    <clickFormula><![CDATA[<%@ include option='NmsTracking_ClickFormula' %><% if (delivery.FCP == false) { %>
&cid=<%= message.delivery.internalName %><% } %>]]></clickFormula>
  </tracking>
</delivery>`,
		Good: `<delivery internalName="DM_news" isModel="1" label="Newsletter" xtkschema="nms:delivery">
  <tracking enabled="true">
    <clickFormula><![CDATA[<%@ include option='NmsTracking_ClickFormula' %><% if (delivery.FCP == false) {
%>&cid=<%= message.delivery.internalName %><% } %>]]></clickFormula>
  </tracking>
</delivery>`,
		URL: docs.MsgTracking,
	},
	Effort:  0.25,
	Schemas: []string{"xtk:option", "nms:delivery"},
	Run:     runDeliveryTrackingFormulaLineFeed,
}

func runDeliveryTrackingFormulaLineFeed(p *audit.Pass) {
	for _, f := range formulas(p) {
		kind := formulaOptions[f.option]
		where := "option " + f.option
		if !f.inOpt {
			where = "the " + kind + " formula of " + walk.MessageName(p)
		}
		for _, part := range jsscan.SplitTemplate(f.text) {
			if part.Kind != jsscan.TextPart {
				continue
			}
			i := strings.IndexAny(part.Content, "\r\n")
			if i < 0 {
				continue
			}
			at := part.Start + i
			p.ReportValue(f.span, at, at+1, "line break outside <%% %%> in %s: it ends up in every tracked URL and breaks links "+
				"in some webmails; keep %%> and the following text on the same line", where)
		}
	}
}
