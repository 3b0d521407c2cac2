package v8

import (
	"github.com/acc-audit/acc-audit/audit"
	"github.com/acc-audit/acc-audit/rules/internal/area"
	"github.com/acc-audit/acc-audit/rules/internal/docs"
	"github.com/acc-audit/acc-audit/rules/internal/srcschema"
)

// V8TableKeys flags custom tables whose keys Snowflake cannot generate.
var V8TableKeys = &audit.Rule{
	ID:        "V8-012",
	Name:      "v8-table-key-without-autouuid",
	Title:     "Custom table with an auto-generated numeric key but no autouuid",
	Severity:  audit.SeverityWarning,
	Precision: audit.PrecisionHigh,
	Category:  area.V8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "On Snowflake \"the main element of the schema must contain the **autouuid** and **autopk** " +
			"attributes set to **true**\": keys are UUIDs, not numbers from a sequence. A custom table on ffda " +
			"(dataSource=\"nms:extAccount:ffda\") whose main element sets autopk=\"true\" without autouuid=\"true\" " +
			"keeps the numeric key v8 Enterprise does not generate. A table still in the local database is V8-011's: " +
			"whether it moves to Snowflake is one decision, and V8-011's message says that the move needs autouuid " +
			"(a technical table that stays local keeps its numeric key). Tables bound to another federated account " +
			"are not reported.",
		Remediation: "Set `autopk=\"true\" autouuid=\"true\"` on the main element, add a business key (`<key>`), and " +
			"replace code that relies on numeric ids; if the key named id is filled from outside, leave autouuid off " +
			"and declare the key.",
		Bad: `<srcSchema name="contract" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" dataSource="nms:extAccount:ffda" name="contract"><attribute name="number" type="string" length="20"/></element>
</srcSchema>`,
		Good: `<srcSchema name="contract" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" autouuid="true" dataSource="nms:extAccount:ffda" name="contract"><attribute name="number" type="string" length="20"/></element>
</srcSchema>`,
		URL: docs.Keys,
	},
	Effort:  2,
	Schemas: []string{"xtk:srcSchema"},
	Run: func(p *audit.Pass) {
		main := v8CustomTable(p)
		if main == nil {
			return
		}
		if v8DataSource(p.Entity.Root, main) != v8FFDASource {
			return // local: V8-011 decides where it lives, and says what a move needs
		}
		a := main.AttrNode("autopk")
		if a == nil || !srcschema.IsTrue(a.Value) || srcschema.IsTrue(main.AttrValue("autouuid")) {
			return
		}
		p.ReportAttr(a, "%s generates numeric keys (autopk without autouuid): Snowflake tables of Campaign v8 Enterprise need autouuid=\"true\"", p.Entity.ID())
	},
}
