package rules

import (
	"regexp"
	"sort"
	"strings"
	"time"
	_ "time/tzdata" // WdbcTimeZone values are checked against the tz database whatever the host has

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
)

// schDateColumn matches the Campaign date+time columns (tsCreated,
// tsLastModified), the ones -usetimestamptz:1 converts.
var schDateColumn = regexp.MustCompile(`(?i)\bts[a-z]\w*|\*`)

// ViewOverDateColumns flags database views over Campaign tables, which
// block the conversion of date columns to TIMESTAMP WITH TIME ZONE.
var ViewOverDateColumns = &audit.Rule{
	ID:        "TZ-001",
	Name:      "view-over-date-columns",
	Title:     "Database view over Campaign date columns",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  schCatTimeZones,
	Doc: audit.Doc{
		Rationale: "With -usetimestamptz:1 the postupgrade converts every date+time column (`ALTER TABLE … ALTER COLUMN " +
			"tsLog TYPE TIMESTAMPTZ`) and fails with \"cannot alter type of a column used by a view or rule\" when a " +
			"database view selects it. The rule reports CREATE VIEW statements in SQL scripts, SQL activities and " +
			"JavaScript strings whose body reads date columns (ts…, or *) of Campaign tables (Nms…, Xtk…, or a table " +
			"of a schema in the scan; views over NmsRecipient are DB-001), and schemas with view=\"true\" mapping a " +
			"table that no schema of the scan creates and exposing datetime fields: candidates, since the export " +
			"cannot tell whether that table is a view. Federated (dataSource) schemas and view=\"true\" mappings of " +
			"built-in or scanned tables are not reported.",
		Remediation: "Drop the view before the postupgrade and create it again afterwards, with its date columns read " +
			"as TIMESTAMP WITH TIME ZONE (`DROP VIEW cusActivity;` … postupgrade … `CREATE VIEW cusActivity AS …`).",
		Bad: `<sql name="activityView.sql" namespace="cus" xtkschema="xtk:sql">
  <data><![CDATA[CREATE OR REPLACE VIEW CusDeliveryActivity AS
  SELECT d.iDeliveryId, d.sLabel, b.tsEvent FROM NmsDelivery d JOIN NmsBroadLogRcp b ON b.iDeliveryId = d.iDeliveryId;]]></data>
</sql>`,
		Good: `<sql name="activityView.sql" namespace="cus" xtkschema="xtk:sql">
  <data><![CDATA[CREATE OR REPLACE VIEW CusDeliveryLabels AS
  SELECT d.iDeliveryId, d.sLabel FROM NmsDelivery d;]]></data>
</sql>`,
		URL: schDocTZMySQL,
	},
	Effort: 1,
	Run:    runViewOverDateColumns,
}

func runViewOverDateColumns(p *audit.Pass) {
	if schIsHeader(p) {
		return
	}
	if p.Entity.Schema == "xtk:srcSchema" {
		schViewSchema(p)
	}
	for _, t := range schSQLTexts(p) {
		if !schContainsFold(t.text, "view") {
			continue
		}
		masked := schMaskSQL(t.text, true)
		for _, m := range schCreateView.FindAllStringSubmatchIndex(masked, -1) {
			body := masked[m[4]:m[5]]
			if !schDateColumn.MatchString(body) {
				continue
			}
			tables, rcp := schViewTables(body)
			if rcp {
				continue // DB-001
			}
			view := schUnquoteIdent(masked[m[2]:m[3]])
			s, e := audit.ValueRange(t.span, m[0], m[3])
			if len(tables) > 0 {
				p.Reportf(s, e, "view %s over %s created in %s: the conversion of date columns to TIMESTAMPTZ fails while it exists; drop it before the postupgrade and recreate it after",
					view, strings.Join(tables, ", "), t.where)
				continue
			}
			words := map[string]string{} // lower case → as written
			for _, w := range schWord.FindAllString(body, -1) {
				words[strings.ToLower(w)] = w
			}
			f := p.Newf(s, e, "view %s created in %s", view, t.where)
			p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
				var hit []string
				for lower, w := range words {
					if ix.HasFact(schFactTable, lower) {
						hit = append(hit, w)
					}
				}
				if len(hit) == 0 {
					return false
				}
				sort.Strings(hit)
				f.Message += " reads the Campaign table " + strings.Join(hit, ", ") +
					": the conversion of date columns to TIMESTAMPTZ fails while it exists; drop it before the postupgrade and recreate it after"
				return true
			})
		}
	}
}

