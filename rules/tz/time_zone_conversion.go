package tz

import (
	"regexp"
	"strings"
	_ "time/tzdata"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// tzOption matches the time-zone conversion option of the postupgrade
// command line, and the misspelling the documentation also prints.
var tzOption = regexp.MustCompile(`(?i)-(use|user)timestamptz(?::\s*([01]))?`)

// TimeZoneConversion flags the places that decide the multi-time-zone
// conversion of the database.
var TimeZoneConversion = &audit.Rule{
	ID:        "TZ-002",
	Name:      "time-zone-conversion",
	Title:     "Multi-time-zone conversion to plan",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionHigh,
	Category:  area.TimeZones,
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
		URL: docs.TZMulti,
	},
	Effort: 0.5,
	Run:    runTimeZoneConversion,
}

func runTimeZoneConversion(p *audit.Pass) {
	if p.Entity.Schema == acc.SchemaServerConf {
		srcschema.MainDBConnections(p.Entity.Root, func(cnx *xmltree.Element) {
			if a := cnx.AttrNode("useTimestampTZ"); a != nil && strings.TrimSpace(a.Value) != "" && !srcschema.IsTrue(a.Value) {
				p.ReportAttr(a, "the main database stores dates without time zone (useTimestampTZ=%q): plan the multi-time-zone conversion (-usetimestamptz:1) on an engine that supports it, after a backup", a.Value)
			}
		})
		return
	}
	if !p.Mentions("timestamptz") {
		return
	}
	srcschema.Sites(p, func(s srcschema.Site) {
		for _, m := range tzOption.FindAllStringSubmatchIndex(s.Text, -1) {
			if s.Skipped(m[0]) {
				continue
			}
			opt := s.Text[m[0]:m[1]]
			if strings.EqualFold(s.Text[m[2]:m[3]], "user") {
				p.ReportValue(s.Span, m[0], m[1], "%s in %s is the documentation's misspelling: nlserver expects -usetimestamptz:1", opt, s.Where())
				continue
			}
			if m[4] >= 0 && s.Text[m[4]:m[5]] == "0" {
				continue
			}
			p.ReportValue(s.Span, m[0], m[1], "%s in %s converts every date column to TIMESTAMP WITH TIME ZONE: it corrupts a database whose engine does not support it; check the engine and back up first", opt, s.Where())
		}
	})
}
