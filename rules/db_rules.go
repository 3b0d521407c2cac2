package rules

import (
	"regexp"
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// SQL statements that change a table's structure outside Campaign. The
// table group accepts database prefixes and quotes ("public"."NmsRecipient",
// [dbo].[NmsRecipient]).
const schTableIdent = `((?:[\w"\[\]` + "`" + `]+\.)*["\[` + "`" + `]?[A-Za-z_]\w*["\]` + "`" + `]?)`

var (
	schAlterTable  = regexp.MustCompile(`(?i)\balter\s+table\s+(?:only\s+)?(?:if\s+exists\s+)?` + schTableIdent + `([^;]*)`)
	schCreateIndex = regexp.MustCompile(`(?i)\bcreate\s+(?:unique\s+)?(?:clustered\s+|nonclustered\s+|bitmap\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?` + schTableIdent + `\s+on\s+(?:only\s+)?` + schTableIdent)
	schCreateView  = regexp.MustCompile(`(?i)\bcreate\s+(?:or\s+replace\s+)?(?:(?:materialized|force|noforce|temp|temporary)\s+)?view\s+` + schTableIdent + `([^;]*)`)
	schAddColumn   = regexp.MustCompile(`(?i)^\s*add\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?["\[` + "`" + `]?(\w+)`)
	schTablespace  = regexp.MustCompile(`(?i)\btablespace\b`)
	schWord        = regexp.MustCompile(`[A-Za-z_]\w*`)
)

// schIsRecipientTable reports whether an SQL identifier names NmsRecipient.
func schIsRecipientTable(ident string) bool {
	return strings.EqualFold(schUnquoteIdent(ident), "NmsRecipient")
}

// schViewTables returns the words of a view body that name Campaign tables
// (Nms…, Xtk…, Ncm…, Crm… prefixes) and whether NmsRecipient is one of
// them.
func schViewTables(body string) (tables []string, recipient bool) {
	seen := map[string]bool{}
	for _, w := range schWord.FindAllString(body, -1) {
		l := strings.ToLower(w)
		if len(l) <= 3 || seen[l] {
			continue
		}
		switch l[:3] {
		case "nms", "xtk", "ncm", "crm":
			seen[l] = true
			tables = append(tables, w)
			if l == "nmsrecipient" {
				recipient = true
			}
		}
	}
	return tables, recipient
}

// RecipientStructureChanged flags SQL that changes the NmsRecipient table
// outside Campaign.
var RecipientStructureChanged = &audit.Rule{
	ID:        "DB-001",
	Name:      "recipient-table-changed-in-sql",
	Title:     "Structure of NmsRecipient changed directly in SQL",
	Severity:  audit.SeverityError,
	Precision: audit.PrecisionMedium,
	Category:  schCatDatabase,
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
		URL: schDocPlatform,
	},
	Effort: 2,
	Run:    runRecipientStructureChanged,
}

func runRecipientStructureChanged(p *audit.Pass) {
	if schIsHeader(p) || !p.Mentions("nmsrecipient") {
		return
	}
	for _, t := range schSQLTexts(p) {
		if !schContainsFold(t.text, "nmsrecipient") {
			continue
		}
		masked := schMaskSQL(t.text, true)
		for _, m := range schCreateView.FindAllStringSubmatchIndex(masked, -1) {
			body := masked[m[4]:m[5]]
			if _, rcp := schViewTables(body); !rcp {
				continue
			}
			p.ReportValue(t.span, m[0], m[3], "view %s over NmsRecipient created in %s: the migration rebuilds NmsRecipient and converts its dates, which fails while a view depends on it; drop the view before the migration and create it again after",
				schUnquoteIdent(masked[m[2]:m[3]]), t.where)
		}
		for _, m := range schAlterTable.FindAllStringSubmatchIndex(masked, -1) {
			if !schIsRecipientTable(masked[m[2]:m[3]]) {
				continue
			}
			rest := masked[m[4]:m[5]]
			switch {
			case schTablespace.MatchString(rest):
				schWarnRecipient(p, t, m[0], m[3], "", "a tablespace change of NmsRecipient in "+t.where+" is reset to the deployment wizard's values when the migration rebuilds the table")
			default:
				col := ""
				if c := schAddColumn.FindStringSubmatch(rest); c != nil {
					col = c[1]
				}
				what := "ALTER TABLE NmsRecipient in " + t.where
				if col != "" {
					what = "column " + col + " added to NmsRecipient in " + t.where
				}
				schWarnRecipient(p, t, m[0], m[3], col, what+": the migration rebuilds NmsRecipient from the schemas and drops what they do not declare; declare it in an nms:recipient extension")
			}
		}
		for _, m := range schCreateIndex.FindAllStringSubmatchIndex(masked, -1) {
			if !schIsRecipientTable(masked[m[4]:m[5]]) {
				continue
			}
			idx := schUnquoteIdent(masked[m[2]:m[3]])
			schWarnRecipientIndex(p, t, m[0], m[5], idx, "index "+idx+" created on NmsRecipient in "+t.where+
				": the migration rebuilds the table from the schemas and loses indexes they do not declare; declare a <dbindex> in an nms:recipient extension")
		}
	}
}

