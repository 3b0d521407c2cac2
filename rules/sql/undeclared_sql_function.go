package sql

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xtk"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/option"
	"github.com/acc-audit/acc-audit/rules/internal/query"
)

// UndeclaredFunction flags SQL functions that are neither built in nor
// declared by an xtk:funcList of the scan.
var UndeclaredFunction = &audit.Rule{
	ID:        "SQL-006",
	Name:      "undeclared-sql-function",
	Title:     "SQL function neither built in nor declared in an xtk:funcList",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionHigh,
	Category:  area.SQL,
	Doc: audit.Doc{
		Rationale: "\"Unknown SQL function calls are no longer naturally sent to the server\": in v7 every function " +
			"used in an expression must be a built-in or be declared in an xtk:funcList package. The rule checks " +
			"each call in the expressions that become SQL against the documented built-ins and the functions " +
			"declared by the xtk:funcList entities of the same scan (any file), case-insensitively. Parameter " +
			"macros (`$long(...)`), SQL keywords before a parenthesis (`IN (`), calls inside string literals " +
			"or SQLData, form logic and default values (`DefaultFolder(...)`, `HasPackage(...)`) are not " +
			"calls to SQL functions and are ignored. While the option XtkPassUnknownSQLFunctionsToRDBMS is " +
			"enabled in the scan the finding is a warning: the call works, through a setting Adobe advises against.",
		Remediation: "Declare the function in an xtk:funcList package (`<funcList name=\"myList\" namespace=\"cus\">" +
			"<group name=\"date\"><function name=\"relativeMaturity\" type=\"long\" minArgs=\"1\" maxArgs=\"1\">" +
			"<providerPart provider=\"PostgreSQL\" body=\"extract(year from age($1))-18\"/></function></group></funcList>`), " +
			"import it and restart the server; or rewrite the expression with built-in functions.",
		Bad: `<queryFilter name="adults" schema="nms:recipient" xtkschema="xtk:queryFilter">
  <where><condition expr="relativeMaturity(@birthDate) &gt; 0"/></where>
</queryFilter>`,
		Good: `<queryFilter name="adults" schema="nms:recipient" xtkschema="xtk:queryFilter">
  <where><condition expr="YearsOld(@birthDate) &gt;= 18"/></where>
</queryFilter>`,
		URL: docs.SQLFuncs,
	},
	Requires: []*audit.Collector{FuncListCollector, option.Collector},
	Run:      runUndeclaredFunction,
}

func runUndeclaredFunction(p *audit.Pass) {
	query.Expressions(p, func(f query.Fragment) {
		// One finding per function and expression: the fix is per function.
		seen := map[string]bool{}
		for _, c := range xtk.Analyze(f.Text).Calls {
			if xtk.IsBuiltin(c.Name) || seen[strings.ToLower(c.Name)] {
				continue
			}
			seen[strings.ToLower(c.Name)] = true
			name := c.Name
			fd := p.Newf(f.Span.File(c.Start), f.Span.File(c.Start+len(name)-1)+1,
				"SQL function %s() in %s is neither built in nor declared in an xtk:funcList of the scan", name, f.Where)
			p.Defer(fd, func(ix *audit.Index, fd *audit.Finding) bool {
				if _, ok := functionDeclared(ix, name); ok {
					return false
				}
				if v, ok := option.Value(ix, option.PassUnknown); ok && option.Enabled(v) {
					fd.Severity = audit.SeverityWarning
					fd.Message += "; it only works because " + option.PassUnknown + " is enabled"
				}
				return true
			})
		}
	})
}
