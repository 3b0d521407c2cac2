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
	Precision: audit.PrecisionMedium,
	Category:  area.V8,
	Targets:   v8Enterprise,
	Doc: audit.Doc{
		Rationale: "On Snowflake \"the main element of the schema must contain the **autouuid** and **autopk** " +
			"attributes set to **true**\": keys are UUIDs, not numbers from a sequence. A custom table (in the " +
			"local database or already on ffda) whose main element sets autopk=\"true\" without autouuid=\"true\" " +
			"keeps the numeric key v8 Enterprise does not generate. Tables bound to another federated account are " +
			"not reported; a technical table that stays in the local database may keep its numeric key (see V8-011), " +
			"hence the medium precision.",
		Remediation: "Set `autopk=\"true\" autouuid=\"true\"` on the main element, add a business key (`<key>`), and " +
			"replace code that relies on numeric ids; if the key named id is filled from outside, leave autouuid off " +
			"and declare the key.",
		Bad: `<srcSchema name="contract" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" name="contract"><attribute name="number" type="string" length="20"/></element>
</srcSchema>`,
		Good: `<srcSchema name="contract" namespace="cus" xtkschema="xtk:srcSchema">
  <element autopk="true" autouuid="true" name="contract"><attribute name="number" type="string" length="20"/></element>
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
		if ds := v8DataSource(p.Entity.Root, main); ds != "" && ds != v8FFDASource {
			return
		}
		a := main.AttrNode("autopk")
		if a == nil || !srcschema.IsTrue(a.Value) || srcschema.IsTrue(main.AttrValue("autouuid")) {
			return
		}
		p.ReportAttr(a, "%s generates numeric keys (autopk without autouuid): Snowflake tables of Campaign v8 Enterprise need autouuid=\"true\"", p.Entity.ID())
	},
}
