package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// V8MobileApp flags mobile applications set up for the Campaign SDK.
var V8MobileApp = &audit.Rule{
	ID:        "V8-024",
	Name:      "v8-mobile-app-campaign-sdk",
	Title:     "Mobile application service to move to the Adobe Experience Platform Mobile SDK",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.V8,
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
		URL:  docs.Compat + "#MobileSDK",
	},
	Effort:  8,
	Schemas: []string{"nms:mobileApp"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		p.ReportElement(p.Entity.Root, "mobile application %s is to be set up again on Campaign v8 with the Adobe Experience Platform Mobile SDK (the Campaign SDK and legacy certificates are not supported)", srcschema.Or(p.Entity.Key, "(no name)"))
	},
}
