package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// v8WebTrackingOptions are the options web tracking reads.
var v8WebTrackingOptions = []string{"NmsTracking_WebTrackingMode", "NmsTracking_WebTrackingDelivery"}

// V8WebTracking flags web tracking, which Campaign v8 does not offer.
var V8WebTracking = &audit.Rule{
	ID:        "V8-007",
	Name:      "v8-web-tracking",
	Title:     "Web tracking configured (tracking options or a webTrackingLog extension)",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
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
		URL:  docs.Security,
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