// schViewSchema reports a view="true" schema that maps a table of unknown
// nature and exposes date+time fields.
func schViewSchema(p *audit.Pass) {
	root := p.Entity.Root
	if !schIsTrue(root.AttrValue("view")) || root.AttrValue("dataSource") != "" || schDeleted(root) {
		return
	}
	for _, el := range schTopElements(root) {
		a := el.AttrNode("sqltable")
		if a == nil || el.AttrValue("dataSource") != "" {
			continue
		}
		if _, builtin := schBuiltinTable(a.Value); builtin {
			continue
		}
		fields := schNames(schDateFields(el))
		if len(fields) == 0 {
			continue
		}
		table := strings.ToLower(schUnquoteIdent(a.Value))
		s, e := audit.AttrRange(a)
		f := p.Newf(s, e, "schema %s maps %s with view=\"true\" and datetime fields (%s): if %s is a database view over Campaign tables, the conversion of date columns to TIMESTAMPTZ fails; drop it before the postupgrade and recreate it after",
			p.Entity.Key, schUnquoteIdent(a.Value), strings.Join(fields, ", "), schUnquoteIdent(a.Value))
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool { return !ix.HasFact(schFactTable, table) })
	}
}

// schDateFields returns the SQL date+time fields (type datetime or
// datetimetz, stored in a column rather than in an XML memo, not
// calculated, not deleted) declared under el.
func schDateFields(el *xmltree.Element) []*xmltree.Element {
	var out []*xmltree.Element
	el.Walk(func(c *xmltree.Element) bool {
		ln := c.LocalName()
		if ln != "attribute" && ln != "element" {
			return true
		}
		if schDeleted(c) {
			return false
		}
		inXML := schIsTrue(c.AttrValue("xml")) && !schIsTrue(c.AttrValue("sql"))
		t := strings.ToLower(strings.TrimSpace(c.AttrValue("type")))
		if (t == "datetime" || t == "datetimetz") && c.AttrValue("expr") == "" && !inXML {
			out = append(out, c)
		}
		// The fields of an XML-stored element live in its memo, not in columns.
		return !inXML
	})
	return out
}

// schNames returns the name attributes of elements.
func schNames(els []*xmltree.Element) []string {
	out := make([]string, len(els))
	for i, el := range els {
		out[i] = el.AttrValue("name")
	}
	return out
}

// schTZOption matches the time-zone conversion option of the postupgrade
// command line, and the misspelling the documentation also prints.
var schTZOption = regexp.MustCompile(`(?i)-(use|user)timestamptz(?::\s*([01]))?`)

// TimeZoneConversion flags the places that decide the multi-time-zone
// conversion of the database.
var TimeZoneConversion = &audit.Rule{
	ID:        "TZ-002",
	Name:      "time-zone-conversion",
	Title:     "Multi-time-zone conversion to plan",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  schCatTimeZones,
	Doc: audit.Doc{
		Rationale: "\"We strongly recommend that you transform your base to a multi timezone base\": the postupgrade " +
			"does it with -usetimestamptz:1, and \"if the -usetimestamptz:1 parameter is used with an incompatible " +
			"database engine, your database will be corrupted\". The rule reports a main data source configured with " +
			"useTimestampTZ set to false (dates stored without time zone), and command lines in scripts that pass the " +
			"option — including the documentation's misspelling -userTimestamptz, which nlserver does not know.",
		Remediation: "Check that the database engine supports TIMESTAMP WITH TIME ZONE, back the database up, then run " +
			"`nlserver config -postupgrade -instance:<name> -usetimestamptz:1` (spelled exactly so).",
		Bad: `<serverConf>
  <shared>
    <dataStore>
      <dataSource name="default">
        <dbcnx login="neolane" provider="PostgreSQL" server="db01" timezone="Europe/Paris" useTimestampTZ="false"/>
      </dataSource>
    </dataStore>
  </shared>
</serverConf>`,
		Good: `<serverConf>
  <shared>
    <dataStore>
      <dataSource name="default">
        <dbcnx login="neolane" provider="PostgreSQL" server="db01" timezone="Europe/Paris" useTimestampTZ="true"/>
      </dataSource>
    </dataStore>
  </shared>
</serverConf>`,
		URL: schDocTZMulti,
	},
	Effort: 0.5,
	Run:    runTimeZoneConversion,
}

