package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// V8CustomTable flags custom tables that v8 Enterprise would not keep in
// the cloud database.
var V8CustomTable = &audit.Rule{
	ID:        "V8-011",
	Name:      "v8-custom-table-not-in-snowflake",
	Title:     "Custom table schema without the Snowflake data source",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionMedium,
	Category:  area.V8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "On v8 Enterprise, \"Customer data is not stored in the local Campaign database. As a " +
			"consequence, any custom table needs to be create[d] in the Cloud database\", by \"adding the " +
			"`dataSource=\"nms:extAccount:ffda\"` attribute\". The rule reports a source schema of a customer " +
			"namespace that creates a table (not an extension, not a view, no data source). Some custom tables " +
			"are technical and may stay local, hence the medium precision. When the table generates numeric keys " +
			"(autopk without autouuid), the message adds what the move needs (autouuid, checked on Snowflake tables " +
			"by V8-012): one decision, one finding.",
		Remediation: "Decide where the table lives; for customer data add `dataSource=\"nms:extAccount:ffda\"` to the " +
			"main element (with `autopk=\"true\" autouuid=\"true\"`) and move its data during the transition.",
		Bad: `<srcSchema name="household" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" name="household"><attribute name="label" type="string" length="80"/></element>
</srcSchema>`,
		Good: `<srcSchema name="household" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" autouuid="true" dataSource="nms:extAccount:ffda" name="household"><attribute name="label" type="string" length="80"/></element>
</srcSchema>`,
		URL: docs.Create,
	},
	Effort:  2,
	Schemas: []string{"xtk:srcSchema"},
	Run: func(p *audit.Pass) {
		main := v8CustomTable(p)
		if main == nil || v8DataSource(p.Entity.Root, main) != "" {
			return
		}
		move := "add dataSource=\"nms:extAccount:ffda\""
		if srcschema.IsTrue(main.AttrValue("autopk")) && !srcschema.IsTrue(main.AttrValue("autouuid")) {
			// The key V8-012 checks on Snowflake tables: part of the move.
			move += " with autouuid=\"true\" beside its autopk (Snowflake keys are UUIDs)"
		}
		p.ReportElement(main, "%s creates a table in the local database: on Campaign v8 Enterprise customer data lives in Snowflake; "+
			"%s unless the table is technical", p.Entity.ID(), move)
	},
}
