package opt

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/option"
)

// PassUnknownSQLFunctions flags the compatibility option that sends
// undeclared SQL functions to the database.
var PassUnknownSQLFunctions = &audit.Rule{
	ID:        "OPT-001",
	Name:      "pass-unknown-sql-functions",
	Title:     "Option XtkPassUnknownSQLFunctionsToRDBMS enabled",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Packages,
	Doc: audit.Doc{
		Rationale: "The postupgrade adds XtkPassUnknownSQLFunctionsToRDBMS so that expressions calling SQL functions " +
			"that no xtk:funcList declares keep working, but \"we strongly recommend against using this option due to " +
			"the security risks it introduces\": any function name typed in a filter reaches the database. The rule " +
			"reports the option entity when it is set to a non-zero value; SQL-006 reports each undeclared call " +
			"(as a warning while the option is on). Set to 0 or absent, it is fine.",
		Remediation: "Declare the functions still needed in an xtk:funcList package " +
			"(`<funcList name=\"myList\" namespace=\"cus\"><group name=\"date\"><function name=\"relativeMaturity\" …/></group></funcList>`), " +
			"fix the SQL-006 findings, then delete the option or set it to 0.",
		Bad: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:option">
    <option dataType="3" longValue="1" name="XtkPassUnknownSQLFunctionsToRDBMS"/>
  </entities>
</package>`,
		Good: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:option">
    <option dataType="3" name="XtkPassUnknownSQLFunctionsToRDBMS"/>
  </entities>
</package>`,
		URL: docs.SQLFuncs,
	},
	Effort:  1,
	Schemas: []string{"xtk:option"},
	Run: option.Rule(func(_ *audit.Pass, name, v string) string {
		if name != option.PassUnknown || option.Off(v) {
			return ""
		}
		return option.PassUnknown + " = " + v + ": undeclared SQL functions are passed to the database, a security risk Adobe advises against; declare them in an xtk:funcList and remove the option"
	}),
}