// schWarnRecipient reports a warning on a change of NmsRecipient, lowered
// to info when an extension of the scan declares the column.
func schWarnRecipient(p *audit.Pass, t schSQLText, i, j int, col, msg string) {
	s, e := audit.ValueRange(t.span, i, j)
	f := p.Newf(s, e, "%s", msg)
	f.Severity = audit.SeverityWarning
	if col == "" {
		p.Emit(f)
		return
	}
	lower := strings.ToLower(col)
	bare := strings.ToLower(schColumnField(col))
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		by := ix.Facts(schFactRcpColumn, lower)
		if len(by) == 0 && bare != "" {
			by = ix.Facts(schFactRcpColumn, bare)
		}
		if len(by) > 0 {
			f.Severity = audit.SeverityInfo
			f.Message += " (" + by[0] + " declares it: run the script only if the extension does not create it)"
		}
		return true
	})
}

// schWarnRecipientIndex is schWarnRecipient for an index.
func schWarnRecipientIndex(p *audit.Pass, t schSQLText, i, j int, idx, msg string) {
	s, e := audit.ValueRange(t.span, i, j)
	f := p.Newf(s, e, "%s", msg)
	f.Severity = audit.SeverityWarning
	lower := strings.ToLower(idx)
	short := strings.TrimPrefix(lower, "nmsrecipient_")
	p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
		by := ix.Facts(schFactRcpIndex, lower)
		if len(by) == 0 {
			by = ix.Facts(schFactRcpIndex, short)
		}
		if len(by) > 0 {
			f.Severity = audit.SeverityInfo
			f.Message += " (" + by[0] + " declares it)"
		}
		return true
	})
}

// schColumnField returns the field name a Campaign column name derives
// from: the column without its type prefix (sEmail → Email, tsCreated →
// Created), or "" when the name has no such prefix.
func schColumnField(col string) string {
	for _, pre := range []string{"ts", "s", "i", "d", "m", "b", "u"} {
		if len(col) > len(pre) && strings.HasPrefix(col, pre) && col[len(pre)] >= 'A' && col[len(pre)] <= 'Z' {
			return col[len(pre):]
		}
	}
	return ""
}

// NativeIndexRemoved flags extensions that delete indexes, keys or fields
// of built-in schemas.
var NativeIndexRemoved = &audit.Rule{
	ID:        "DB-002",
	Name:      "native-index-removed",
	Title:     "Index or field of a built-in table removed by an extension",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  schCatDatabase,
	Doc: audit.Doc{
		Rationale: "\"Do not remove native indexes from out-of-the-box tables.\" An extension of a built-in schema can " +
			"remove an inherited item with `_operation=\"delete\"`: a <dbindex> or <key> (the built-in queries and " +
			"purge workflows lose their index), an attribute or element (built-in screens and code may still read " +
			"the column). " +
			"Indexes and keys that another extension of the same schema in the scan declares are the customer's own " +
			"and are not reported; system filter removals are SCH-007.",
		Remediation: "Remove the `_operation=\"delete\"` entry and keep the native index; add the index you need beside " +
			"it (`<dbindex name=\"cusEmailLower\"><keyfield xpath=\"@email\"/></dbindex>`).",
		Bad: `<srcSchema name="broadLogRcp" namespace="cus" extendedSchema="nms:broadLogRcp" xtkschema="xtk:srcSchema">
  <element name="broadLogRcp">
    <dbindex name="eventDate" _operation="delete"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="broadLogRcp" namespace="cus" extendedSchema="nms:broadLogRcp" xtkschema="xtk:srcSchema">
  <element name="broadLogRcp">
    <dbindex name="cusEventDateAddr">
      <keyfield xpath="@eventDate"/>
      <keyfield xpath="@address"/>
    </dbindex>
  </element>
</srcSchema>`,
		URL: schDocIndexes,
	},
	Effort:  1,
	Schemas: []string{"xtk:srcSchema"},
	Run:     runNativeIndexRemoved,
}

