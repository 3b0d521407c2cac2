package sql

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xtk"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/query"
)

// CountStar flags count(*) in XTK expressions, replaced by countall().
var CountStar = &audit.Rule{
	ID:        "SQL-004",
	Name:      "count-star",
	Title:     "count(*) in an expression instead of countall()",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.SQL,
	Doc: audit.Doc{
		Rationale: "\"It is no longer possible to use the count(*) function. You must use countall().\" The rule reads " +
			"the XTK expressions that the server turns into SQL (query and filter conditions, select nodes, " +
			"calculated schema fields) wherever they are stored or built, and ignores raw SQL, where count(*) " +
			"stays valid: SQL activities, sqlExec arguments, SQLData fragments, and the body of xtk:funcList " +
			"functions (the built-in CountAll is itself defined as Count(*)).",
		Remediation: "Write `countall()` to count rows, or `count(@field)` / `count([link/@id])` to count values.",
		Bad: `<workflow internalName="wkfCount" xtkschema="xtk:workflow">
  <activities>
    <query name="query" schema="nms:recipient">
      <select><node expr="count(*)" alias="@total"/></select>
    </query>
  </activities>
</workflow>`,
		Good: `<workflow internalName="wkfCount" xtkschema="xtk:workflow">
  <activities>
    <query name="query" schema="nms:recipient">
      <select><node expr="countall()" alias="@total"/></select>
    </query>
  </activities>
</workflow>`,
		URL:     docs.SQLData,
		Rewrite: "`acc-audit fix` rewrites `count(*)` as `countall()` (safe: the documented replacement, with the same result), in expressions only: never in labels, display filters or `[SQLDATA[` fragments.",
	},
	Keywords: []string{"count"},
	Run:      runCountStar,
}

func runCountStar(p *audit.Pass) {
	query.Expressions(p, func(f query.Fragment) {
		for _, r := range xtk.Analyze(f.Text).CountStar {
			s, e := audit.ValueRange(f.Span, r.Start, r.End)
			fd := p.Newf(s, e, "count(*) in %s; write countall()", f.Where)
			p.SuggestFix(&fd, "count(*) becomes countall()", true, p.Edit(s, e, "countall()"))
			p.Emit(fd)
		}
	})
}