func runTimeZoneConversion(p *audit.Pass) {
	if p.Entity.Schema == acc.SchemaServerConf {
		schMainDBConnections(p.Entity.Root, func(cnx *xmltree.Element) {
			if a := cnx.AttrNode("useTimestampTZ"); a != nil && strings.TrimSpace(a.Value) != "" && !schIsTrue(a.Value) {
				p.ReportAttr(a, "the main database stores dates without time zone (useTimestampTZ=%q): plan the multi-time-zone conversion (-usetimestamptz:1) on an engine that supports it, after a backup", a.Value)
			}
		})
		return
	}
	if !p.Mentions("timestamptz") {
		return
	}
	schSites(p, func(s schSite) {
		for _, m := range schTZOption.FindAllStringSubmatchIndex(s.text, -1) {
			if s.skipped(m[0]) {
				continue
			}
			opt := s.text[m[0]:m[1]]
			if strings.EqualFold(s.text[m[2]:m[3]], "user") {
				p.ReportValue(s.span, m[0], m[1], "%s in %s is the documentation's misspelling: nlserver expects -usetimestamptz:1", opt, s.where())
				continue
			}
			if m[4] >= 0 && s.text[m[4]:m[5]] == "0" {
				continue
			}
			p.ReportValue(s.span, m[0], m[1], "%s in %s converts every date column to TIMESTAMP WITH TIME ZONE: it corrupts a database whose engine does not support it; check the engine and back up first", opt, s.where())
		}
	})
}

// InstanceTimeZone checks the time zone of the instance.
var InstanceTimeZone = &audit.Rule{
	ID:        "TZ-003",
	Name:      "instance-time-zone",
	Title:     "Instance time zone to set for the postupgrade",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatTimeZones,
	Doc: audit.Doc{
		Rationale: "The option WdbcTimeZone holds the time zone of the instance, a tz database name (Europe/Paris); a " +
			"v5.11 postupgrade needs it on the command line (-timezone:<tz>), and \"changes carried out later may lead " +
			"to inconsistencies\". The rule reports a WdbcTimeZone option or a main data source timezone that is empty " +
			"or not a tz database name (whatever the source version), and, for a source known to be v5.11, the value " +
			"to pass to the postupgrade. Exports that " +
			"leave the option out are not reported: copying options between environments deliberately excludes it.",
		Remediation: "Set WdbcTimeZone once, to the tz database name of the instance (`<option name=\"WdbcTimeZone\" " +
			"stringValue=\"Europe/Paris\"/>`), and run the v5.11 postupgrade with `-timezone:Europe/Paris`.",
		Bad:  `<option name="WdbcTimeZone" stringValue="GMT+1" xtkschema="xtk:option"/>`,
		Good: `<option name="WdbcTimeZone" stringValue="Europe/Paris" xtkschema="xtk:option"/>`,
		URL:  schDocTZManagement,
	},
	Effort:  0.25,
	Schemas: []string{"xtk:option", acc.SchemaServerConf},
	Run:     runInstanceTimeZone,
}

// schValidTimeZone reports whether v names a zone of the tz database.
func schValidTimeZone(v string) bool {
	if v == "" || strings.EqualFold(v, "Local") {
		return false
	}
	_, err := time.LoadLocation(v)
	return err == nil
}

func runInstanceTimeZone(p *audit.Pass) {
	if p.Entity.Schema == acc.SchemaServerConf {
		schMainDBConnections(p.Entity.Root, func(cnx *xmltree.Element) {
			if a := cnx.AttrNode("timezone"); a != nil && strings.TrimSpace(a.Value) != "" && !schValidTimeZone(strings.TrimSpace(a.Value)) {
				p.ReportAttr(a, "the main data source time zone %q is not a tz database name (such as Europe/Paris)", a.Value)
			}
		})
		return
	}
	if strings.TrimSpace(p.Entity.Name) != "WdbcTimeZone" || schDeleted(p.Entity.Root) {
		return
	}
	v, s, e := schOptionValue(p)
	v = strings.TrimSpace(v)
	switch {
	case !schValidTimeZone(v):
		p.Reportf(s, e, "WdbcTimeZone %q is not a tz database name (such as Europe/Paris): set the instance time zone correctly once, before the postupgrade", v)
	case p.Version == audit.V511:
		p.Reportf(s, e, "v5.11 postupgrade: pass the instance time zone with -timezone:%s and do not change it afterwards", v)
	}
}

