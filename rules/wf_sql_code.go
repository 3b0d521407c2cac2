package rules

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/jsscan"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// WorkflowSQLCode inventories the raw SQL that workflows run: SQL code
// activities and the sqlExec/sqlGet* calls of their scripts. Nothing in
// the migration checks this SQL against the v7 data model.
var WorkflowSQLCode = &audit.Rule{
	ID:        "WF-004",
	Name:      "sql-code-activity",
	Title:     "Raw SQL run by a workflow activity",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  opsCatWorkflows,
	Doc: audit.Doc{
		Rationale: "SQL code activities and the sqlExec()/sqlGetInt()... calls of script activities hand SQL to the " +
			"database without going through the schemas: the post-upgrade neither checks nor rewrites it. The " +
			"migration rebuilds NmsRecipient from the schemas, can convert date columns to TIMESTAMP WITH TIME " +
			"ZONE, and keeps its own indexes; SQL written for the v5/v6 tables must be reviewed and retested. " +
			"The rule reports each activity once, with the statements and the Campaign tables (Nms…, Xtk…, " +
			"Ncm…) it touches, as a warning when it changes the structure of Campaign tables (ALTER TABLE, " +
			"CREATE INDEX, CREATE VIEW, DROP): such changes are lost or break the post-upgrade (see DB-001 and " +
			"TZ-001, which report the statements themselves). Work tables of the workflow are not Campaign tables.",
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
		URL: opsDocWorkflowsSQL,
	},
	Effort:  1,
	Schemas: []string{"xtk:workflow", "nms:operation"},
	// One review of the SQL the workflows run: once per export, each
	// activity a related place.
	Scope: audit.ScopeExport,
	Run:   runWorkflowSQLCode,
}

// opsSQLCalls are the JavaScript functions that run SQL text.
var opsSQLCalls = map[string]bool{
	"sqlExec": true, "sqlGetInt": true, "sqlGetString": true, "sqlGetDouble": true, "sqlGetDate": true,
	"sqlGetMemo": true, "sqlGetRecord": true, "sqlSelect": true,
}

var (
	opsSQLVerb     = regexp.MustCompile(`(?i)\b(SELECT|INSERT|UPDATE|DELETE|MERGE|TRUNCATE|CREATE|ALTER|DROP)\b`)
	opsCampaignTbl = regexp.MustCompile(`\b(?:Nms|Xtk|Ncm)[A-Z][A-Za-z0-9_]*\b`)
	// opsSQLString tells a string literal holding SQL from a message that
	// happens to start with "Update" or "Select".
	opsSQLStart   = regexp.MustCompile(`(?i)^\s*(?:SELECT|INSERT|UPDATE|DELETE|MERGE|TRUNCATE|CREATE|ALTER|DROP|WITH)\s`)
	opsSQLKeyword = regexp.MustCompile(`(?i)\b(?:FROM|INTO|SET|WHERE|TABLE|INDEX|VIEW|VALUES)\b`)
	// opsSQLDDL finds a structure change and the object it targets (for
	// CREATE INDEX, the table after ON is read separately).
	opsSQLDDL = regexp.MustCompile(`(?is)\b(ALTER\s+TABLE|CREATE\s+(?:UNIQUE\s+)?(?:CLUSTERED\s+|NONCLUSTERED\s+)?INDEX\s+[\w."\[\]]+\s+ON|CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+)?VIEW\s+[\w."\[\]]+\s+(?:\([^)]*\)\s*)?AS\s+SELECT\s.*?\bFROM|DROP\s+(?:TABLE|VIEW|INDEX)|TRUNCATE(?:\s+TABLE)?)\s+(?:IF\s+EXISTS\s+)?(?:["\[]?\w+["\]]?\.)*["\[]?(\w+)`)
)

// opsSQLSummary describes SQL text for a message.
type opsSQLSummary struct {
	verbs  map[string]bool
	tables map[string]bool
	ddl    map[string]bool // "ALTER TABLE NmsRecipient"
}

func newOpsSQLSummary() *opsSQLSummary {
	return &opsSQLSummary{verbs: map[string]bool{}, tables: map[string]bool{}, ddl: map[string]bool{}}
}

func (s *opsSQLSummary) add(sql string) {
	ddl := false // the structure-change regexp needs one of its verbs
	sqlVerbsOf(sql, func(v string) {
		s.verbs[v] = true
		ddl = ddl || v == "ALTER" || v == "CREATE" || v == "DROP" || v == "TRUNCATE"
	})
	sqlCampaignTables(sql, func(m string) {
		if !strings.Contains(m, "_") { // NmsRecipient_email is an index
			s.tables[m] = true
		}
	})
	if !ddl {
		return
	}
	for _, m := range opsSQLDDL.FindAllStringSubmatch(sql, -1) {
		if opsCampaignTbl.MatchString(m[2]) {
			s.ddl[opsDDLKind(m[1])+" on "+m[2]] = true
		}
	}
}

