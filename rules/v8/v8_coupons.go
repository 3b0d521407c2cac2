package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// V8Coupons flags the coupon module, absent from v8 Enterprise.
var V8Coupons = &audit.Rule{
	ID:        "V8-006",
	Name:      "v8-coupons",
	Title:     "Coupon management enabled (option NmsModule_CouponsEnabled)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.V8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "\"Coupon management is not available in Campaign v8 in the context of an Enterprise (FFDA) " +
			"deployment.\" The option NmsModule_CouponsEnabled set to 1 shows that deliveries of the instance " +
			"personalise coupon codes; on v8 Enterprise those codes have nowhere to come from.",
		Remediation: "Generate the codes outside Campaign and import them as profile or offer data, personalise " +
			"the deliveries from those fields, then drop the option.",
		Bad:  `<option dataType="3" longValue="1" name="NmsModule_CouponsEnabled" xtkschema="xtk:option"/>`,
		Good: `<option dataType="3" longValue="0" name="NmsModule_CouponsEnabled" xtkschema="xtk:option"/>`,
		URL:  docs.Coupons,
	},
	Effort:  16,
	Schemas: []string{"xtk:option"},
	Run: v8Option([]string{"NmsModule_CouponsEnabled"}, v8Enabled, func(n, v string) string {
		return n + " = " + v + ": deliveries use coupons, which Campaign v8 Enterprise (FFDA) does not offer; generate the codes outside Campaign and import them"
	}),
}
