package opt

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/option"
)

// AcceptOldPasswords flags the v5 password compatibility option.
var AcceptOldPasswords = &audit.Rule{
	ID:        "OPT-002",
	Name:      "accept-old-passwords",
	Title:     "Option XtkAcceptOldPasswords enabled",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Packages,
	From:      []string{audit.V511},
	Doc: audit.Doc{
		Rationale: "XtkAcceptOldPasswords (\"Install compatibility mode: build>6000\") \"allows the use of old passwords " +
			"stored in the database for the connection to external accounts or to the instance\"; the migration " +
			"guide only documents it as a temporary workaround for mirror pages built with the v5 personalization " +
			"block. Left on, it keeps the weaker v5 password storage accepted.",
		Remediation: "Replace the v5 mirror-page block by `<%@ include view=\"MirrorPage\" %>` / " +
			"`<%@ include view='MirrorPageUrl' %>`, reset the passwords of external accounts and operators, then set the " +
			"option to 0 or delete it.",
		Bad:  `<option dataType="3" longValue="1" name="XtkAcceptOldPasswords" xtkschema="xtk:option"/>`,
		Good: `<option dataType="3" longValue="0" name="XtkAcceptOldPasswords" xtkschema="xtk:option"/>`,
		URL:  docs.AfterMig,
	},
	Effort:  2,
	Schemas: []string{"xtk:option"},
	Run: option.Rule(func(_ *audit.Pass, name, v string) string {
		if name != "XtkAcceptOldPasswords" || option.Off(v) {
			return ""
		}
		return "XtkAcceptOldPasswords = " + v + ": old v5 passwords are still accepted; migrate the v5 mirror-page blocks, reset the passwords, then remove the option"
	}),
}
