package tz

import (
	"strings"
	_ "time/tzdata"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// TimeZoneDatabasePrerequisites flags the database engines whose time-zone
// setup the migration depends on.
var TimeZoneDatabasePrerequisites = &audit.Rule{
	ID:        "TZ-005",
	Name:      "time-zone-database-prerequisites",
	Title:     "MySQL or Oracle time-zone prerequisites",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.TimeZones,
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
		URL: docs.TZOracle,
	},
	Effort:  1,
	Schemas: []string{acc.SchemaServerConf},
	Run:     runTimeZoneDatabasePrerequisites,
}

func runTimeZoneDatabasePrerequisites(p *audit.Pass) {
	srcschema.MainDBConnections(p.Entity.Root, func(cnx *xmltree.Element) {
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
