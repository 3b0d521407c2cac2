package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/jsflow"
)

// V8Subscription flags subscription calls whose effect v8 Enterprise
// delays.
var V8Subscription = &audit.Rule{
	ID:        "V8-015",
	Name:      "v8-asynchronous-subscription",
	Title:     "Subscription or unsubscription call that may expect an immediate effect",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  area.V8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "On v8 Enterprise the \"subscription (opt-in) and unsubscription (opt-out) mechanisms, and Mobile " +
			"registration are asynchronous processes. Requests are processed each hour\". Code calling " +
			"`nms.subscription.Subscribe(…)` or `Unsubscribe(…)` that reads the subscription back, or confirms it " +
			"to the recipient at once, changes behaviour. The rule reports each call for review.",
		Remediation: "Design the page or workflow for a delayed update: confirm the request rather than the result, and " +
			"read subscriptions back only after the technical workflow has run.",
		Bad: `<javascript name="optin.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[nms.subscription.Subscribe("newsletter", <recipient email={email}/>, false);]]></data>
</javascript>`,
		Good: `<javascript name="optin.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[logInfo("opt-in request recorded for " + email);]]></data>
</javascript>`,
		URL: docs.Guardrails,
	},
	Effort: 1,
	Run: func(p *audit.Pass) {
		for _, c := range jsflow.Codes(p, false, "ubscribe") {
			for _, m := range []string{"Subscribe", "Unsubscribe"} {
				c.Calls(m, func(i, _ int, member bool) {
					if member && v8Receiver(c, i) == "subscription" {
						p.ReportToken(c.S, c.T[i], "nms.subscription.%s() is processed asynchronously (each hour) on Campaign v8 Enterprise: do not rely on its effect right after the call", m)
					}
				})
			}
		}
	},
}
