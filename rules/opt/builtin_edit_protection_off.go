package opt

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/option"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// BuiltinEditProtectionOff flags the options that allow editing built-in
// schemas and JavaScript.
var BuiltinEditProtectionOff = &audit.Rule{
	ID:        "OPT-004",
	Name:      "builtin-edit-protection-off",
	Title:     "Protection of built-in schemas or JavaScript disabled",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Packages,
	Doc: audit.Doc{
		Rationale: "From build 21.1.3, RestrictEditingOOTBSchema and RestrictEditingOOTBJavascript (default 1) forbid " +
			"editing built-in schemas and built-in JavaScript. Set to 0, they let operators change factory objects in " +
			"place again, the practice that creates upgrade conflicts and lost changes (SCH-001, SCH-009).",
		Remediation: "Move the changes into extensions and customer-namespace copies, then set the options back to 1.",
		Bad: `<package buildNumber="9349" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" name="RestrictEditingOOTBSchema"/>
  </entities>
</package>`,
		Good: `<package buildNumber="9349" buildVersion="6.7">
  <entities schema="xtk:option">
    <option dataType="3" longValue="1" name="RestrictEditingOOTBSchema"/>
  </entities>
</package>`,
		URL: docs.OptSecurity,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:option"},
	Run: option.Rule(func(_ *audit.Pass, name, v string) string {
		if (name != option.RestrictSchema && name != option.RestrictJS) || !option.Off(v) {
			return ""
		}
		what := "built-in schemas"
		if name == option.RestrictJS {
			what = "built-in JavaScript"
		}
		return name + " = " + srcschema.Or(v, "0") + ": " + what + " can be edited in place; keep changes in extensions or customer copies and set it back to 1"
	}),
}