// Comparisons and conversions of date columns in raw SQL that depend on
// the time zone the values are stored in.
var (
	schTZLiteral   = regexp.MustCompile(`(?i)\b(ts[a-z]\w*)\s*(?:<=|>=|<>|!=|=|<|>|\bnot\s+between\b|\bbetween\b)\s*(?:timestamp\s+|date\s+|to_date\s*\(\s*|to_timestamp\s*\(\s*)?'\d{4}-\d{2}-\d{2}`)
	schTZLiteralR  = regexp.MustCompile(`(?i)'\d{4}-\d{2}-\d{2}[^']*'\s*\)?\s*(?:<=|>=|<>|!=|=|<|>)\s*(ts[a-z]\w*)\b`)
	schTZNow       = regexp.MustCompile(`(?i)\b(ts[a-z]\w*)\s*(?:<=|>=|<>|!=|=|<|>)\s*\(?\s*(now\s*\(\s*\)|getdate\s*\(\s*\)|sysdatetime\s*\(\s*\)|sysdate\b|current_timestamp\b|localtimestamp\b|current_date\b)`)
	schTZNowR      = regexp.MustCompile(`(?i)\b(now\s*\(\s*\)|getdate\s*\(\s*\)|sysdatetime\s*\(\s*\)|sysdate\b|current_timestamp\b|localtimestamp\b|current_date\b)[^;,()]*?(?:<=|>=|<>|!=|=|<|>)\s*(ts[a-z]\w*)\b`)
	schTZFormat    = regexp.MustCompile(`(?i)\b(?:to_char|date_format|trunc|date)\s*\(\s*(?:\w+\.)?(ts[a-z]\w*)\b|\bdate_trunc\s*\(\s*'[^']*'\s*,\s*(?:\w+\.)?(ts[a-z]\w*)\b|\bconvert\s*\(\s*\w+(?:\s*\(\s*\d+\s*\))?\s*,\s*(?:\w+\.)?(ts[a-z]\w*)\b|\bcast\s*\(\s*(?:\w+\.)?(ts[a-z]\w*)\s+as\s+date\b|\b(?:\w+\.)?(ts[a-z]\w*)\s*::\s*date\b|\bextract\s*\(\s*\w+\s+from\s+(?:\w+\.)?(ts[a-z]\w*)\b`)
	schTZPatterns  = []*regexp.Regexp{schTZLiteral, schTZLiteralR, schTZNow, schTZNowR, schTZFormat}
	schTZPatternOf = []string{
		"compared with a literal local date", "compared with a literal local date",
		"compared with the database server's clock", "compared with the database server's clock",
		"converted to a day or a text in the session time zone",
	}
)

