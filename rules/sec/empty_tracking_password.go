package sec

import (
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// SecTrackingPassword flags an empty tracking password option.
var SecTrackingPassword = &audit.Rule{
	ID:        "SEC-006",
	Name:      "empty-tracking-password",
	Title:     "Empty tracking password option NmsTracking_Password",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Security,
	Doc: audit.Doc{
		Rationale: "\"Tracking no longer works if the password is empty\" in v7: the postupgrade asks to reconfigure it. " +
			"The tracking password is the option NmsTracking_Password, set by the deployment wizard. A package export " +
			"omits attributes equal to their empty default, so an exported option without a value is an empty " +
			"password; if your export tool strips encrypted values, check the option in the console before acting.",
		Remediation: "Set the tracking password in the deployment wizard (Tracking step), which stores it encrypted: " +
			"`<option name=\"NmsTracking_Password\" stringValue=\"@…\"/>`, identical on the marketing and tracking instances.",
		Bad:  `<option name="NmsTracking_Password" xtkschema="xtk:option" stringValue=""/>`,
		Good: `<option name="NmsTracking_Password" xtkschema="xtk:option" stringValue="@Ck8hD2lqVq0oE5yFJx0xKw=="/>`,
		URL:  docs.MigNew,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:option"},
	Run: func(p *audit.Pass) {
		e := p.Entity
		if e.Name != "NmsTracking_Password" || strings.TrimSpace(srcschema.EntityOptionValue(e)) != "" {
			return
		}
		if a := e.Root.AttrNode("stringValue"); a != nil {
			p.ReportAttr(a, "the tracking password option NmsTracking_Password is empty: tracking stops working in v7; set it in the deployment wizard")
			return
		}
		p.ReportElement(e.Root, "the tracking password option NmsTracking_Password has no value: tracking stops working in v7; set it in the deployment wizard")
	},
}
