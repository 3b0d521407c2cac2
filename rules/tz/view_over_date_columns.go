package tz

import (
	"regexp"
	"sort"
	"strings"
	_ "time/tzdata"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// dateColumn matches the Campaign date+time columns (tsCreated,
// tsLastModified), the ones -usetimestamptz:1 converts, and a star of the
// select list (SELECT *, SELECT a, *, d.*), which reads them all. The star
// of COUNT(*) or of a product reads no column, so a view built only on
// such stars does not block the conversion.
var dateColumn = regexp.MustCompile(`(?i)\bts[a-z]\w*|(?:\bselect\s+(?:distinct\s+)?|,\s*|\w\.)\*`)

// ViewOverDateColumns flags database views over Campaign tables, which
// block the conversion of date columns to TIMESTAMP WITH TIME ZONE.
var ViewOverDateColumns = &audit.Rule{
	ID:        "TZ-001",
	Name:      "view-over-date-columns",
	Title:     "Database view over Campaign date columns",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.TimeZones,
	Doc: audit.Doc{
		Rationale: "With -usetimestamptz:1 the postupgrade converts every date+time column (`ALTER TABLE … ALTER COLUMN " +
			"tsLog TYPE TIMESTAMPTZ`) and fails with \"cannot alter type of a column used by a view or rule\" when a " +
			"database view selects it. The rule reports CREATE VIEW statements in SQL scripts, SQL activities and " +
			"JavaScript strings whose body reads date columns (ts…, or the * of a select list, not of COUNT(*)) of Campaign tables (Nms…, Xtk…, or a table " +
			"of a schema in the scan; views over NmsRecipient are DB-001), and schemas with view=\"true\" mapping a " +
			"table that no schema of the scan creates and exposing datetime fields: candidates, since the export " +
			"cannot tell whether that table is a view. Federated (dataSource) schemas and view=\"true\" mappings of " +
			"built-in or scanned tables are not reported, nor is anything when a serverConf.xml of the scan shows the " +
			"main database already on TIMESTAMP WITH TIME ZONE (useTimestampTZ=\"true\"): there is no conversion to " +
			"come; when no serverConf.xml of the scan tells, the message says so.",
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
		URL: docs.TZMySQL,
	},
	Effort:   1,
	Requires: []*audit.Collector{srcschema.SchemaCollector, serverconf.Collector},
	Run:      runViewOverDateColumns,
}

func runViewOverDateColumns(p *audit.Pass) {
	if srcschema.IsHeader(p) {
		return
	}
	if p.Entity.Schema == "xtk:srcSchema" {
		viewSchema(p)
	}
	for _, t := range srcschema.SQLTexts(p) {
		if !srcschema.ContainsFold(t.Text, "view") {
			continue
		}
		masked := srcschema.MaskSQL(t.Text, true)
		for _, m := range srcschema.CreateView.FindAllStringSubmatchIndex(masked, -1) {
			body := masked[m[4]:m[5]]
			if !dateColumn.MatchString(body) {
				continue
			}
			tables, rcp := srcschema.ViewTables(body)
			if rcp {
				continue // DB-001
			}
			view := srcschema.UnquoteIdent(masked[m[2]:m[3]])
			s, e := audit.ValueRange(t.Span, m[0], m[3])
			if len(tables) > 0 {
				p.Defer(p.Newf(s, e, "view %s over %s created in %s: the conversion of date columns to TIMESTAMPTZ fails while it exists; drop it before the postupgrade and recreate it after",
					view, strings.Join(tables, ", "), t.Where), conversionToCome)
				continue
			}
			words := map[string]string{} // lower case → as written
			for _, w := range srcschema.Word.FindAllString(body, -1) {
				words[strings.ToLower(w)] = w
			}
			f := p.Newf(s, e, "view %s created in %s", view, t.Where)
			p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
				var hit []string
				for lower, w := range words {
					if srcschema.Tables.Has(ix, lower) {
						hit = append(hit, w)
					}
				}
				if len(hit) == 0 {
					return false
				}
				sort.Strings(hit)
				f.Message += " reads the Campaign table " + strings.Join(hit, ", ") +
					": the conversion of date columns to TIMESTAMPTZ fails while it exists; drop it before the postupgrade and recreate it after"
				return conversionToCome(ix, f)
			})
		}
	}
}

// viewSchema reports a view="true" schema that maps a table of unknown
// nature and exposes date+time fields.
func viewSchema(p *audit.Pass) {
	root := p.Entity.Root
	if !srcschema.IsTrue(root.AttrValue("view")) || root.AttrValue("dataSource") != "" || srcschema.Deleted(root) {
		return
	}
	for _, el := range srcschema.TopElements(root) {
		a := el.AttrNode("sqltable")
		if a == nil || el.AttrValue("dataSource") != "" {
			continue
		}
		if _, builtin := srcschema.BuiltinTable(a.Value); builtin {
			continue
		}
		fields := names(dateFields(el))
		if len(fields) == 0 {
			continue
		}
		table := strings.ToLower(srcschema.UnquoteIdent(a.Value))
		s, e := audit.AttrRange(a)
		f := p.Newf(s, e, "schema %s maps %s with view=\"true\" and datetime fields (%s): if %s is a database view over Campaign tables, the conversion of date columns to TIMESTAMPTZ fails; drop it before the postupgrade and recreate it after",
			p.Entity.Key, srcschema.UnquoteIdent(a.Value), strings.Join(fields, ", "), srcschema.UnquoteIdent(a.Value))
		p.Defer(f, func(ix *audit.Index, f *audit.Finding) bool {
			return !srcschema.Tables.Has(ix, table) && conversionToCome(ix, f)
		})
	}
}