// SQLLocalTime flags raw SQL that assumes dates are stored in local time.
var SQLLocalTime = &audit.Rule{
	ID:        "TZ-004",
	Name:      "sql-assumes-local-time",
	Title:     "Raw SQL assuming dates stored in local time",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  schCatTimeZones,
	Doc: audit.Doc{
		Rationale: "After the conversion to multi-time-zone (TIMESTAMP WITH TIME ZONE) — and already in v5.11 for XML " +
			"dates, \"now stored in UTC\" — a ts… column holds an instant, while \"if the database does not manage " +
			"multiple time zones … SQL queries must be executed in the time zone of the database server\". Raw SQL " +
			"that compares a ts… column with a literal date ('2019-06-01 00:00'), with the server clock (NOW(), " +
			"GETDATE(), SYSDATE, CURRENT_TIMESTAMP, CURRENT_DATE) or turns it into a day or a text (TO_CHAR, " +
			"CONVERT, ::date, CAST AS DATE, DATE_TRUNC, EXTRACT) shifts by the UTC offset once the storage changes. " +
			"Windows of a day or more around the clock (`NOW() - INTERVAL '7 days'`, `GETDATE() - 30`) are not " +
			"disturbed by an offset of hours and are not reported, nor is the clock assigned to a column " +
			"(`UPDATE … SET tsLastModified = NOW()` stores the current instant in either storage). The rule reads " +
			"SQL scripts, SQL activities and SQL in JavaScript strings, comments and template blocks excluded. It " +
			"is a heuristic: review each place.",
		Remediation: "Filter dates with XTK expressions and the built-in date functions in queries " +
			"(`<condition expr=\"@created >= SubDays(GetDate(), 30)\"/>`), or state the time zone in SQL " +
			"(`tsCreated >= TIMESTAMP WITH TIME ZONE '2019-06-01 00:00:00+02'`, `tsCreated AT TIME ZONE 'Europe/Paris'`).",
		Bad: `<workflow internalName="WKF_purge" label="Purge" xtkschema="xtk:workflow">
  <activities>
    <sql label="Purge" name="sql">
      <script>DELETE FROM CusOrder WHERE tsCreated &lt; '2019-01-01 00:00:00';</script>
    </sql>
  </activities>
</workflow>`,
		Good: `<workflow internalName="WKF_purge" label="Purge" xtkschema="xtk:workflow">
  <activities>
    <sql label="Purge" name="sql">
      <script>DELETE FROM CusOrder WHERE iStatus = 3; -- tsCreated &lt; '2019-01-01' was the old rule</script>
    </sql>
  </activities>
</workflow>`,
		URL: schDocTZOperating,
	},
	Effort: 0.5,
	Run:    runSQLLocalTime,
}

func runSQLLocalTime(p *audit.Pass) {
	if schIsHeader(p) {
		return
	}
	// inSetClause reports whether a match starts an assignment of the SET
	// list of an UPDATE: a SET keyword after the last WHERE and the last
	// statement end, then only earlier assignments.
	lastWord := func(s, w string) int {
		for to := len(s); ; {
			i := strings.LastIndex(s[:to], w)
			if i < 0 {
				return -1
			}
			if (i == 0 || !schIsWordByte(s[i-1])) && (i+len(w) == len(s) || !schIsWordByte(s[i+len(w)])) {
				return i
			}
			to = i
		}
	}
	inSetClause := func(before string) bool {
		before = strings.ToLower(before)
		set := lastWord(before, "set")
		if set < 0 || set < lastWord(before, "where") || set < strings.LastIndexByte(before, ';') {
			return false
		}
		// The column must be the target of an assignment of the list, not
		// part of an expression (SET a = CASE WHEN tsX = NOW() …).
		seg := before[set+len("set"):]
		if c := strings.LastIndexByte(seg, ','); c >= 0 {
			seg = seg[c+1:]
		}
		return strings.TrimSpace(seg) == ""
	}
	for _, t := range schSQLTexts(p) {
		if !schMayCompareDates(t.text) {
			continue
		}
		masked := schMaskSQL(t.text, false)
		seen := map[int]bool{}
		for k, re := range schTZPatterns {
			if !schTZHints[k](t.text) {
				continue
			}
			for _, m := range re.FindAllStringSubmatchIndex(masked, -1) {
				col, clock := "", ""
				for g := 1; 2*g+1 < len(m); g++ {
					if m[2*g] < 0 {
						continue
					}
					v := masked[m[2*g]:m[2*g+1]]
					if strings.HasPrefix(strings.ToLower(v), "ts") {
						col = v
					} else {
						clock = strings.ToLower(v)
					}
				}
				if seen[m[0]] || col == "" {
					continue
				}
				if re == schTZNow && !strings.HasPrefix(clock, "current_date") && schCoarseShift(masked[m[1]:]) {
					continue
				}
				// UPDATE … SET tsX = NOW() stores the current instant, right
				// in either storage: an assignment, not a comparison.
				if re == schTZNow && strings.Trim(masked[m[3]:m[4]], " \t\r\n(") == "=" && inSetClause(masked[:m[0]]) {
					continue
				}
				if re == schTZNowR && !strings.HasPrefix(clock, "current_date") && schCoarseShift(masked[m[3]:m[1]]) {
					continue
				}
				seen[m[0]] = true
				p.ReportValue(t.span, m[0], m[1], "date column %s %s in %s: the result shifts by the UTC offset once dates are stored with their time zone; review it", col, schTZPatternOf[k], t.where)
			}
		}
	}
}

