package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// v8InternalRouting is the built-in internal email routing account.
const v8InternalRouting = "defaultEmailBulk"

// V8InternalRouting flags the internal email routing, which v8 does not
// allow.
var V8InternalRouting = &audit.Rule{
	ID:        "V8-023",
	Name:      "v8-internal-email-routing",
	Title:     "Internal email routing (defaultEmailBulk) active or used by a delivery",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "\"The **Internal email delivery routing** (defaultEmailBulk) external account **must not** be " +
			"enabled in Adobe Campaign v8\"; \"Internal routing is **not possible** in Campaign v8, and the external " +
			"account has been disabled accordingly\": emails go through the mid-sourcing routing Adobe provisions. " +
			"The rule reports the defaultEmailBulk account when it is active, and deliveries and delivery templates " +
			"whose routing link names it (the link export shape is inferred, hence high rather than very high).",
		Remediation: "Switch deliveries, templates and transactional message proofs to the mid-sourcing routing " +
			"account (defaultEmailMid), test them, and leave defaultEmailBulk disabled.",
		Bad: `<delivery internalName="DM_newsletter" isModel="1" label="Newsletter" xtkschema="nms:delivery">
  <deliveryProvider _operation="none" name="defaultEmailBulk"/>
</delivery>`,
		Good: `<delivery internalName="DM_newsletter" isModel="1" label="Newsletter" xtkschema="nms:delivery">
  <deliveryProvider _operation="none" name="defaultEmailMid"/>
</delivery>`,
		URL: docs.ExtAccount + "#routing",
	},
	Effort:  1,
	Schemas: []string{"nms:extAccount", "nms:delivery"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) || !p.Mentions(strings.ToLower(v8InternalRouting)) {
			return
		}
		root := p.Entity.Root
		if p.Entity.Schema == "nms:extAccount" {
			a := root.AttrNode("name")
			if a == nil || !strings.EqualFold(strings.TrimSpace(a.Value), v8InternalRouting) {
				return
			}
			if act, ok := root.Attr("active"); ok && strings.TrimSpace(act) == "0" {
				return
			}
			p.ReportAttr(a, "the internal email routing account %s is active: Campaign v8 routes email only through mid-sourcing; switch deliveries to the mid-sourcing account", a.Value)
			return
		}
		for _, el := range root.Elements() {
			if el.LocalName() != "deliveryProvider" {
				continue
			}
			if a := el.AttrNode("name"); a != nil && strings.EqualFold(strings.TrimSpace(a.Value), v8InternalRouting) {
				p.ReportAttr(a, "%s %s routes through the internal email routing (%s), not available in Campaign v8: switch it to the mid-sourcing routing account",
					v8DeliveryKind(root), srcschema.Or(p.Entity.Key, "(no internal name)"), a.Value)
			}
		}
	},
}

// v8DeliveryKind names a delivery for messages.
func v8DeliveryKind(root *xmltree.Element) string {
	if srcschema.IsTrue(root.AttrValue("isModel")) {
		return "delivery template"
	}
	return "delivery"
}
