package db

import (
	"strings"

	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/audit/acc"
	"github.com/acc-audit/acc-audit/audit/xmltree"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// NonUnicodeDatabase flags databases that are not Unicode.
var NonUnicodeDatabase = &audit.Rule{
	ID:        "DB-003",
	Name:      "non-unicode-database",
	Title:     "Database that is not Unicode",
	Severity:  audit.SeverityInfo,
	Precision: audit.PrecisionVeryHigh,
	Category:  area.Database,
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
		URL: docs.BeforeMig,
	},
	Effort:  0.25,
	Schemas: []string{"xtk:option", acc.SchemaServerConf},
	Run:     runNonUnicodeDatabase,
}

func runNonUnicodeDatabase(p *audit.Pass) {
	if p.Entity.Schema == acc.SchemaServerConf {
		srcschema.MainDBConnections(p.Entity.Root, func(cnx *xmltree.Element) {
			if a := cnx.AttrNode("unicodeData"); a != nil && !srcschema.IsTrue(a.Value) && strings.TrimSpace(a.Value) != "" {
				p.ReportAttr(a, "the main database is configured with unicodeData=%q: it cannot become Unicode during the migration", a.Value)
			}
		})
		return
	}
	if strings.TrimSpace(p.Entity.Name) != "XtkDatabaseId" {
		return
	}
	v, s, e := srcschema.OptionValue(p)
	v = strings.TrimSpace(v)
	if v == "" || strings.HasPrefix(v, "u") {
		return
	}
	p.Reportf(s, e, "XtkDatabaseId %q does not start with u: the database is not Unicode and cannot become Unicode during the migration", v)
}
