package db

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

var (
	alterTable  = regexp.MustCompile(`(?i)\balter\s+table\s+(?:only\s+)?(?:if\s+exists\s+)?` + srcschema.TableIdent + `([^;]*)`)
	createIndex = regexp.MustCompile(`(?i)\bcreate\s+(?:unique\s+)?(?:clustered\s+|nonclustered\s+|bitmap\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?` + srcschema.TableIdent + `\s+on\s+(?:only\s+)?` + srcschema.TableIdent)
)

var (
	addColumn  = regexp.MustCompile(`(?i)^\s*add\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?["\[` + "`" + `]?(\w+)`)
	tablespace = regexp.MustCompile(`(?i)\btablespace\b`)
)

// isRecipientTable reports whether an SQL identifier names NmsRecipient.
func isRecipientTable(ident string) bool {
	return strings.EqualFold(srcschema.UnquoteIdent(ident), "NmsRecipient")
}

// RecipientStructureChanged flags SQL that changes the NmsRecipient table
// outside Campaign.
var RecipientStructureChanged = &audit.Rule{
	ID:        "DB-001",
	Name:      "recipient-table-changed-in-sql",
	Title:     "Structure of NmsRecipient changed directly in SQL",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  area.Database,
	Doc: audit.Doc{
		Rationale: "\"During the migration, the NmsRecipient table is rebuilt from the schemas definition. Any change made " +
			"to the SQL structure of this table outside of Adobe Campaign will be lost\": columns and indexes that no " +
			"schema declares disappear, tablespaces go back to the deployment wizard's values, and \"if you have added " +
			"a reference view to the NmsRecipient table, you must delete it before migrating\" — a view also makes " +
			"the timestamp conversion fail. The rule reads SQL scripts (xtk:sql, SQL activities) and SQL written in " +
			"JavaScript strings (sqlExec(…)), comments and template blocks excluded: CREATE VIEW over NmsRecipient " +
			"is an error; ALTER TABLE NmsRecipient, CREATE INDEX … ON NmsRecipient and tablespace clauses are " +
			"warnings, downgraded to info when an nms:recipient extension of the scan declares the column or index. " +
			"Queries that only read the table are not reported.",
		Remediation: "Declare the columns and indexes in an extension of nms:recipient " +
			"(`<attribute name=\"loyalty\" sqlname=\"sLoyalty\" type=\"string\"/>`, `<dbindex name=\"loyalty\"><keyfield xpath=\"@loyalty\"/></dbindex>`) " +
			"and update the database structure from Campaign; drop views on NmsRecipient before the migration and " +
			"create them again after it.",
		Bad: `<sql name="recipientTuning.sql" namespace="cus" xtkschema="xtk:sql">
  <data><![CDATA[ALTER TABLE NmsRecipient ADD sLoyalty VARCHAR(20);
CREATE INDEX NmsRecipient_loyalty ON NmsRecipient (sLoyalty);]]></data>
</sql>`,
		Good: `<sql name="recipientReport.sql" namespace="cus" xtkschema="xtk:sql">
  <data><![CDATA[-- ALTER TABLE NmsRecipient was replaced by the cus:recipient extension
SELECT sEmail, tsCreated FROM NmsRecipient WHERE iBlackList = 0;]]></data>
</sql>`,
		URL: docs.Platform,
	},
	Effort:   2,
	Requires: []*audit.Collector{srcschema.SchemaCollector},
	Keywords: []string{"nmsrecipient"},
	Run:      runRecipientStructureChanged,
}

