package v8

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
)

// V8AdminGroup flags operator groups that would open the Control Panel.
var V8AdminGroup = &audit.Rule{
	ID:        "V8-004",
	Name:      "v8-admin-in-group-name",
	Title:     "Operator group named with \"admin\"",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
	Targets:   v8Any,
	Doc: audit.Doc{
		Rationale: "After the migration to Adobe IMS operator groups become product profiles, and \"any Product " +
			"Profile in the Adobe Admin Console containing the word \"admin\" in its name … will automatically grant " +
			"access to the Campaign Control Panel\". The rule reports operator groups (xtk:group) whose name or " +
			"label contains admin, in any case.",
		Remediation: "Rename the groups whose members must not administer the instance before the IMS migration; keep " +
			"\"admin\" only in groups meant for Control Panel users.",
		Bad:  `<group label="Campaign admins" name="campaignAdmins" xtkschema="xtk:group"/>`,
		Good: `<group label="Campaign managers" name="campaignManagers" xtkschema="xtk:group"/>`,
		URL:  docs.IMSUsers,
	},
	Effort:  0.25,
	Schemas: []string{"xtk:group"},
	Run: func(p *audit.Pass) {
		if !v8Live(p) {
			return
		}
		for _, n := range []string{"name", "label"} {
			if a := p.Entity.Root.AttrNode(n); a != nil && strings.Contains(strings.ToLower(a.Value), "admin") {
				p.ReportAttr(a, "operator group %q has \"admin\" in its %s: as a product profile it would grant access to the Campaign Control Panel; rename it unless its members administer the instance", a.Value, n)
				return
			}
		}
	},
}