func runNativeIndexRemoved(p *audit.Pass) {
	root := p.Entity.Root
	target, ok := schBuiltinExtension(root)
	if !ok {
		return
	}
	id := p.Entity.Namespace + ":" + p.Entity.Name
	root.Walk(func(el *xmltree.Element) bool {
		if el == root || !schDeleted(el) {
			return true
		}
		ln := el.LocalName()
		if strings.EqualFold(ln, "sysFilter") {
			return false
		}
		name := el.AttrValue("name")
		op := el.AttrNode("_operation")
		s, e := audit.AttrRange(op)
		switch ln {
		case "dbindex", "key":
			f := p.Newf(s, e, "extension %s removes the %s %s of the built-in %s: built-in queries and purges lose it; keep native indexes",
				id, ln, schOr(name, "(unnamed)"), target)
			key := strings.ToLower(target) + "|" + strings.ToLower(name)
			p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
				for _, by := range ix.Facts(schFactExtIndex, key) {
					if by != strings.ToLower(id) {
						return false // declared by a customer extension
					}
				}
				return true
			})
		case "attribute", "element":
			p.Reportf(s, e, "extension %s removes the %s %s of the built-in %s, which built-in screens, workflows and code may still use; keep it", id, ln, schOr(name, "(unnamed)"), target)
		}
		return false
	})
}

// NonUnicodeDatabase flags databases that are not Unicode.
var NonUnicodeDatabase = &audit.Rule{
	ID:        "DB-003",
	Name:      "non-unicode-database",
	Title:     "Database that is not Unicode",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatDatabase,
	Doc: audit.Doc{
		Rationale: "The migration keeps the database engine and its encoding: \"you cannot change your database engine " +
			"system\" and it is \"not possible to go from a non-Unicode database to a Unicode database\" during the " +
			"migration. The option XtkDatabaseId starts with u for Unicode databases; a server configuration may " +
			"also state unicodeData=\"false\" on the main data source. A non-Unicode source stays non-Unicode in v7, " +
			"which limits the characters of imported data, messages and web forms.",
		Remediation: "Plan the migration on the same engine and encoding; if Unicode is required, convert the database " +
			"in a separate project (new Unicode instance and data migration), before or after the version migration.",
		Bad: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:option">
    <option name="XtkDatabaseId" stringValue="m4D2A8B9C1E3F5A7B"/>
  </entities>
</package>`,
		Good: `<package buildNumber="8977" buildVersion="6.1">
  <entities schema="xtk:option">
    <option name="XtkDatabaseId" stringValue="u4D2A8B9C1E3F5A7B"/>
  </entities>
</package>`,
		URL: schDocBeforeMig,
	},
	Effort:  0.25,
	Schemas: []string{"xtk:option", acc.SchemaServerConf},
	Run:     runNonUnicodeDatabase,
}

func runNonUnicodeDatabase(p *audit.Pass) {
	if p.Entity.Schema == acc.SchemaServerConf {
		schMainDBConnections(p.Entity.Root, func(cnx *xmltree.Element) {
			if a := cnx.AttrNode("unicodeData"); a != nil && !schIsTrue(a.Value) && strings.TrimSpace(a.Value) != "" {
				p.ReportAttr(a, "the main database is configured with unicodeData=%q: it cannot become Unicode during the migration", a.Value)
			}
		})
		return
	}
	if strings.TrimSpace(p.Entity.Name) != "XtkDatabaseId" {
		return
	}
	v, s, e := schOptionValue(p)
	v = strings.TrimSpace(v)
	if v == "" || strings.HasPrefix(v, "u") {
		return
	}
	p.Reportf(s, e, "XtkDatabaseId %q does not start with u: the database is not Unicode and cannot become Unicode during the migration", v)
}

// schMainDBConnections calls fn for the <dbcnx> of the main data source
// (dataSource name="default", the default name) of a server
// configuration.
func schMainDBConnections(root *xmltree.Element, fn func(cnx *xmltree.Element)) {
	root.Walk(func(el *xmltree.Element) bool {
		if el.LocalName() != "dataSource" {
			return true
		}
		if n := strings.TrimSpace(el.AttrValue("name")); n != "" && n != "default" {
			return false
		}
		for _, c := range el.Elements() {
			if c.LocalName() == "dbcnx" {
				fn(c)
			}
		}
		return false
	})
}
