package tz

import (
	"regexp"
	"strings"
	_ "time/tzdata"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/serverconf"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// calendarName matches field names that suggest a calendar day rather
// than an instant.
var calendarName = regexp.MustCompile(`(?i)birth|anniversar|dob$|day$`)

// DateTimeSemantics lists the date+time fields of custom schemas whose
// meaning changes with the multi-time-zone conversion.
var DateTimeSemantics = &audit.Rule{
	ID:        "TZ-006",
	Name:      "datetime-field-semantics",
	Title:     "Custom date+time fields reinterpreted by the time-zone conversion",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionMedium,
	Category:  area.TimeZones,
	Doc: audit.Doc{
		Rationale: "Campaign types \"datetime: dates + times\" and \"datetimenotz: date + time without time zone data\"; " +
			"-usetimestamptz:1 converts datetime columns to TIMESTAMP WITH TIME ZONE, so a value that was a local " +
			"wall-clock time (an imported business date, an opening time) is read as an instant after the " +
			"conversion and shifts by the UTC offset in displays, exports and filters. The rule lists, once per " +
			"custom schema or extension, the datetime and datetimetz fields stored in SQL columns, and points out " +
			"those whose name suggests a calendar day (birth date, anniversary). Calculated and XML-only fields, " +
			"fields that default to the current date (GetDate(): the time something happened, an instant the " +
			"conversion keeps right), " +
			"views, federated schemas and built-in schemas are left out, and so is everything when the serverConf.xml " +
			"of the scan shows a main database already storing dates with their time zone (useTimestampTZ=\"true\"): " +
			"there is no conversion to come (when no serverConf.xml of the scan tells, the message says so).",
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
		URL: docs.DataTypes,
	},
	Effort:  0.5,
	Schemas: []string{"xtk:srcSchema"},
	// A fact about the migration as a whole: once per export.
	Scope:    audit.ScopeExport,
	Requires: []*audit.Collector{serverconf.Collector},
	Run:      runDateTimeSemantics,
}

func runDateTimeSemantics(p *audit.Pass) {
	root := p.Entity.Root
	if srcschema.IsReserved(p.Entity.Namespace) || srcschema.Deleted(root) || srcschema.IsReference(root) ||
		srcschema.IsTrue(root.AttrValue("view")) || root.AttrValue("dataSource") != "" {
		return
	}
	if mt := strings.TrimSpace(root.AttrValue("mappingType")); mt != "" && !strings.EqualFold(mt, "sql") {
		return
	}
	var fields []*xmltree.Element
	for _, el := range srcschema.TopElements(root) {
		if el.AttrValue("dataSource") == "" {
			for _, f := range dateFields(el) {
				if !nowDefault(f.AttrValue("default")) {
					fields = append(fields, f)
				}
			}
		}
	}
	if len(fields) == 0 {
		return
	}
	names := names(fields)
	var calendar []string
	for _, n := range names {
		if calendarName.MatchString(n) {
			calendar = append(calendar, n)
		}
	}
	msg := "schema " + p.Entity.Key + " stores date+time fields converted to TIMESTAMP WITH TIME ZONE by -usetimestamptz:1 (" +
		strings.Join(names, ", ") + "): fields holding local wall-clock values will shift; type them datetimenotz"
	if len(calendar) > 0 {
		msg += "; " + strings.Join(calendar, ", ") + " look like calendar days: type date"
	}
	f := p.Newf(fields[0].Start, fields[0].Start+1+int64(len(fields[0].Name)), "%s", msg)
	p.Defer(f, conversionToCome)
}
