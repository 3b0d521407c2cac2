package rules

import (
	"github.com/acc-audit/acc-audit/audit"
)

// V8LDAP flags the LDAP integration, which Campaign v8 does not offer.
var V8LDAP = &audit.Rule{
	ID:        "V8-002",
	Name:      "v8-ldap-integration",
	Title:     "LDAP authentication enabled (option XtkLdap_Active)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "Campaign v8 lists \"Integration with LDAP\" and \"User/Password sign in\" among the capabilities " +
			"removed from v7, and \"Campaign v8 does not support LDAP integration\": operators sign in with Adobe IMS " +
			"(Adobe ID or Federated ID) and their rights come from product profiles. The option XtkLdap_Active set to 1 " +
			"shows that the v7 instance authenticates operators against a directory; the rule reports it.",
		Remediation: "Migrate the operators to Adobe IMS before the move (each needs a unique email), map the LDAP " +
			"groups to product profiles in the Adobe Admin Console, then set XtkLdap_Active to 0.",
		Bad: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" longValue="1" name="XtkLdap_Active"/>
  </entities>
</package>`,
		Good: `<package buildNumber="9032" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" name="XtkLdap_Active"/>
  </entities>
</package>`,
		URL: v8DocV7toV8 + "#gs-removed",
	},
	Effort:  8,
	Schemas: []string{"xtk:option"},
	Run: v8Option([]string{"XtkLdap_Active"}, v8Enabled, func(n, v string) string {
		return n + " = " + v + ": operators authenticate through LDAP, which Campaign v8 does not support; migrate them to Adobe IMS and product profiles"
	}),
}

// V8Coupons flags the coupon module, absent from v8 Enterprise.
var V8Coupons = &audit.Rule{
	ID:        "V8-006",
	Name:      "v8-coupons",
	Title:     "Coupon management enabled (option NmsModule_CouponsEnabled)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  CatV8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "\"Coupon management is not available in Campaign v8 in the context of an Enterprise (FFDA) " +
			"deployment.\" The option NmsModule_CouponsEnabled set to 1 shows that deliveries of the instance " +
			"personalise coupon codes; on v8 Enterprise those codes have nowhere to come from.",
		Remediation: "Generate the codes outside Campaign and import them as profile or offer data, personalise " +
			"the deliveries from those fields, then drop the option.",
		Bad:  `<option dataType="3" longValue="1" name="NmsModule_CouponsEnabled" xtkschema="xtk:option"/>`,
		Good: `<option dataType="3" longValue="0" name="NmsModule_CouponsEnabled" xtkschema="xtk:option"/>`,
		URL:  v8DocCoupons,
	},
	Effort:  16,
	Schemas: []string{"xtk:option"},
	Run: v8Option([]string{"NmsModule_CouponsEnabled"}, v8Enabled, func(n, v string) string {
		return n + " = " + v + ": deliveries use coupons, which Campaign v8 Enterprise (FFDA) does not offer; generate the codes outside Campaign and import them"
	}),
}

// v8WebTrackingOptions are the options web tracking reads.
var v8WebTrackingOptions = []string{"NmsTracking_WebTrackingMode", "NmsTracking_WebTrackingDelivery"}

// V8WebTracking flags web tracking, which Campaign v8 does not offer.
var V8WebTracking = &audit.Rule{
	ID:        "V8-007",
	Name:      "v8-web-tracking",
	Title:     "Web tracking configured (tracking options or a webTrackingLog extension)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  CatV8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "\"Web tracking is not available in Campaign v8\" (security page; the v7-to-v8 page lists " +
			"\"Web tracking\" among the capabilities not available). The export shows it through the options " +
			"NmsTracking_WebTrackingMode and NmsTracking_WebTrackingDelivery set to a value, and through schema " +
			"extensions of nms:webTrackingLog (the documented way to store additional tracking parameters). " +
			"Tags in web pages cannot be seen in an export and are not reported.",
		Remediation: "Measure site visits with Adobe Analytics or the Web SDK instead, remove the web tracking tags " +
			"from the sites, then delete the options and the nms:webTrackingLog extension.",
		Bad:  `<option name="NmsTracking_WebTrackingMode" stringValue="Session or permanent" xtkschema="xtk:option"/>`,
		Good: `<option name="NmsTracking_WebTrackingMode" stringValue="" xtkschema="xtk:option"/>`,
		URL:  v8DocSecurity,
	},
	Effort:  8,
	Schemas: []string{"xtk:option", "xtk:srcSchema"},
	Run: func(p *audit.Pass) {
		if p.Entity.Schema == "xtk:option" {
			v8Option(v8WebTrackingOptions, v8StringValue, func(n, v string) string {
				return n + " = " + v + ": web tracking is not available in Campaign v8; move site measurement to Adobe Analytics or the Web SDK"
			})(p)
			return
		}
		if target, a := v8Extension(p); target == "nms:webtrackinglog" {
			p.ReportAttr(a, "%s extends nms:webTrackingLog: web tracking is not available in Campaign v8; move site measurement to Adobe Analytics or the Web SDK", p.Entity.ID())
		}
	},
}