// schTZHints are cheap tests that a text may match the pattern of the
// same index in schTZPatterns, which are slow to run on every SQL text.
var schTZHints = []func(string) bool{
	schHasDateLiteral, schHasDateLiteral, schHasClock, schHasClock,
	func(s string) bool {
		for _, w := range []string{"to_char", "date_format", "trunc", "date", "convert", "cast", "::", "extract"} {
			if schContainsFold(s, w) {
				return true
			}
		}
		return false
	},
}

// schMayCompareDates reports whether s names a ts… column at all.
func schMayCompareDates(s string) bool {
	for from := 0; ; {
		i := schIndexFold(s, "ts", from)
		if i < 0 {
			return false
		}
		if (i == 0 || !schIsWordByte(s[i-1])) && i+2 < len(s) && schLower(s[i+2]) >= 'a' && schLower(s[i+2]) <= 'z' {
			return true
		}
		from = i + 1
	}
}

// schHasDateLiteral reports whether s holds a quote followed by a digit.
func schHasDateLiteral(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '\'' && s[i+1] >= '0' && s[i+1] <= '9' {
			return true
		}
	}
	return false
}

// schHasClock reports whether s reads the database server's clock.
func schHasClock(s string) bool {
	for _, w := range []string{"now", "getdate", "sysdate", "current_", "localtimestamp"} {
		if schContainsFold(s, w) {
			return true
		}
	}
	return false
}

// schTZArith matches date arithmetic after the server clock: an interval,
// or a number of days (GETDATE() - 30, SYSDATE - 1).
var schTZArith = regexp.MustCompile(`(?i)^\s*[-+]\s*(?:interval\s*'([^']*)'\s*(\w+)?|(\d+(?:\.\d+)?)(\s*/)?)`)

// schCoarseShift reports whether s starts with arithmetic of a day or more:
// a window of days around the clock is not disturbed by a time-zone offset
// of a few hours, while an exact instant or an hourly window is.
func schCoarseShift(s string) bool {
	m := schTZArith.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	if m[3] != "" {
		return m[4] == "" // SYSDATE - 1/24 is an hour
	}
	unit := strings.ToLower(m[1] + " " + m[2])
	for _, u := range []string{"hour", "minute", "second"} {
		if strings.Contains(unit, u) {
			return false
		}
	}
	return true
}

// TimeZoneDatabasePrerequisites flags the database engines whose time-zone
// setup the migration depends on.
var TimeZoneDatabasePrerequisites = &audit.Rule{
	ID:        "TZ-005",
	Name:      "time-zone-database-prerequisites",
	Title:     "MySQL or Oracle time-zone prerequisites",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  schCatTimeZones,
	Doc: audit.Doc{
		Rationale: "The time-zone handling of the migration depends on the engine: a MySQL main database (only supported " +
			"when migrating from 6.02 or 5.11 on MySQL) needs its time-zone tables loaded (mysql_tzinfo_to_sql), and " +
			"Oracle stops the postupgrade with ORA-01805 when the time-zone files of the client and the server differ " +
			"(v$timezone_file, genezi -v, ORA_TZFILE). The rule reports a main data source of a server configuration " +
			"whose provider is MySQL or Oracle; nothing in an export shows whether the prerequisite is met.",
		Remediation: "MySQL: load the time-zone tables (`mysql_tzinfo_to_sql /usr/share/zoneinfo | mysql -u root mysql`) " +
			"before the postupgrade. Oracle: compare `select * from v$timezone_file` on the server with `genezi -v` on the " +
			"application server and align them (ORA_TZFILE).",
		Bad: `<serverConf>
  <shared>
    <dataStore>
      <dataSource name="default">
        <dbcnx login="neolane" provider="Oracle" server="ORA01"/>
      </dataSource>
    </dataStore>
  </shared>
</serverConf>`,
		Good: `<serverConf>
  <shared>
    <dataStore>
      <dataSource name="default">
        <dbcnx login="neolane" provider="PostgreSQL" server="db01"/>
      </dataSource>
    </dataStore>
  </shared>
</serverConf>`,
		URL: schDocTZOracle,
	},
	Effort:  1,
	Schemas: []string{acc.SchemaServerConf},
	Run:     runTimeZoneDatabasePrerequisites,
}