func runRecipientStructureChanged(p *audit.Pass) {
	if srcschema.IsHeader(p) {
		return
	}
	for _, t := range srcschema.SQLTexts(p) {
		if !srcschema.ContainsFold(t.Text, "nmsrecipient") {
			continue
		}
		masked := srcschema.MaskSQL(t.Text, true)
		for _, m := range srcschema.CreateView.FindAllStringSubmatchIndex(masked, -1) {
			body := masked[m[4]:m[5]]
			if _, rcp := srcschema.ViewTables(body); !rcp {
				continue
			}
			p.ReportValue(t.Span, m[0], m[3], "view %s over NmsRecipient created in %s: the migration rebuilds NmsRecipient and converts its dates, which fails while a view depends on it; drop the view before the migration and create it again after",
				srcschema.UnquoteIdent(masked[m[2]:m[3]]), t.Where)
		}
		for _, m := range alterTable.FindAllStringSubmatchIndex(masked, -1) {
			if !isRecipientTable(masked[m[2]:m[3]]) {
				continue
			}
			rest := masked[m[4]:m[5]]
			switch {
			case tablespace.MatchString(rest):
				warnRecipient(p, t, m[0], m[3], "", "a tablespace change of NmsRecipient in "+t.Where+" is reset to the deployment wizard's values when the migration rebuilds the table")
			default:
				col := ""
				if c := addColumn.FindStringSubmatch(rest); c != nil {
					col = c[1]
				}
				what := "ALTER TABLE NmsRecipient in " + t.Where
				if col != "" {
					what = "column " + col + " added to NmsRecipient in " + t.Where
				}
				warnRecipient(p, t, m[0], m[3], col, what+": the migration rebuilds NmsRecipient from the schemas and drops what they do not declare; declare it in an nms:recipient extension")
			}
		}
		for _, m := range createIndex.FindAllStringSubmatchIndex(masked, -1) {
			if !isRecipientTable(masked[m[4]:m[5]]) {
				continue
			}
			idx := srcschema.UnquoteIdent(masked[m[2]:m[3]])
			warnRecipientIndex(p, t, m[0], m[5], idx, "index "+idx+" created on NmsRecipient in "+t.Where+
				": the migration rebuilds the table from the schemas and loses indexes they do not declare; declare a <dbindex> in an nms:recipient extension")
		}
	}
}

// warnRecipient reports a warning on a change of NmsRecipient, lowered
// to info when an extension of the scan declares the column.
func warnRecipient(p *audit.Pass, t srcschema.SQLText, i, j int, col, msg string) {
	s, e := audit.ValueRange(t.Span, i, j)
	f := p.Newf(s, e, "%s", msg)
	f.Severity = audit.SeverityWarning
	if col == "" {
		p.Emit(f)
		return
	}
	lower := strings.ToLower(col)
	bare := strings.ToLower(columnField(col))
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		by := srcschema.RcpColumns.Values(ix, lower)
		if len(by) == 0 && bare != "" {
			by = srcschema.RcpColumns.Values(ix, bare)
		}
		if len(by) > 0 {
			f.Severity = audit.SeverityInfo
			f.Message += " (" + by[0] + " declares it: run the script only if the extension does not create it)"
		}
		return true
	})
}

// warnRecipientIndex is schWarnRecipient for an index.
func warnRecipientIndex(p *audit.Pass, t srcschema.SQLText, i, j int, idx, msg string) {
	s, e := audit.ValueRange(t.Span, i, j)
	f := p.Newf(s, e, "%s", msg)
	f.Severity = audit.SeverityWarning
	lower := strings.ToLower(idx)
	short := strings.TrimPrefix(lower, "nmsrecipient_")
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		by := srcschema.RcpIndexes.Values(ix, lower)
		if len(by) == 0 {
			by = srcschema.RcpIndexes.Values(ix, short)
		}
		if len(by) > 0 {
			f.Severity = audit.SeverityInfo
			f.Message += " (" + by[0] + " declares it)"
		}
		return true
	})
}

// columnField returns the field name a Campaign column name derives
// from: the column without its type prefix (sEmail → Email, tsCreated →
// Created), or "" when the name has no such prefix.
func columnField(col string) string {
	for _, pre := range []string{"ts", "s", "i", "d", "m", "b", "u"} {
		if len(col) > len(pre) && strings.HasPrefix(col, pre) && col[len(pre)] >= 'A' && col[len(pre)] <= 'Z' {
			return col[len(pre):]
		}
	}
	return ""
}
