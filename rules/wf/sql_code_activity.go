package wf

import (
	"fmt"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/sqlword"
	"github.com/acc-audit/acc-audit/rules/internal/walk"
)

// WorkflowSQLCode inventories the raw SQL that workflows run: SQL code
// activities and the sqlExec/sqlGet* calls of their scripts. Nothing in
// the migration checks this SQL against the v7 data model.
var WorkflowSQLCode = &audit.Rule{
	ID:        "WF-004",
	Name:      "sql-code-activity",
	Title:     "Raw SQL run by a workflow activity",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.Workflows,
	Doc: audit.Doc{
		Rationale: "SQL code activities and the sqlExec()/sqlGetInt()... calls of script activities hand SQL to the " +
			"database without going through the schemas: the post-upgrade neither checks nor rewrites it. The " +
			"migration rebuilds NmsRecipient from the schemas, can convert date columns to TIMESTAMP WITH TIME " +
			"ZONE, and keeps its own indexes; SQL written for the v5/v6 tables must be reviewed and retested. " +
			"The rule reports each activity once, with the statements and the Campaign tables (Nms…, Xtk…, " +
			"Ncm…) it touches, as a warning when it changes the structure of Campaign tables (ALTER TABLE, " +
			"CREATE INDEX, CREATE VIEW, DROP): such changes are lost or break the post-upgrade (see DB-001 and " +
			"TZ-001, which report the statements themselves). ALTER TABLE, CREATE INDEX and CREATE VIEW on NmsRecipient are " +
			"DB-001's subject: DB-001 reports them at the statement, with their severity (lower when an extension " +
			"of the scan declares the column), and the activity only names them, without raising its own severity. " +
			"Work tables of the workflow are not Campaign tables.",
		Remediation: "Prefer the v7 activities (query, enrichment, update data) or queryDef/writer calls over raw SQL; " +
			"declare the columns and indexes you need in a schema extension (`<dbindex name=\"…\">`) instead of " +
			"creating them in SQL; retest the activity after the migration.",
		Bad: `<workflow internalName="wkfPurge" label="Purge" xtkschema="xtk:workflow">
  <activities>
    <sql label="Add index" name="sql" x="200" y="100">
      <script>CREATE INDEX NmsRecipient_cusCode ON NmsRecipient(sCusCode);</script>
    </sql>
  </activities>
</workflow>`,
		Good: `<workflow internalName="wkfPurge" label="Purge" xtkschema="xtk:workflow">
  <activities>
    <writer label="Update data" name="writer" schema="nms:recipient" x="200" y="100">
      <node calcExpr="@cusCode" dstExpr="@cusCode"/>
    </writer>
  </activities>
</workflow>`,
		URL: docs.WorkflowsSQL,
	},
	Effort:  1,
	Schemas: []string{"xtk:workflow", "nms:operation"},
	// One review of the SQL the workflows run: once per export, each
	// activity a related place.
	Scope: audit.ScopeExport,
	Run:   runWorkflowSQLCode,
}

func runWorkflowSQLCode(p *audit.Pass) {
	scripts := map[*xmltree.Element][]*acc.Script{}
	for _, s := range p.Scripts() {
		scripts[s.Code.Elem] = append(scripts[s.Code.Elem], s)
	}
	codes := p.Code()
	for _, a := range walk.Activities(p.Entity.Root) {
		sum := sqlword.NewSQLSummary()
		if a.LocalName() == "sql" {
			for _, c := range codes {
				if c.Lang == acc.SQL && a.Contains(c.Elem.Start) {
					sum.Add(walk.BlankSQLComments(walk.TemplateText(c.Text)))
				}
			}
			emitSQL(p, a.Start, a.Start+1+int64(len(a.Name)), sum, walk.DescribeActivity(a)+" runs SQL code")
			continue
		}
		// Script activities: calls to the SQL functions.
		var first *jsscan.Token
		var firstScript *acc.Script
		calls := map[string]int{}
		for _, c := range codes {
			if c.Lang != acc.JS || !a.Contains(c.Elem.Start) {
				continue
			}
			for _, s := range scripts[c.Elem] {
				sqlword.SQLFunctionCalls(s, func(t *jsscan.Token) {
					calls[t.Text]++
					if first == nil {
						first, firstScript = t, s
					}
				})
				sum.AddStrings(s)
			}
		}
		if first == nil {
			continue
		}
		var names []string
		for _, n := range sqlword.SortedKeys(sqlword.BoolKeys(calls)) {
			if calls[n] > 1 {
				names = append(names, fmt.Sprintf("%s() ×%d", n, calls[n]))
			} else {
				names = append(names, n+"()")
			}
		}
		s, e := audit.ValueRange(firstScript.JS().Span, first.Start, first.End)
		emitSQL(p, s, e, sum, walk.DescribeActivity(a)+" runs raw SQL through "+strings.Join(names, ", "))
	}
}

// emitSQL reports an activity's SQL, as a warning when it changes the
// structure of Campaign tables.
func emitSQL(p *audit.Pass, start, end int64, sum *sqlword.SQLSummary, what string) {
	owned := sum.TakeRecipientChanges() // DB-001's, at the statement
	f := p.Newf(start, end, "%s%s", what, sum.Describe())
	if len(sum.Ddl) > 0 {
		f.Severity = audit.SeverityWarning
	}
	if len(owned) > 0 {
		f.Message += "; its " + strings.Join(owned, ", ") + " is reported by DB-001 at the statement"
	}
	p.Emit(f)
}
