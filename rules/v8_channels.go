package rules

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
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
	Category:  CatV8,
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
		URL: v8DocExtAccount + "#routing",
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
					v8DeliveryKind(root), schOr(p.Entity.Key, "(no internal name)"), a.Value)
			}
		}
	},
}

// v8DeliveryKind names a delivery for messages.
func v8DeliveryKind(root *xmltree.Element) string {
	if schIsTrue(root.AttrValue("isModel")) {
		return "delivery template"
	}
	return "delivery"
}

// V8MobileApp flags mobile applications set up for the Campaign SDK.
var V8MobileApp = &audit.Rule{
	ID:        "V8-024",
	Name:      "v8-mobile-app-campaign-sdk",
	Title:     "Mobile application service to move to the Adobe Experience Platform Mobile SDK",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "For push notifications Campaign v8 says to \"use the Adobe Experience Platform Mobile SDK\", and " +
			"\"Legacy FCM and APNS p12 are not supported with Data Collection\"; the Campaign (Neolane) SDK is " +
			"deprecated since v7.4.1. The rule reports each mobile application (nms:mobileApp) of the export: " +
			"the apps, their certificates and keys are set up again. Whether a v7 app already uses the Experience " +
			"Platform SDK is not told by the export, hence the medium precision.",
		Remediation: "Rebuild the app integration with the Adobe Experience Platform Mobile SDK and Data Collection " +
			"(APNs token authentication, FCM HTTP v1), then recreate the mobile application service.",
		Bad:  `<mobileApp label="Acme app" name="acmeApp" xtkschema="nms:mobileApp"/>`,
		Good: `<mobileApp _operation="delete" name="acmeApp" xtkschema="nms:mobileApp"/>`,
		URL:  v8DocCompat + "#MobileSDK",
	},
	Effort:  8,
	Schemas: []string{"nms:mobileApp"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		p.ReportElement(p.Entity.Root, "mobile application %s is to be set up again on Campaign v8 with the Adobe Experience Platform Mobile SDK (the Campaign SDK and legacy certificates are not supported)", schOr(p.Entity.Key, "(no name)"))
	},
}