// opsDDLKind names a structure change: ALTER TABLE, CREATE INDEX...
func opsDDLKind(stmt string) string {
	w := strings.Fields(strings.ToUpper(stmt))
	switch w[0] {
	case "CREATE":
		for _, k := range w[1:] {
			if k == "INDEX" || k == "VIEW" {
				return "CREATE " + k
			}
		}
	case "ALTER", "DROP":
		if len(w) > 1 {
			return w[0] + " " + w[1]
		}
	}
	return w[0]
}

func opsSortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// describe completes a message: statements, tables, structure changes.
func (s *opsSQLSummary) describe() string { return s.describeFor("the activity") }

// describeFor is describe for SQL run by what (the activity, the code).
func (s *opsSQLSummary) describeFor(what string) string {
	var b strings.Builder
	if len(s.verbs) > 0 {
		b.WriteString(" (" + strings.Join(opsSortedKeys(s.verbs), ", "))
		if len(s.tables) > 0 {
			b.WriteString(" on " + strings.Join(opsSortedKeys(s.tables), ", "))
		}
		b.WriteString(")")
	}
	if len(s.ddl) > 0 {
		b.WriteString("; it changes the structure of Campaign tables (" + strings.Join(opsSortedKeys(s.ddl), ", ") +
			"), which the migration rebuilds or converts: declare the change in a schema extension or drop it before the post-upgrade")
	} else {
		b.WriteString("; the post-upgrade does not check it: review it against the v7 data model and retest " + what)
	}
	return b.String()
}

func runWorkflowSQLCode(p *audit.Pass) {
	scripts := map[*xmltree.Element][]*acc.Script{}
	for _, s := range p.Scripts() {
		scripts[s.Code.Elem] = append(scripts[s.Code.Elem], s)
	}
	codes := p.Code()
	for _, a := range opsActivities(p.Entity.Root) {
		sum := newOpsSQLSummary()
		if a.LocalName() == "sql" {
			for _, c := range codes {
				if c.Lang == acc.SQL && a.Contains(c.Elem.Start) {
					sum.add(opsBlankSQLComments(opsTemplateText(c.Text)))
				}
			}
			opsEmitSQL(p, a.Start, a.Start+1+int64(len(a.Name)), sum, opsDescribeActivity(a)+" runs SQL code")
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
				opsSQLFunctionCalls(s, func(t *jsscan.Token) {
					calls[t.Text]++
					if first == nil {
						first, firstScript = t, s
					}
				})
				sum.addStrings(s)
			}
		}
		if first == nil {
			continue
		}
		var names []string
		for _, n := range opsSortedKeys(opsBoolKeys(calls)) {
			if calls[n] > 1 {
				names = append(names, fmt.Sprintf("%s() ×%d", n, calls[n]))
			} else {
				names = append(names, n+"()")
			}
		}
		s, e := audit.ValueRange(firstScript.JS.Span, first.Start, first.End)
		opsEmitSQL(p, s, e, sum, opsDescribeActivity(a)+" runs raw SQL through "+strings.Join(names, ", "))
	}
}

// opsSQLFunctionCalls calls fn for each call of a platform SQL function
// in a script (sqlExec(…), not obj.sqlExec(…) nor function sqlExec).
func opsSQLFunctionCalls(s *acc.Script, fn func(t *jsscan.Token)) {
	code := s.JS.Code()
	for i := 0; i+1 < len(code); i++ {
		t := code[i]
		if t.Kind != jsscan.Ident || !opsSQLCalls[t.Text] || code[i+1].Text != "(" {
			continue
		}
		if i > 0 && (code[i-1].Text == "." || code[i-1].Text == "function") {
			continue
		}
		fn(&code[i])
	}
}

// addStrings adds the SQL held by the string literals of a script.
func (s *opsSQLSummary) addStrings(sc *acc.Script) {
	for _, t := range sc.JS.Tokens {
		if t.Kind == jsscan.String && len(t.Text) >= 2 && opsIsSQLString(t.Text[1:len(t.Text)-1]) {
			s.add(t.Text[1 : len(t.Text)-1])
		}
	}
}

// opsIsSQLString reports whether a string literal holds SQL.
func opsIsSQLString(s string) bool {
	if !opsHasFold(s, "select", "insert", "update", "delete", "merge", "truncate", "create", "alter", "drop", "with", "nms", "xtk", "ncm") {
		return false
	}
	return opsSQLStart.MatchString(s) && opsSQLKeyword.MatchString(s) || sqlHasCampaignTable(s)
}

func opsBoolKeys(m map[string]int) map[string]bool {
	out := make(map[string]bool, len(m))
	for k := range m {
		out[k] = true
	}
	return out
}

// opsEmitSQL reports an activity's SQL, as a warning when it changes the
// structure of Campaign tables.
func opsEmitSQL(p *audit.Pass, start, end int64, sum *opsSQLSummary, what string) {
	f := p.Newf(start, end, "%s%s", what, sum.describe())
	if len(sum.ddl) > 0 {
		f.Severity = audit.SeverityWarning
	}
	p.Emit(f)
}