func runTimeZoneDatabasePrerequisites(p *audit.Pass) {
	schMainDBConnections(p.Entity.Root, func(cnx *xmltree.Element) {
		a := cnx.AttrNode("provider")
		if a == nil {
			return
		}
		switch strings.ToLower(strings.TrimSpace(a.Value)) {
		case "mysql":
			p.ReportAttr(a, "MySQL main database: load its time-zone tables (mysql_tzinfo_to_sql) before the postupgrade, or date conversions fail")
		case "oracle":
			p.ReportAttr(a, "Oracle main database: the time-zone files of the application server (genezi -v) and of the database (v$timezone_file) must match, or the postupgrade stops with ORA-01805")
		}
	})
}

// schCalendarName matches field names that suggest a calendar day rather
// than an instant.
var schCalendarName = regexp.MustCompile(`(?i)birth|anniversar|dob$|day$`)

// DateTimeSemantics lists the date+time fields of custom schemas whose
// meaning changes with the multi-time-zone conversion.
var DateTimeSemantics = &audit.Rule{
	ID:        "TZ-006",
	Name:      "datetime-field-semantics",
	Title:     "Custom date+time fields reinterpreted by the time-zone conversion",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  schCatTimeZones,
	Doc: audit.Doc{
		Rationale: "Campaign types \"datetime: dates + times\" and \"datetimenotz: date + time without time zone data\"; " +
			"-usetimestamptz:1 converts datetime columns to TIMESTAMP WITH TIME ZONE, so a value that was a local " +
			"wall-clock time (an imported business date, an opening time) is read as an instant after the " +
			"conversion and shifts by the UTC offset in displays, exports and filters. The rule lists, once per " +
			"custom schema or extension, the datetime and datetimetz fields stored in SQL columns, and points out " +
			"those whose name suggests a calendar day (birth date, anniversary). Calculated and XML-only fields, " +
			"views, federated schemas and built-in schemas are left out.",
		Remediation: "Type local values as `datetimenotz` (or `date` for a calendar day) — " +
			"`<attribute name=\"birthDate\" type=\"date\"/>` — and review the imports, exports and raw SQL that fill or " +
			"read them.",
		Bad: `<srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <attribute name="contractStart" label="Contract start" type="datetime"/>
  </element>
</srcSchema>`,
		Good: `<srcSchema name="recipient" namespace="cus" extendedSchema="nms:recipient" xtkschema="xtk:srcSchema">
  <element name="recipient">
    <attribute name="contractStart" label="Contract start" type="datetimenotz"/>
    <attribute name="lastScore" label="Last scoring" type="datetime" expr="GetDate()"/>
  </element>
</srcSchema>`,
		URL: schDocDataTypes,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:srcSchema"},
	// A fact about the migration as a whole: once per export.
	Scope: audit.ScopeExport,
	Run:   runDateTimeSemantics,
}

func runDateTimeSemantics(p *audit.Pass) {
	root := p.Entity.Root
	if schIsReserved(p.Entity.Namespace) || schDeleted(root) || schIsReference(root) ||
		schIsTrue(root.AttrValue("view")) || root.AttrValue("dataSource") != "" {
		return
	}
	if mt := strings.TrimSpace(root.AttrValue("mappingType")); mt != "" && !strings.EqualFold(mt, "sql") {
		return
	}
	var fields []*xmltree.Element
	for _, el := range schTopElements(root) {
		if el.AttrValue("dataSource") == "" {
			fields = append(fields, schDateFields(el)...)
		}
	}
	if len(fields) == 0 {
		return
	}
	names := schNames(fields)
	var calendar []string
	for _, n := range names {
		if schCalendarName.MatchString(n) {
			calendar = append(calendar, n)
		}
	}
	msg := "schema " + p.Entity.Key + " stores date+time fields converted to TIMESTAMP WITH TIME ZONE by -usetimestamptz:1 (" +
		strings.Join(names, ", ") + "): fields holding local wall-clock values will shift; type them datetimenotz"
	if len(calendar) > 0 {
		msg += "; " + strings.Join(calendar, ", ") + " look like calendar days: type date"
	}
	p.ReportElement(fields[0], "%s", msg)
}
