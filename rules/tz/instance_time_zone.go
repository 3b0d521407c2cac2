package tz

import (
	"strings"
	"time"
	_ "time/tzdata"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// InstanceTimeZone checks the time zone of the instance.
var InstanceTimeZone = &audit.Rule{
	ID:        "TZ-003",
	Name:      "instance-time-zone",
	Title:     "Instance time zone to set for the postupgrade",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.TimeZones,
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
		URL:  docs.TZManagement,
	},
	Effort:  0.25,
	Schemas: []string{"xtk:option", acc.SchemaServerConf},
	Run:     runInstanceTimeZone,
}

// validTimeZone reports whether v names a zone of the tz database.
func validTimeZone(v string) bool {
	if v == "" || strings.EqualFold(v, "Local") {
		return false
	}
	_, err := time.LoadLocation(v)
	return err == nil
}

func runInstanceTimeZone(p *audit.Pass) {
	if p.Entity.Schema == acc.SchemaServerConf {
		srcschema.MainDBConnections(p.Entity.Root, func(cnx *xmltree.Element) {
			if a := cnx.AttrNode("timezone"); a != nil && strings.TrimSpace(a.Value) != "" && !validTimeZone(strings.TrimSpace(a.Value)) {
				p.ReportAttr(a, "the main data source time zone %q is not a tz database name (such as Europe/Paris)", a.Value)
			}
		})
		return
	}
	if strings.TrimSpace(p.Entity.Name) != "WdbcTimeZone" || srcschema.Deleted(p.Entity.Root) {
		return
	}
	v, s, e := srcschema.OptionValue(p)
	v = strings.TrimSpace(v)
	switch {
	case !validTimeZone(v):
		p.Reportf(s, e, "WdbcTimeZone %q is not a tz database name (such as Europe/Paris): set the instance time zone correctly once, before the postupgrade", v)
	case p.Version == audit.V511:
		p.Reportf(s, e, "v5.11 postupgrade: pass the instance time zone with -timezone:%s and do not change it afterwards", v)
	}
}
