package js

import (
	"fmt"
	"slices"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/sqlword"
)

// JSRawSQL inventories the raw SQL that JavaScript libraries, JSSP pages
// and templates run: WF-004 does it for workflow activities, and code
// libraries called from everywhere are the other half of it.
var JSRawSQL = &audit.Rule{
	ID:        "JS-016",
	Name:      "raw-sql-in-code-library",
	Title:     "Raw SQL run by a JavaScript library, JSSP page or template",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  area.JS,
	Doc: audit.Doc{
		Rationale: "sqlExec(), sqlSelect() and the sqlGet…() functions hand SQL text to the database without going " +
			"through the schemas, and neither the post-upgrade nor its check reads it. Libraries (xtk:javascript), " +
			"JSSP pages and JavaScript templates run it for every workflow, web application and SOAP method that " +
			"loads them. The migration rebuilds NmsRecipient from the schemas, may convert date columns to " +
			"TIMESTAMP WITH TIME ZONE and keeps its own indexes, so SQL written for the v5/v6 tables must be " +
			"reviewed. The rule reports each entity once, at its first call, with the functions, the statements " +
			"and the Campaign tables (Nms…, Xtk…, Ncm…) its string literals hold, and every other call as a " +
			"related place; a warning when the SQL changes the structure of Campaign tables (the changes of " +
			"NmsRecipient are DB-001's, reported at the statement: the library only names them). A method named " +
			"sqlExec (obj.sqlExec(), function sqlExec) is not the platform function.",
		Remediation: "Prefer queryDef (`xtk.queryDef.create(…)`) and xtk.session.Write over raw SQL, so that the " +
			"schemas carry the data model; where SQL stays, retest each caller after the migration.",
		Bad: `<javascript name="purge.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[function cus_purge(days) {
  sqlExec("DELETE FROM NmsBroadLogRcp WHERE tsEvent < GetDate() - " + days);
}]]></data>
</javascript>`,
		Good: `<javascript name="purge.js" namespace="cus" xtkschema="xtk:javascript">
  <data><![CDATA[function cus_count() {
  var q = xtk.queryDef.create(<queryDef schema="nms:recipient" operation="count"/>);
  return q.ExecuteQuery().@count;
}]]></data>
</javascript>`,
		URL: docs.WorkflowsSQL,
	},
	Effort:   1,
	Schemas:  []string{"xtk:javascript", "xtk:jssp", "xtk:jst"},
	Keywords: []string{"sql"},
	Run:      runJSRawSQL,
}

func runJSRawSQL(p *audit.Pass) {
	type call struct {
		start, end int64
		name       string
	}
	var calls []call
	counts := map[string]int{}
	sum := sqlword.NewSQLSummary()
	for _, s := range p.Scripts() {
		if !s.Server {
			continue
		}
		n := len(calls)
		sqlword.SQLFunctionCalls(s, func(t *jsscan.Token) {
			st, en := audit.ValueRange(s.JS().Span, t.Start, t.End)
			calls = append(calls, call{st, en, t.Text})
			counts[t.Text]++
		})
		if len(calls) > n {
			sum.AddStrings(s)
		}
	}
	if len(calls) == 0 {
		return
	}
	var names []string
	for _, n := range sqlword.SortedKeys(sqlword.BoolKeys(counts)) {
		if counts[n] > 1 {
			names = append(names, fmt.Sprintf("%s() ×%d", n, counts[n]))
		} else {
			names = append(names, n+"()")
		}
	}
	first := calls[0]
	owned := sum.TakeRecipientChanges() // DB-001's, at the statement
	f := p.Newf(first.start, first.end, "%s runs raw SQL through %s%s", p.Entity.ID(), strings.Join(names, ", "), sum.DescribeFor("its callers"))
	if len(sum.Ddl) > 0 {
		f.Severity = audit.SeverityWarning
	}
	if len(owned) > 0 {
		f.Message += "; its " + strings.Join(owned, ", ") + " is reported by DB-001 at the statement"
	}
	f.Related = slices.Grow(f.Related, len(calls)-1)
	for _, c := range calls[1:] {
		p.AddRelated(&f, c.start, c.end, c.name+"() runs SQL here")
	}
	p.Emit(f)
}
